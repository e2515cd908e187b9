from django.forms.renderers import TemplatesSetting

from .form_templates import TWINS


class FormRenderer(TemplatesSetting):
    """Every form field rendered the same accessible way (templates/forms/field.html). The
    smallest form templates are written in Python (config/form_templates.py), with the markup
    of the templates they stand for."""

    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        twin = TWINS.get(template_name)
        html = twin(context) if twin is not None and request is None else None
        if html is None:
            return super().render(template_name, context, request)
        return html.strip()  # as the templates' output is
