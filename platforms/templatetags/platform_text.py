from django import template

from ..markup import sections_html

register = template.Library()


@register.simple_tag
def platform_sections(platform):
    """{% platform_sections platform %}: the platform's whole text (platforms/markup.py)."""
    return sections_html(platform)
