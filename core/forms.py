from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form field rendered the same accessible way (templates/forms/field.html), through
    the project's template engine (TEMPLATES), so that the project may override Django's form
    templates."""

    field_template_name = "forms/field.html"
