from django import template

from ..models import cite_clauses

register = template.Library()


@register.filter
def cite(clauses):
    """{{ criterion.clauses.all|cite }}: «Relasjonen …», punkt 1 og 1c."""
    return cite_clauses(clauses)
