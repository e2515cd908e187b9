from django import template

from ..models import Clause, cite_clauses

register = template.Library()


@register.filter
def cite(clauses):
    """{{ criterion.clauses.all|cite }}: «Relasjonen …», punkt 1 og 1c; one clause too."""
    if isinstance(clauses, Clause):
        clauses = [clauses]
    return cite_clauses(clauses)
