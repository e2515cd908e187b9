"""The nomination form's steps. Each is an ordinary Django form; wizard.py strings them
together and keeps what is typed in the database."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Attachment, Municipality, MunicipalityKind, NominatorKind
from .uploads import ALLOWED_LABEL, MAX_FILES_PER_NOMINATION, validate_upload
from .validators import normalise_organisation_number, validate_organisation_number


class StepForm(forms.Form):
    """A form of the nomination steps: labels without a trailing colon, as Norwegian forms
    write them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.number})"


class CandidateForm(StepForm):
    municipality = MunicipalityChoiceField(
        label=_("Municipality or county municipality"),
        queryset=Municipality.objects.none(),
        empty_label=_("Choose a municipality or county municipality"),
        help_text=_("Type to find it by name or number, e.g. «Sømna» or «1812»."),
        error_messages={
            "required": _("Choose the municipality or county municipality you nominate."),
            "invalid_choice": _(
                "That municipality cannot be nominated this year. Choose one from the list."
            ),
        },
    )

    def __init__(self, *args, cycle, nomination=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = cycle.eligible_municipalities().order_by("kind", "name")
        if nomination is not None and nomination.is_municipality_material:
            # The municipality adds to its own candidacy: nothing else to choose.
            queryset = queryset.filter(pk=nomination.municipality_id)
        self.fields["municipality"].queryset = queryset

    def grouped_choices(self, municipalities=None):
        """Options grouped as the select shows them: county municipalities, then the rest."""
        if municipalities is None:
            municipalities = self.fields["municipality"].queryset
        groups = {MunicipalityKind.FYLKESKOMMUNE: [], MunicipalityKind.KOMMUNE: []}
        for municipality in municipalities:
            groups[municipality.kind].append(municipality)
        return [
            (_("County municipalities"), groups[MunicipalityKind.FYLKESKOMMUNE]),
            (_("Municipalities"), groups[MunicipalityKind.KOMMUNE]),
        ]


class NominatorForm(StepForm):
    nominator_name = forms.CharField(
        label=_("Your name"), max_length=200, error_messages={"required": _("Write your name.")}
    )
    nominator_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send the link to your nomination and the receipt here."),
        error_messages={
            "required": _("Write your e-mail address."),
            "invalid": _("Write a valid e-mail address, e.g. ola.nordmann@kommune.no."),
        },
    )
    nominator_phone = forms.CharField(label=_("Phone (optional)"), max_length=30, required=False)
    nominator_kind = forms.ChoiceField(
        label=_("You nominate as"),
        choices=NominatorKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who you nominate as.")},
    )
    organisation_name = forms.CharField(
        label=_("Name of the organisation"), max_length=200, required=False
    )
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=20,
        required=False,
        help_text=_("9 digits, as in the Brønnøysund Register Centre."),
    )

    def __init__(self, *args, nomination=None, **kwargs):
        super().__init__(*args, **kwargs)
        if nomination is not None and nomination.is_municipality_material:
            self.fields["nominator_kind"].choices = [
                (NominatorKind.MUNICIPALITY, NominatorKind.MUNICIPALITY.label)
            ]

    def clean_nominator_phone(self):
        phone = self.cleaned_data["nominator_phone"].strip()
        digits = phone.replace(" ", "").replace("+", "").replace("-", "")
        if phone and (not digits.isdigit() or not 8 <= len(digits) <= 15):
            raise ValidationError(_("Write a phone number with 8 digits, e.g. 912 34 567."))
        return phone

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("nominator_kind") == NominatorKind.ORGANISATION:
            if not cleaned.get("organisation_name", "").strip():
                self.add_error("organisation_name", _("Write the name of the organisation."))
            number = cleaned.get("organisation_number", "")
            if not number.strip():
                self.add_error(
                    "organisation_number", _("Write the organisation's organisation number.")
                )
            else:
                try:
                    validate_organisation_number(number)
                except ValidationError as error:
                    self.add_error("organisation_number", error)
                else:
                    cleaned["organisation_number"] = normalise_organisation_number(number)
        elif cleaned.get("organisation_number", "").strip():
            # Given without being asked for: checked all the same, a wrong number helps no one.
            try:
                validate_organisation_number(cleaned["organisation_number"])
            except ValidationError as error:
                self.add_error("organisation_number", error)
        return cleaned


