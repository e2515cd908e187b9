"""The municipality register: every kommune and fylkeskommune with its period of validity.

Municipalities merge, split and get new numbers (most numbers changed on 1 January 2024), so a
row is one municipality *in one period*: a past cycle keeps pointing at the row that was valid
then, and `predecessors` lets the history be followed across a change.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class MunicipalityKind(models.TextChoices):
    KOMMUNE = "kommune", _("municipality")
    FYLKESKOMMUNE = "fylkeskommune", _("county municipality")


# Counties without a county municipality of their own, and the municipality nominated instead:
# Oslo is a county in SSB's lists (03), but the municipality of Oslo (0301) has the county
# municipality's tasks too. «Oslo fylkeskommune» does not exist and cannot be nominated.
NOMINATED_AS = {"03": "0301"}


def can_be_nominated(number: str, kind: str) -> bool:
    return not (kind == MunicipalityKind.FYLKESKOMMUNE and number in NOMINATED_AS)


# SSB's numbering: 4 digits for a kommune (the first two are its county's), 2 for a county.
NUMBER_LENGTH = {MunicipalityKind.KOMMUNE: 4, MunicipalityKind.FYLKESKOMMUNE: 2}


def display_name(name: str, kind: str) -> str:
    """The name as a sentence uses it: "Sømna", "Telemark county municipality". For lists
    read as plain values; Municipality.display_name is the same for a row."""
    if kind == MunicipalityKind.FYLKESKOMMUNE:
        return _("%(name)s county municipality") % {"name": name}
    return name


def split_numbers(text: str) -> list[str]:
    """The numbers in a list such as "3005;3006" (how the register files name predecessors)."""
    return [part.strip() for part in text.replace(",", ";").split(";") if part.strip()]


class MunicipalityQuerySet(models.QuerySet):
    def valid_on(self, day: date):
        """Rows valid on that day."""
        return self.valid_between(day, day)

    def valid_between(self, start: date, end: date | None):
        """Rows valid at some time from start to end, both included (end None: open-ended)."""
        rows = self.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start))
        return rows if end is None else rows.filter(valid_from__lte=end)

    def valid_in(self, year: int):
        """Rows valid at any time in that year.

        A cycle belongs to a year, so this is what the wizard offers. In a year with a change in
        the middle both the old and the new row are offered (none so far: SSB's changes take
        effect on 1 January).
        """
        return self.valid_between(date(year, 1, 1), date(year, 12, 31))

    def kommuner(self):
        return self.filter(kind=MunicipalityKind.KOMMUNE)

    def fylkeskommuner(self):
        return self.filter(kind=MunicipalityKind.FYLKESKOMMUNE)

    def nominable(self):
        """Rows that can be nominated: not a county without a county municipality (Oslo)."""
        return self.filter(is_nominable=True)

    def search(self, term: str):
        """Rows whose name contains the term (any case) or whose number starts with it."""
        term = term.strip()
        if not term:
            return self
        matches = Q(number__startswith=term)
        # SQLite folds case for ASCII letters only, so "ørland" would miss "Ørland" there. SSB's
        # names capitalise only word starts, so trying the term in these cases finds them on
        # every database (PostgreSQL's icontains folds all letters by itself).
        for variant in {term, term.lower(), term.upper(), term.title()}:
            matches |= Q(name__icontains=variant)
        return self.filter(matches)


class Municipality(models.Model):
    number = models.CharField(
        _("number"),
        max_length=4,
        # Text, not an integer: "0301" is Oslo, and 301 is no municipality.
        validators=[
            RegexValidator(
                r"^[0-9]{2}([0-9]{2})?$",
                _("Enter 4 digits for a municipality or 2 for a county municipality, e.g. 0301."),
            )
        ],
        help_text=_("As Statistics Norway (SSB) numbers it, with leading zeros."),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("As Statistics Norway (SSB) spells it.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=13,
        choices=MunicipalityKind.choices,
        default=MunicipalityKind.KOMMUNE,
    )
    county = models.ForeignKey(
        "self",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
        limit_choices_to={"kind": MunicipalityKind.FYLKESKOMMUNE},
        help_text=_("The county municipality of the same period. Empty for a county."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Empty while it still exists.")
    )
    predecessors = models.ManyToManyField(
        "self",
        verbose_name=_("predecessors"),
        symmetrical=False,
        related_name="successors",
        blank=True,
        help_text=_("The municipalities this one replaced, e.g. under their old numbers."),
    )
    # The predecessors as the register file names them. Kept so that the links can be made
    # whichever period is imported first (see nominations.register_import.link_predecessors).
    predecessor_numbers = models.CharField(
        _("predecessors' numbers"),
        max_length=100,
        blank=True,
        help_text=_(
            "As given in the imported file, separated by «;»; linked to the municipalities "
            "with those numbers on the day before this one's period starts."
        ),
    )
    is_nominable = models.BooleanField(
        _("can be nominated"),
        default=True,
        db_default=True,
        help_text=_(
            "Off for a county without a county municipality of its own: Oslo is nominated as "
            "the municipality 0301. Set by the register import."
        ),
    )
    contact_email = models.EmailField(
        _("contact e-mail"),
        blank=True,
        help_text=_(
            "Set by the secretariat. The municipality is told here when someone else nominates it."
        ),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ("number", "valid_from")
        constraints = [
            # Two rows with the same number must not overlap; these catch the grossest case in
            # the database, clean() checks the rest.
            models.UniqueConstraint(
                fields=("number", "valid_from"), name="municipality_number_once_per_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="municipality_period_in_order",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(kind=MunicipalityKind.KOMMUNE, county__isnull=False)
                | Q(kind=MunicipalityKind.FYLKESKOMMUNE, county__isnull=True),
                name="municipality_county_only_for_kommune",
                violation_error_message=_(
                    "A municipality lies in a county; a county municipality lies in none."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.number})"

    @property
    def display_name(self) -> str:
        """The name as a sentence uses it: "Sømna", "Telemark county municipality"."""
        return display_name(self.name, self.kind)

    @property
    def predecessor_number_list(self) -> list[str]:
        return split_numbers(self.predecessor_numbers)

    def is_valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)

    def clean(self):
        super().clean()
        errors = {}
        for check in (self._check_number, self._check_county, self._check_period):
            try:
                check()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def _check_number(self):
        length = NUMBER_LENGTH.get(self.kind)
        if length and self.number and len(self.number) != length:
            raise ValidationError(
                {
                    "number": _(
                        "A %(kind)s has a %(length)d-digit number; «%(number)s» is not one."
                    )
                    % {"kind": self.get_kind_display(), "length": length, "number": self.number}
                }
            )

    def _check_county(self):
        if self.kind == MunicipalityKind.FYLKESKOMMUNE:
            if self.county_id:
                raise ValidationError({"county": _("A county municipality has no county.")})
            return
        county = self.county
        if county is None:
            raise ValidationError({"county": _("Give the county the municipality belongs to.")})
        if county.kind != MunicipalityKind.FYLKESKOMMUNE:
            raise ValidationError({"county": _("The county must be a county municipality.")})
        if self.number and not self.number.startswith(county.number):
            raise ValidationError(
                {
                    "county": _(
                        "Municipality %(number)s cannot lie in county %(county)s: the first two "
                        "digits of a municipality's number are its county's number."
                    )
                    % {"number": self.number, "county": county}
                }
            )
        if self.valid_from and not _covers(county, self.valid_from, self.valid_until):
            raise ValidationError(
                {"county": _("%(county)s is not valid for the whole period.") % {"county": county}}
            )

    def _check_period(self):
        if not self.valid_from or not self.number:
            return
        if self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("The period ends before it starts.")})
        clash = (
            Municipality.objects.filter(number=self.number)
            .exclude(pk=self.pk)
            .valid_between(self.valid_from, self.valid_until)
            .first()
        )
        if clash:
            raise ValidationError(
                {
                    "number": _(
                        "Number %(number)s belongs to %(other)s from %(start)s to %(end)s; two "
                        "municipalities cannot have the same number at the same time."
                    )
                    % {
                        "number": self.number,
                        "other": clash.name,
                        "start": clash.valid_from.isoformat(),
                        "end": clash.valid_until.isoformat() if clash.valid_until else "…",
                    }
                }
            )


def _covers(county: Municipality, start: date, end: date | None) -> bool:
    """Whether the county is valid for the whole of the period start–end (None: open)."""
    if county.valid_from > start:
        return False
    if county.valid_until is None:
        return True
    return end is not None and end <= county.valid_until
