"""Notes other apps attach to a platform's clauses, shown beside each clause on its page.

This app knows nothing of awards; an app that does (scoring: which criteria of which years cite a
clause) registers a function here from its AppConfig.ready(). The function is called with the
platform and returns {clause id: [note]}, each note with a `label` and a `url` (may be empty).
"""

_functions = []


def register_clause_notes(func):
    """Add a source of clause notes. Registering the same function twice adds it once."""
    if func not in _functions:
        _functions.append(func)
    return func


def clause_notes(platform) -> dict:
    """{clause id: [note]} from every registered function; none registered, no notes."""
    notes: dict = {}
    for func in _functions:
        for clause_id, found in func(platform).items():
            notes.setdefault(clause_id, []).extend(found)
    return notes


_uses = []


def register_platform_uses(func):
    """Add a source of what rests on whole platforms (an award resting on one). The function is
    called without arguments and returns {platform id: [label]}."""
    if func not in _uses:
        _uses.append(func)


def platform_uses() -> dict:
    """{platform id: [label]} from every registered source: what rests on each platform."""
    uses: dict = {}
    for func in _uses:
        for platform_id, labels in func().items():
            uses.setdefault(platform_id, []).extend(labels)
    return uses
