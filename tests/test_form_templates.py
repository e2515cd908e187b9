"""The form templates written in Python (config/form_templates.py) give the very markup of the
templates they stand for: every field of the project's forms, empty, filled in and with errors,
is rendered both ways and compared character for character."""

from pathlib import Path

import django
import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from accounts.forms import CodeForm
from config.form_templates import TWINS
from config.forms import FormRenderer
from nominations import forms as nomination_forms
from nominations.models import NominatorKind
from scoring.review_forms import CommentForm, ReviewForm

DJANGO_TEMPLATES = Path(django.__file__).parent / "forms" / "templates"
PROJECT_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


class TemplatesOnly(FormRenderer):
    """The project's renderer with every template rendered as a template."""

    def render(self, template_name, context, request=None):
        return TemplatesSetting.render(self, template_name, context, request)


def both_ways(make_form):
    """(twins, templates): the HTML of every part of every field of the form, each way."""
    rendered = []
    for renderer in (FormRenderer(), TemplatesOnly()):
        form = make_form(renderer)
        form.is_bound and form.is_valid()
        parts = [str(form.non_field_errors())]
        for field in form:
            parts += [field.as_field_group(), str(field), field.label_tag(), str(field.errors)]
        rendered.append(parts)
    return rendered


@pytest.mark.parametrize("name", sorted(TWINS))
def test_each_twin_stands_for_the_template_in_use(name):
    """A twin of one of Django's templates is right only while the project does not override
    that template; our own field group is the project's template."""
    origin = Path(get_template(name).origin.name)
    expected = PROJECT_TEMPLATES if name.startswith("forms/") else DJANGO_TEMPLATES
    assert origin.is_relative_to(expected)


class EveryWidget(forms.Form):
    """A field of each kind the twins write, with what makes their markup differ."""

    text = forms.CharField(label="Name & <title>", help_text="As it is <b>written</b>.")
    optional = forms.CharField(label="Optional", required=False, disabled=True)
    email = forms.EmailField(label="E-mail")
    number = forms.DecimalField(label="Weight", required=False, localize=True)
    link = forms.URLField(label="Link", required=False, assume_scheme="https")
    secret = forms.CharField(label="Password?", widget=forms.PasswordInput, required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label="Note", widget=forms.Textarea(attrs={"rows": 3, "data-x": '"q"'}), required=False
    )
    choice = forms.ChoiceField(
        label="Choice",
        choices=[("", "None"), ("a", "A & B"), ("b", mark_safe("<em>B</em>"))],
        widget=forms.RadioSelect(attrs={"class": "inline"}),
        required=False,
    )
    grouped = forms.ChoiceField(
        label="Grouped",
        choices=[("Group", [("x", "X"), ("y", "Y")]), ("z", "Z")],
        widget=forms.RadioSelect,
        required=False,
    )
    many = forms.MultipleChoiceField(
        label="Many",
        choices=[("1", "One"), ("2", "Two")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Any of them.",
    )
    plain = forms.ChoiceField(label="Select", choices=[("1", "One")], required=False)
    listed = forms.ChoiceField(
        label="Listed",
        choices=[("", "All & any"), ("Group <1>", [("x", "X"), ("y", "Y")]), (3, "Three")],
        required=False,
    )
    several = forms.MultipleChoiceField(
        label="Several",
        choices=[("1", "One"), ("2", mark_safe("<b>Two</b>"))],
        widget=forms.SelectMultiple(attrs={"size": 2}),
        required=False,
    )

    def clean(self):
        raise forms.ValidationError("The whole form <is> wrong.")


ANSWERS = {
    "text": "Ola <Nordmann>",
    "email": "not an address",
    "number": "2,5",
    "note": "Line one\n<b>two</b> & three",
    "choice": "b",
    "many": ["1", "2"],
    "hidden": "h",
    "listed": "y",
    "several": ["2"],
}


@pytest.mark.parametrize("data", [None, ANSWERS, {"many": ["3"], "choice": "nope"}])
@pytest.mark.parametrize("auto_id", ["id_%s", "", "field-%s"])
def test_every_widget_is_written_as_its_template_writes_it(data, auto_id):
    twins, templates = both_ways(
        lambda renderer: EveryWidget(data, auto_id=auto_id, renderer=renderer)
    )
    assert twins == templates


@pytest.fixture
def cycle(open_cycle):
    return open_cycle


def review_data(cycle, bad=False):
    data = {"version": "0", "overall_comment": "Sterk <søknad> & godt forankret."}
    for criterion in cycle.criteria.all():
        data[f"c{criterion.pk}-score"] = "9" if bad else "3"
        data[f"c{criterion.pk}-evidence"] = "documented"
        data[f"c{criterion.pk}-comment"] = "x" * (5001 if bad else 10)
    return data


@pytest.mark.parametrize("state", ["empty", "filled in", "with errors"])
def test_the_review_form_is_written_as_its_templates_write_it(cycle, state):
    criteria = list(cycle.criteria.prefetch_related("scale_points").order_by("position"))
    data = None if state == "empty" else review_data(cycle, bad=state == "with errors")
    twins, templates = both_ways(
        lambda renderer: ReviewForm(data, criteria=criteria, renderer=renderer)
    )
    assert twins == templates
    if state == "with errors":
        assert any('aria-invalid="true"' in part for part in twins)


@pytest.mark.parametrize("data", [None, {"text": ""}, {"text": "<b>Godt</b>"}])
def test_the_discussion_form_is_written_as_its_templates_write_it(data):
    twins, templates = both_ways(lambda renderer: CommentForm(data, renderer=renderer))
    assert twins == templates


NOMINATOR = {
    "nominator_name": "Kari <Nordmann>",
    "nominator_email": "kari@",
    "nominator_phone": "12",
    "nominator_kind": NominatorKind.ORGANISATION,
}


@pytest.mark.parametrize("data", [None, NOMINATOR])
def test_the_nomination_steps_are_written_as_their_templates_write_them(cycle, data):
    criteria = list(cycle.criteria.order_by("position"))
    steps = [
        lambda r: nomination_forms.CandidateForm(data, cycle=cycle, renderer=r),
        lambda r: nomination_forms.NominatorForm(data, renderer=r),
        lambda r: nomination_forms.ReasonForm(data, cycle=cycle, renderer=r),
        lambda r: nomination_forms.CriteriaForm(data, cycle=cycle, criteria=criteria, renderer=r),
    ]
    for make_form in steps:
        twins, templates = both_ways(make_form)
        assert twins == templates


def test_the_login_code_form_is_written_as_its_templates_write_it():
    twins, templates = both_ways(
        lambda renderer: CodeForm({"code": ""}, check=lambda code: None, renderer=renderer)
    )
    assert twins == templates