class ReasonForm(StepForm):
    reason = forms.CharField(
        label=_("Why do you nominate this candidate?"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("A short reason: what makes the municipality a good candidate."),
        error_messages={"required": _("Write a short reason for the nomination.")},
    )

    def __init__(self, *args, cycle, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.max_length = cycle.reason_max_length
        field.widget.attrs["data-max-length"] = cycle.reason_max_length
        field.validators.append(_max_length_validator(cycle.reason_max_length))


def _max_length_validator(limit):
    def check(value):
        if len(value) > limit:
            raise ValidationError(
                _(
                    "The text is %(length)d characters; at most %(limit)d are allowed. "
                    "Shorten it by %(over)d characters."
                ),
                params={"length": len(value), "limit": limit, "over": len(value) - limit},
                code="max_length",
            )

    return check


class CriteriaForm(StepForm):
    """One answer per criterion, each with optional evidence: a link or a file."""

    def __init__(self, *args, cycle, criteria, nomination=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.nomination = nomination
        existing = {}
        if nomination is not None:
            existing = {a.criterion_id: a for a in nomination.attachments.all() if a.criterion_id}
        self.existing_evidence = existing
        for criterion in self.criteria:
            key = criterion.pk
            answer = forms.CharField(
                label=criterion.question,
                required=False,
                widget=forms.Textarea(
                    attrs={"rows": 6, "data-max-length": cycle.answer_max_length}
                ),
            )
            answer.validators.append(_max_length_validator(cycle.answer_max_length))
            self.fields[f"answer_{key}"] = answer
            self.fields[f"evidence_url_{key}"] = forms.URLField(
                label=_("Link to evidence (optional)"),
                required=False,
                max_length=500,
                assume_scheme="https",
                error_messages={
                    "invalid": _("Write a whole web address, e.g. https://kommune.no/vedtak.")
                },
            )
            self.fields[f"evidence_file_{key}"] = forms.FileField(
                label=_("Or a file as evidence (optional)"),
                required=False,
                allow_empty_file=True,  # refused by validate_upload, with the file's name
            )
            if key in existing:
                self.fields[f"remove_evidence_{key}"] = forms.BooleanField(
                    label=_("Remove «%(name)s»") % {"name": existing[key].original_name},
                    required=False,
                )

    def rows(self):
        """Per criterion, its fields in the order the page shows them."""
        for criterion in self.criteria:
            key = criterion.pk
            yield {
                "criterion": criterion,
                "answer": self[f"answer_{key}"],
                "evidence_url": self[f"evidence_url_{key}"],
                "evidence_file": self[f"evidence_file_{key}"],
                "existing": self.existing_evidence.get(key),
                "remove": self[f"remove_evidence_{key}"] if key in self.existing_evidence else None,
            }

    def evidence_stored(self, criterion, attachment):
        """A file of this post stored while the step as a whole was refused: the page shows
        it as the criterion's evidence file."""
        key = criterion.pk
        self.existing_evidence[key] = attachment
        self.fields[f"remove_evidence_{key}"] = forms.BooleanField(
            label=_("Remove «%(name)s»") % {"name": attachment.original_name}, required=False
        )

    def clean(self):
        cleaned = super().clean()
        new_files = 0
        # The files that passed their checks, kept even when another field is refused.
        self.accepted_evidence = {}
        for criterion in self.criteria:
            name = f"evidence_file_{criterion.pk}"
            upload = cleaned.get(name)
            if upload:
                try:
                    kind = validate_upload(upload)
                except ValidationError as error:
                    self.add_error(name, error)
                else:
                    cleaned[f"evidence_type_{criterion.pk}"] = kind
                    self.accepted_evidence[criterion.pk] = (upload, kind)
                if criterion.pk not in self.existing_evidence:
                    new_files += 1
        if self.nomination is not None and new_files:
            _check_file_count(self, self.nomination, new_files, field=None)
        return cleaned


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True}))
        kwargs.setdefault("allow_empty_file", True)  # refused by validate_upload, with its name
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class AttachmentsForm(StepForm):
    files = MultipleFileField(label=_("Add files"), required=False)
    remove = forms.ModelMultipleChoiceField(
        label=_("Remove"),
        queryset=Attachment.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, nomination=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted here, in the visitor's language: at import it would stay in one language.
        self.fields["files"].help_text = _(
            "%(types)s; at most 10 MB each and %(count)d files in all. You can choose several "
            "files at once."
        ) % {"types": ALLOWED_LABEL, "count": MAX_FILES_PER_NOMINATION}
        self.nomination = nomination
        if nomination is not None:
            self.fields["remove"].queryset = nomination.attachments.filter(criterion=None)
        self.fields["remove"].label_from_instance = lambda a: a.original_name

    def clean_files(self):
        files = self.cleaned_data["files"]
        errors, accepted = [], []
        for upload in files:
            try:
                accepted.append((upload, validate_upload(upload)))
            except ValidationError as error:
                errors.append(error)
        # Kept even when another file is refused: the wizard stores them all the same.
        self.accepted_files = accepted
        if errors:
            raise ValidationError(errors)
        return accepted

    def clean(self):
        cleaned = super().clean()
        if self.nomination is not None and cleaned.get("files"):
            removed = len(cleaned.get("remove") or [])
            _check_file_count(self, self.nomination, len(cleaned["files"]) - removed, "files")
        return cleaned


def _check_file_count(form, nomination, adding, field):
    """Said at once, before the files are stored; services.change_attachments counts again
    under a lock when it stores them."""
    present = nomination.attachments.count()
    if present + adding > MAX_FILES_PER_NOMINATION:
        form.add_error(field, file_count_error(present, adding))


def file_count_error(present, adding):
    return _(
        "A nomination can have at most %(max)d files; it has %(present)d, and you "
        "tried to add %(adding)d."
    ) % {"max": MAX_FILES_PER_NOMINATION, "present": present, "adding": adding}


class ReviewForm(StepForm):
    consent = forms.BooleanField(
        label=_(
            "I have read the privacy statement and agree that KS and Frivillighet Norge store "
            "and use what I have written to run the award."
        ),
        error_messages={
            "required": _("Tick the box to give your consent, or we cannot receive the nomination.")
        },
    )


STEP_FORMS = {
    "kandidat": CandidateForm,
    "innsender": NominatorForm,
    "begrunnelse": ReasonForm,
    "kriterier": CriteriaForm,
    "vedlegg": AttachmentsForm,
    "oppsummering": ReviewForm,
}

STEP_TITLES = {
    "kandidat": _("Candidate"),
    "innsender": _("About you"),
    "begrunnelse": _("Reason"),
    "kriterier": _("Criteria"),
    "vedlegg": _("Attachments"),
    "oppsummering": _("Review and send"),
}

# What each form needs from the wizard besides its data.
NEEDS = {
    CandidateForm: ("cycle", "nomination"),
    NominatorForm: ("nomination",),
    ReasonForm: ("cycle",),
    CriteriaForm: ("cycle", "criteria", "nomination"),
    AttachmentsForm: ("nomination",),
    ReviewForm: (),
}
