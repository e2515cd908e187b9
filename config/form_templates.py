"""The smallest form templates, written in Python: Django's widget, label and error templates and
our field group (templates/forms/field.html), each giving the very markup its template gives.

Django renders every field through several templates: the field group, its label, its error
list, the widget, and for a choice widget several more per option (radio.html,
multiple_input.html, radio_option.html, input_option.html, input.html, attrs.html). Each costs a
template render, and the jury's review form — a score and an evidence mark of 4–6 options per
criterion, a comment and a field group for each — made them most of the candidate page's time.

config.forms.FormRenderer looks a template's name up in TWINS and uses the function found; a
function may return None for a case it does not write (a choice widget with an option template
of its own), and the template is then rendered as usual. tests/test_form_templates.py holds each
twin to its template's output for the project's forms, and fails if the project ever overrides
one of Django's templates named here (the twin would then stand for a template not in use).
"""

import html

from django.template import Context
from django.template.base import render_value_in_context
from django.utils.safestring import SafeString

from .markup import escape_text  # {{ value|stringformat:'s' }}: the same

# The context a template's {{ value }} sees from a form renderer: autoescape on, the active
# language's number formats, the current time zone.
_CONTEXT = Context()


def _text(value) -> str:
    """{{ value }}: localized and escaped as a template writes it. Text, most of what a form
    writes, goes the short way: escaped, or as it is when it is safe already."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, SafeString):
        return value
    return render_value_in_context(value, _CONTEXT)


def attrs(attributes) -> str:
    """django/forms/widgets/attrs.html (and django/forms/attrs.html): in order, True as a bare
    name, False left out, anything else as name="value"."""
    if not attributes:
        return ""
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{escape_text(value)}"'
        for name, value in attributes.items()
        if value is not False
    )


def _input(widget) -> str:
    """django/forms/widgets/input.html: text, e-mail, number, hidden … and each radio button."""
    value = widget["value"]
    value_attr = "" if value is None else f' value="{escape_text(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{value_attr}{attrs(widget['attrs'])}>"
    )


def input_widget(context) -> str:
    return _input(context["widget"])


def textarea(context) -> str:
    """django/forms/widgets/textarea.html."""
    widget = context["widget"]
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{attrs(widget["attrs"])}>\n{value}</textarea>'


_OPTION_TEMPLATES = {
    "django/forms/widgets/radio_option.html",
    "django/forms/widgets/checkbox_option.html",
}


def _choice_option(option) -> str:
    """radio_option.html / checkbox_option.html through input_option.html, as included by
    multiple_input.html (each include keeps its file's last newline)."""
    if not option["wrap_label"]:
        return f"{_input(option)}\n\n"
    option_id = option["attrs"].get("id")
    label_for = f' for="{_text(option_id)}"' if option_id else ""
    return f"<label{label_for}>{_input(option)}\n {_text(option['label'])}</label>\n\n"


def multiple_input(context) -> str | None:
    """django/forms/widgets/multiple_input.html: radio buttons and checkboxes."""
    widget = context["widget"]
    options = [option for _group, group_options, _index in widget["optgroups"]
               for option in group_options]  # fmt: skip
    if any(option["template_name"] not in _OPTION_TEMPLATES for option in options):
        return None  # a widget with an option template of its own
    outer = widget["attrs"]
    html = ["<div"]
    if outer.get("id"):
        html.append(f' id="{_text(outer["id"])}"')
    if outer.get("class"):
        html.append(f' class="{_text(outer["class"])}"')
    html.append(">")
    for group, group_options, _index in widget["optgroups"]:
        if group:
            html.append(f"\n  <div><label>{_text(group)}</label>")
        html.extend(f"<div>\n    {_choice_option(option)}</div>" for option in group_options)
        if group:
            html.append("\n  </div>")
    html.append("\n</div>")
    return "".join(html)


def select(context) -> str | None:
    """django/forms/widgets/select.html with select_option.html: a drop-down list (each
    included option keeps its file's last newline)."""
    widget = context["widget"]
    html = [f'<select name="{_text(widget["name"])}"{attrs(widget["attrs"])}>']
    for group, group_options, _index in widget["optgroups"]:
        if group:
            html.append(f'\n  <optgroup label="{_text(group)}">')
        for option in group_options:
            if option["template_name"] != "django/forms/widgets/select_option.html":
                return None  # a widget with an option template of its own
            html.append(
                f'\n  <option value="{escape_text(option["value"])}"{attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def label(context) -> str:
    """django/forms/label.html: a field's <label>."""
    if not context["use_tag"]:
        return _text(context["label"])
    tag = _text(context["tag"])
    return f"<{tag}{attrs(context['attrs'])}>{_text(context['label'])}</{tag}>"


def error_list(context) -> str:
    """django/forms/errors/list/default.html and ul.html: a field's or form's errors."""
    errors = context["errors"]
    if not errors:
        return ""
    field_id = f' id="{_text(errors.field_id)}_error"' if errors.field_id else ""
    items = "".join(f"<li>{_text(error)}</li>" for error in errors)
    return f'<ul class="{_text(context["error_class"])}"{field_id}>{items}</ul>'


def field_group(context) -> str:
    """templates/forms/field.html: a field with its label (a legend for a group of radio
    buttons), help text and errors."""
    field = context["field"]
    classes = "field"
    if field.errors:
        classes += " field--error"
    if field.widget_type:
        classes += f" field--{_text(field.widget_type)}"
    if field.use_fieldset:
        described = field.aria_describedby
        described = f' aria-describedby="{_text(described)}"' if described else ""
        legend = f"<legend>{_text(field.label)}</legend>" if field.label else ""
        head = f"\n  <fieldset{described}>\n  {legend}\n"
        tail = "</fieldset>\n</div>"
    else:
        head = f"\n  {field.label_tag() if field.label else ''}\n"
        tail = "\n</div>"
    help_text = ""
    if field.help_text:
        help_id = f' id="{_text(field.auto_id)}_helptext"' if field.auto_id else ""
        help_text = f'<div class="helptext"{help_id}>{_text(field.help_text)}</div>'
    return (
        f'<div class="{classes}">\n{head}\n{help_text}\n{_text(field.errors)}\n{_text(field)}{tail}'
    )


_INPUTS = ("text", "email", "url", "number", "password", "hidden", "search", "tel")

TWINS = {
    "forms/field.html": field_group,
    "django/forms/label.html": label,
    "django/forms/errors/list/default.html": error_list,
    "django/forms/errors/list/ul.html": error_list,
    "django/forms/widgets/textarea.html": textarea,
    "django/forms/widgets/radio.html": multiple_input,
    "django/forms/widgets/checkbox_select.html": multiple_input,
    "django/forms/widgets/select.html": select,
    **{f"django/forms/widgets/{name}.html": input_widget for name in _INPUTS},
}
