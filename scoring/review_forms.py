"""The review form and the discussion form of the candidate page. They read and check what is
posted; the rules for storing it are in reviews.py."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import EvidenceMark
from .reviews import Entry

# The fields of one criterion are named c<criterion pk>-<part>.
CRITERION_FIELD = re.compile(r"^c(\d+)-(score|comment|evidence)$")
COMMENT_MAX_LENGTH = 5000


class ReviewForm(forms.Form):
    """A score, a comment and an evidence mark per criterion, and an overall comment. The whole
    review is posted every time (by the save button and by each autosave alike)."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    overall_comment = forms.CharField(
        label=_("Overall comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What stands out about the candidate as a whole."),
    )

    def __init__(self, *args, criteria, review=None, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.criterion_pks = {c.pk for c in self.criteria}
        scores = {s.criterion_id: s for s in review.scores.all()} if review else {}
        self.fields["version"].initial = review.version if review else 0
        self.fields["overall_comment"].initial = review.overall_comment if review else ""
        for criterion in self.criteria:
            points = list(criterion.scale_points.all())
            score = scores.get(criterion.pk)
            values = [p.value for p in points]
            self.fields[f"c{criterion.pk}-score"] = forms.TypedChoiceField(
                label=_("Score"),
                choices=[(p.value, f"{p.value} – {p.description}") for p in points],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect,
                initial=score.value if score else None,
                error_messages={
                    # Formatted here: the field's own message only knows the value posted.
                    "invalid_choice": _("Choose one of the points on the scale (%(low)s–%(high)s).")
                    % {"low": min(values, default="–"), "high": max(values, default="–")}
                },
            )
            self.fields[f"c{criterion.pk}-evidence"] = forms.ChoiceField(
                label=_("What the material shows"),
                choices=[("", _("Not marked")), *EvidenceMark.choices],
                required=False,
                widget=forms.RadioSelect,
                initial=score.evidence if score else "",
            )
            self.fields[f"c{criterion.pk}-comment"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=score.comment if score else "",
            )

    def clean(self):
        cleaned = super().clean()
        # A criterion of another cycle (or an id made up) is refused outright, not ignored.
        for key in self.data:
            match = CRITERION_FIELD.match(key)
            if match and int(match[1]) not in self.criterion_pks:
                raise ValidationError(
                    _(
                        "The form names a criterion that is not part of this cycle. "
                        "Reload the page and try again."
                    ),
                    code="foreign_criterion",
                )
        return cleaned

    def rows(self):
        """Per criterion, its fields in the order the page shows them."""
        for criterion in self.criteria:
            yield {
                "criterion": criterion,
                "score": self[f"c{criterion.pk}-score"],
                "evidence": self[f"c{criterion.pk}-evidence"],
                "comment": self[f"c{criterion.pk}-comment"],
            }

    def entries(self) -> dict:
        data = self.cleaned_data
        return {
            c.pk: Entry(
                value=data.get(f"c{c.pk}-score"),
                comment=data.get(f"c{c.pk}-comment", "").strip(),
                evidence=data.get(f"c{c.pk}-evidence", ""),
            )
            for c in self.criteria
        }

    def with_version(self, version: int) -> "ReviewForm":
        """The same form as typed, based on another version: after a conflict, saving again
        replaces what is stored, knowingly."""
        data = self.data.copy()
        data["version"] = str(version)
        form = ReviewForm(data, criteria=self.criteria)
        form.is_valid()
        return form


class CommentForm(forms.Form):
    text = forms.CharField(
        label=_("Write a comment to the jury"),
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the comment before posting it.")},
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        kwargs.setdefault("prefix", "discussion")
        super().__init__(*args, **kwargs)
