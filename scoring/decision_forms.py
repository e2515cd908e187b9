"""The forms of the result page: the finalists and the winner, the jury's texts, the readability
target and the unlock. They read and check what is posted; the rules are in decision.py."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from . import decision


class ChoiceForm(forms.Form):
    """A finalist checkbox and a winner radio per candidate; the page shows them as a table."""

    finalists = forms.TypedMultipleChoiceField(
        label=_("Finalists"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    winner = forms.TypedChoiceField(
        label=_("Winner"), coerce=int, required=False, empty_value=None, widget=forms.RadioSelect
    )

    def __init__(self, *args, cycle, candidates, result=None, **kwargs):
        """candidates: every eligible candidate of the cycle, in rank order."""
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.cycle = cycle
        self.candidates = list(candidates)
        self.by_pk = {c.pk: c for c in self.candidates}
        choices = [(c.pk, c.municipality.display_name) for c in self.candidates]
        self.fields["finalists"].choices = choices
        self.fields["winner"].choices = choices
        if result is not None:
            self.fields["finalists"].initial = [
                f.candidate_id for f in decision.finalists_of(result)
            ]
            self.fields["winner"].initial = result.winner_id

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        chosen = set(cleaned.get("finalists") or [])
        # In rank order, whatever order the boxes were posted in.
        cleaned["finalists"] = [c for c in self.candidates if c.pk in chosen]
        cleaned["winner"] = self.by_pk.get(cleaned.get("winner"))
        try:
            decision.validate_choice(self.cycle, cleaned["finalists"], cleaned["winner"])
        except ValidationError as error:
            for name, errors in error.error_dict.items():
                self.add_error(name, errors)
        return cleaned

    def chosen_pks(self) -> set[int]:
        """The finalists ticked (as posted, or as stored), to keep them on the page."""
        values = self["finalists"].value() or []
        return {int(v) for v in values if str(v).isdigit()}

    def rows(self, shown):
        """(candidate, finalist box, winner radio) for the candidates shown, in their order."""
        boxes = {int(w.data["value"]): w for w in self["finalists"]}
        radios = {int(w.data["value"]): w for w in self["winner"]}
        return [(c, boxes[c.pk], radios[c.pk]) for c in shown if c.pk in boxes]


def _criteria_choices(criteria):
    return [(c.pk, f"{c.position}. {c.title}") for c in criteria]


class TextsForm(forms.Form):
    """The justification and a paragraph per finalist, each with the criteria it cites."""

    digest = forms.CharField(widget=forms.HiddenInput)
    justification = forms.CharField(
        label=_("The jury's justification"),
        required=False,
        max_length=decision.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Why the winner won, for everyone to read: short sentences, everyday words, and "
            "what the municipality does rather than what it is."
        ),
    )
    justification_criteria = forms.TypedMultipleChoiceField(
        label=_("Criteria the justification speaks to"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, criteria, finalists, result=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.criteria_by_pk = {c.pk: c for c in self.criteria}
        self.finalists = list(finalists)
        choices = _criteria_choices(self.criteria)
        self.fields["justification_criteria"].choices = choices
        if result is not None:
            self.fields["digest"].initial = decision.text_digest(result)
            self.fields["justification"].initial = result.justification
            self.fields["justification_criteria"].initial = [
                c.pk for c in result.justification_criteria.all()
            ]
        for finalist in self.finalists:
            name = finalist.candidate.municipality.display_name
            self.fields[f"p{finalist.pk}-paragraph"] = forms.CharField(
                label=_("The jury's paragraph on %(name)s") % {"name": name},
                required=False,
                max_length=decision.TEXT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 6}),
                initial=finalist.paragraph,
            )
            self.fields[f"p{finalist.pk}-criteria"] = forms.TypedMultipleChoiceField(
                label=_("Criteria the paragraph on %(name)s speaks to") % {"name": name},
                coerce=int,
                required=False,
                choices=choices,
                widget=forms.CheckboxSelectMultiple,
                initial=[c.pk for c in finalist.criteria.all()],
            )

    def _criteria(self, pks):
        return [self.criteria_by_pk[pk] for pk in pks]

    def texts(self) -> decision.Texts:
        data = self.cleaned_data
        return decision.Texts(
            justification=data["justification"],
            justification_criteria=self._criteria(data["justification_criteria"]),
            paragraphs={
                f.pk: (data[f"p{f.pk}-paragraph"], self._criteria(data[f"p{f.pk}-criteria"]))
                for f in self.finalists
            },
        )

    def with_digest(self, digest: str) -> "TextsForm":
        """The same form as typed, based on the texts now stored: after a save from another
        window, saving again replaces them, knowingly."""
        data = self.data.copy()
        data["digest"] = digest
        form = TextsForm(data, criteria=self.criteria, finalists=self.finalists)
        form.is_valid()
        return form


class TargetForm(forms.Form):
    lix_target = forms.IntegerField(
        label=_("Readability target (LIX)"),
        min_value=decision.LIX_TARGET_RANGE[0],
        max_value=decision.LIX_TARGET_RANGE[1],
        help_text=_("The justification must not be harder to read than this. 40 is the default."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class UnlockForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is the result unlocked?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Kept in the record with your name and the time."),
        error_messages={"required": _("Write why the result is unlocked.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("prefix", "unlock")
        super().__init__(*args, **kwargs)

    def clean_reason(self):
        try:
            return decision.check_unlock_reason(self.cleaned_data["reason"])
        except ValidationError as error:
            raise ValidationError(error.message_dict["reason"]) from error
