"""Store a parsed platform text: all or nothing, and idempotent.

A re-import updates the platform, its sections and clauses in place, matched by their anchors,
so that every link made to a clause keeps working; clauses that disappeared from the text are
removed. Nothing is written unless the whole text is valid.
"""

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Clause, Footnote, Platform, Section
from .source import ParsedPlatform, SourceError, decode, parse

# The agreements that ship with the project, in import order (a revision after what it revises).
SHIPPED_TEXTS_DIR = Path(__file__).resolve().parent / "texts"
SHIPPED_TEXTS = (
    SHIPPED_TEXTS_DIR / "frivillighet-norge-ks.md",
    SHIPPED_TEXTS_DIR / "ks-norsk-kulturforum.md",
    SHIPPED_TEXTS_DIR / "digital-kompetanse.md",
)


@dataclass
class ImportResult:
    platform: Platform
    created: bool
    sections: int
    clauses: int


def import_platform_bytes(data: bytes, source_name: str = "") -> ImportResult:
    return import_parsed(parse(decode(data)), source_name)


@transaction.atomic
def import_parsed(parsed: ParsedPlatform, source_name: str = "") -> ImportResult:
    meta = parsed.meta
    revises = None
    if meta.get("revises"):
        revises = Platform.objects.filter(slug=meta["revises"]).first()
        if revises is None:
            raise SourceError(
                0,
                _(
                    "«revises» names the platform «%(slug)s», which has not been imported. "
                    "Import that one first."
                )
                % {"slug": meta["revises"]},
            )
        if revises.slug == meta["slug"]:
            raise SourceError(0, _("A platform cannot revise itself."))

    platform, created = Platform.objects.select_for_update().get_or_create(
        slug=meta["slug"], defaults={"title": meta["title"]}
    )
    platform.title = meta["title"]
    platform.kind = meta.get("kind", "")
    platform.parties = meta["parties"]
    platform.signatories = meta.get("signatories", [])
    for key in ("subtitle", "signed_place", "term", "notice", "history", "source"):
        setattr(platform, key, meta.get(key, ""))
    for key in ("signed_on", "valid_from", "valid_until", "text_date"):
        partial = meta.get(key)
        setattr(platform, key, partial.value if partial else None)
        setattr(platform, f"{key}_precision", partial.precision if partial else "day")
    platform.revises = revises
    platform.source_name = source_name
    platform.imported_at = timezone.now()
    platform.save()

    _store_sections(platform, parsed)
    _store_footnotes(platform, parsed.footnotes)
    return ImportResult(
        platform=platform,
        created=created,
        sections=len(parsed.sections),
        clauses=sum(len(s.clauses) for s in parsed.sections),
    )


def _store_sections(platform: Platform, parsed: ParsedPlatform):
    sections = {s.anchor: s for s in platform.sections.all()}
    clauses = {c.anchor: c for c in platform.clauses.all()}
    kept_sections, kept_clauses = set(), set()

    for position, parsed_section in enumerate(parsed.sections, start=1):
        section = sections.get(parsed_section.anchor) or Section(
            platform=platform, anchor=parsed_section.anchor
        )
        section.position = position
        section.heading = parsed_section.heading
        section.save()
        kept_sections.add(section.pk)

        by_number: dict[str, Clause] = {}
        for clause_position, parsed_clause in enumerate(parsed_section.clauses, start=1):
            clause = clauses.get(parsed_clause.anchor) or Clause(
                platform=platform, anchor=parsed_clause.anchor
            )
            clause.section = section
            clause.position = clause_position
            clause.kind = parsed_clause.kind
            clause.number = parsed_clause.number
            clause.text = parsed_clause.text
            clause.parent = by_number.get(parsed_clause.parent_number)
            clause.save()
            kept_clauses.add(clause.pk)
            if parsed_clause.kind == "numbered":
                by_number[parsed_clause.number] = clause

    removed = platform.clauses.exclude(pk__in=kept_clauses)
    try:
        removed.delete()
    except ProtectedError as error:
        # Another app (an award's criteria) cites a clause the new text leaves out.
        anchors = ", ".join(removed.order_by("anchor").values_list("anchor", flat=True))
        raise SourceError(
            0,
            _(
                "The new text leaves out %(anchors)s, and a clause among them is cited "
                "elsewhere (for example by an award's criteria). Keep it, or stop citing it first."
            )
            % {"anchors": anchors},
        ) from error
    platform.sections.exclude(pk__in=kept_sections).delete()


def _store_footnotes(platform: Platform, footnotes: dict[str, str]):
    for label, text in footnotes.items():
        Footnote.objects.update_or_create(platform=platform, label=label, defaults={"text": text})
    platform.footnotes.exclude(label__in=footnotes).delete()
