"""A platform's text as its public page writes it: sections, paragraphs and lists of clauses.

Written in Python rather than as an included template per clause: the agreement between KS and
Frivillighet Norge has about a hundred clauses, and an {% include %} with its lookups for each
made them most of the page's time. The markup is the page's: every clause an element with its
anchor as id, its number as a link to itself, its text with footnote links, the notes other
apps attach (clause.notes: which criteria cite it), and a copy-link button site.js reveals.
"""

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from config.markup import escape_text

from .models import ClauseKind


class _Labels:
    """The texts every clause repeats, translated and escaped once per page."""

    def __init__(self):
        self.clause = escape_text(gettext("Clause"))
        self.cited_by = escape_text(gettext("Cited by:"))
        self.copy_link = escape_text(gettext("Copy link"))
        self.copied = escape_text(gettext("Link copied"))
        self.to_paragraph = escape_text(gettext("to this paragraph"))
        self.to_clause = gettext("to clause %(number)s")


def _marker(clause, anchor: str, labels: _Labels) -> str:
    marker = escape_text(clause.marker)
    if clause.kind == ClauseKind.NUMBERED:
        hidden = f"{labels.clause} "
    elif clause.kind == ClauseKind.LETTERED:
        hidden = f"{labels.clause} {escape_text(clause.number[:-1])}"
    elif marker:
        return f'<span class="clause__number" aria-hidden="true">{marker}</span>'
    else:
        return ""
    return (
        f'<a class="clause__number" href="#{anchor}">'
        f'<span class="visually-hidden">{hidden}</span>{marker}</a>'
    )


def _notes(clause, labels: _Labels) -> str:
    notes = getattr(clause, "notes", ())
    if not notes:
        return ""
    written = "; ".join(
        f'<a href="{escape_text(note.url)}">{escape_text(note.label)}</a>' if note.url
        else escape_text(note.label)
        for note in notes
    )  # fmt: skip
    return (
        f'<span class="clause-notes"><span class="clause-notes__label">{labels.cited_by}</span> '
        f"{written}</span>"
    )


def _clause(clause, tag: str, labels: _Labels) -> str:
    anchor = escape_text(clause.anchor)
    if clause.number:
        target = labels.to_clause % {"number": escape_text(clause.number)}
    else:
        target = labels.to_paragraph
    subclauses = getattr(clause, "subclauses", ())
    inner = ""
    if subclauses:
        bullets = subclauses[0].kind == ClauseKind.BULLET
        if bullets:
            opening, closing = '<ul class="clauses clauses--bullets">', "</ul>"
        else:
            opening, closing = '<ol class="clauses clauses--points">', "</ol>"
        items = "".join(_clause(sub, "li", labels) for sub in subclauses)
        inner = f"\n  {opening}\n    {items}\n    {closing}"
    return (
        f'<{tag} id="{anchor}" class="clause clause--{escape_text(clause.kind)}">\n'
        f"  {_marker(clause, anchor, labels)}\n"
        f'  <span class="clause__text">{clause.text_html()}</span>\n'
        f"  {_notes(clause, labels)}\n"
        f'  <button type="button" class="copy-link" data-anchor="{anchor}" '
        f'data-copied-label="{labels.copied}" hidden>{labels.copy_link}'
        f'<span class="visually-hidden"> {target}</span></button>{inner}\n'
        f"</{tag}>\n"  # as the included template ended, with its file's last newline
    )


def _block(block, labels: _Labels) -> str:
    if block["kind"] == ClauseKind.PARAGRAPH:
        return _clause(block["clause"], "p", labels)
    items = "".join(_clause(clause, "li", labels) for clause in block["clauses"])
    if block["kind"] == ClauseKind.BULLET:
        return f'<ul class="clauses clauses--bullets">{items}</ul>'
    return f'<ol class="clauses">{items}</ol>'


def sections_html(platform) -> SafeString:
    """Every section of the platform with its heading and text, from prefetched clauses
    (Platform.objects.with_full_text())."""
    labels = _Labels()
    written = []
    for section in platform.sections.all():
        anchor = escape_text(section.anchor)
        blocks = "\n    ".join(_block(block, labels) for block in section.blocks())
        written.append(
            f'<section class="platform-section" aria-labelledby="{anchor}">\n'
            f'    <h2 id="{anchor}">{escape_text(section.heading)}</h2>\n'
            f"    {blocks}\n"
            f"  </section>"
        )
    return mark_safe("\n  ".join(written))
