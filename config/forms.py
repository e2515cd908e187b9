from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    """Every form field rendered the same accessible way (templates/forms/field.html)."""

    field_template_name = "forms/field.html"
