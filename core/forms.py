from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form field rendered the same accessible way (core/jinja2/forms/field.html), through
    the project's template engines (TEMPLATES): the forms' templates, Django's widgets among
    them, in Jinja2, which is several times faster at them; the admin's own widget templates in
    Django's engine, where the admin keeps them."""

    field_template_name = "forms/field.html"
