"""The source format of a platform text: Markdown with front matter.

::

    ---
    title: Plattform for samspill og samarbeid mellom frivillig og kommunal sektor
    slug: frivillighet-norge-ks
    parties: Frivillighet Norge; KS
    valid_until: 2027
    ---

    ## Relasjonen mellom frivillig sektor og kommunen {#relasjonen}

    Et avsnitt er én linje (eller flere linjer som slås sammen).

    1. En nummerert bestemmelse.
       a. Et bokstavpunkt under bestemmelse 1 (innrykk).
       - Et strekpunkt under bestemmelse 1 (innrykk).
    - Et kulepunkt på øverste nivå.

    \\22. juni 2018 vedtok …  (et avsnitt som begynner med et tall: skriv \\ foran)

    [^1]: En fotnote, referert i teksten som [^1].

``parse`` turns such a text into plain data, or raises ``SourceError`` naming the line; it
touches no database. ``platforms.importer`` stores the result.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.utils.text import slugify
from django.utils.translation import gettext as _

REQUIRED_KEYS = ("title", "slug", "parties")
KNOWN_KEYS = REQUIRED_KEYS + (
    "subtitle",
    "kind",
    "signed_place",
    "signed_on",
    "valid_from",
    "valid_until",
    "term",
    "notice",
    "revises",
    "history",
    "signatories",
    "source",
    "text_date",
)
LIST_KEYS = ("parties", "signatories")
DATE_KEYS = ("signed_on", "valid_from", "valid_until", "text_date")

HEADING = re.compile(r"^##\s+(?P<heading>.+?)(?:\s+\{#(?P<anchor>[a-z0-9-]+)\})?\s*$")
NUMBERED = re.compile(r"^(?P<number>\d+)\.\s+(?P<text>\S.*)$")
LETTERED = re.compile(r"^\s{2,}(?P<letter>[a-zæøå])[.)]\s+(?P<text>\S.*)$")
NESTED_BULLET = re.compile(r"^\s{2,}[-–•]\s+(?P<text>\S.*)$")
BULLET = re.compile(r"^[-–•]\s+(?P<text>\S.*)$")
FOOTNOTE_DEF = re.compile(r"^\[\^(?P<label>[A-Za-z0-9]+)\]:\s*(?P<text>\S.*)$")
FOOTNOTE_REF = re.compile(r"\[\^([A-Za-z0-9]+)\]")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class SourceError(ValueError):
    """Bad input, with the line it was found on (1-based; 0 when it concerns the whole file)."""

    def __init__(self, line: int, message: str):
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self):
        if self.line:
            return _("Line %(line)d: %(message)s") % {"line": self.line, "message": self.message}
        return self.message


@dataclass
class PartialDate:
    value: datetime.date
    precision: str  # "day" or "year"


@dataclass
class ParsedClause:
    kind: str
    number: str
    text: str
    line: int
    parent_number: str = ""
    anchor: str = ""


@dataclass
class ParsedSection:
    heading: str
    anchor: str
    line: int
    clauses: list[ParsedClause] = field(default_factory=list)


@dataclass
class ParsedPlatform:
    meta: dict
    sections: list[ParsedSection]
    footnotes: dict[str, str]


def decode(data: bytes) -> str:
    """The bytes of an uploaded or read file as text, refusing what is not a UTF-8 text file."""
    if not data.strip():
        raise SourceError(0, _("The file is empty."))
    if b"\x00" in data:
        raise SourceError(0, _("The file is not a text file (it contains binary data)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SourceError(
            line, _("The file is not UTF-8 text (byte %(byte)d).") % {"byte": error.start}
        ) from error
    return text


def parse(text: str) -> ParsedPlatform:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if not text.strip():
        raise SourceError(0, _("The file is empty."))
    meta, body_start = _parse_front_matter(lines)
    sections, footnotes = _parse_body(lines, body_start)
    if not sections:
        raise SourceError(
            body_start + 1, _("The text has no sections: start each one with «## Heading».")
        )
    return ParsedPlatform(meta=meta, sections=sections, footnotes=footnotes)


def _parse_front_matter(lines: list[str]) -> tuple[dict, int]:
    first = next((i for i, line in enumerate(lines) if line.strip()), 0)
    if lines[first].strip() != "---":
        raise SourceError(
            first + 1,
            _(
                "Front matter is missing: the file must start with a line «---», the platform's "
                "facts (title, slug, parties …) and another line «---»."
            ),
        )
    meta: dict = {}
    closing = None
    for index in range(first + 1, len(lines)):
        line = lines[index]
        number = index + 1
        if line.strip() == "---":
            closing = index
            break
        if not line.strip():
            continue
        if line.startswith("#"):
            break  # the text begins: the closing line was forgotten
        key, sep, value = line.partition(":")
        key, value = key.strip(), value.strip()
        if not sep or not key:
            raise SourceError(number, _("Expected «key: value» in the front matter."))
        if key not in KNOWN_KEYS:
            raise SourceError(
                number, _("Unknown key «%(key)s» in the front matter.") % {"key": key}
            )
        if key in meta:
            raise SourceError(number, _("The key «%(key)s» is given twice.") % {"key": key})
        meta[key] = _front_matter_value(key, value, number)
    if closing is None:
        raise SourceError(
            first + 1, _("The front matter is not closed: add a line «---» after it.")
        )
    for key in REQUIRED_KEYS:
        if not meta.get(key):
            raise SourceError(first + 1, _("The front matter lacks «%(key)s».") % {"key": key})
    return meta, closing + 1


def _front_matter_value(key: str, value: str, number: int):
    if key in LIST_KEYS:
        return [item.strip() for item in value.split(";") if item.strip()]
    if key in DATE_KEYS:
        return _partial_date(key, value, number)
    if key in ("slug", "revises") and not SLUG.match(value):
        raise SourceError(
            number,
            _("«%(key)s» must be lowercase letters, digits and hyphens, e.g. «ks-noku».")
            % {"key": key},
        )
    return value


def _partial_date(key: str, value: str, number: int) -> PartialDate:
    try:
        if re.fullmatch(r"\d{4}", value):
            year = int(value)
            # A year alone: the start of the year for a beginning, the end for an end.
            day = (12, 31) if key == "valid_until" else (1, 1)
            return PartialDate(datetime.date(year, *day), "year")
        return PartialDate(datetime.date.fromisoformat(value), "day")
    except ValueError as error:
        raise SourceError(
            number,
            _("«%(key)s» must be a date as YYYY-MM-DD or a year as YYYY, not «%(value)s».")
            % {"key": key, "value": value},
        ) from error


def _parse_body(lines: list[str], start: int):
    sections: list[ParsedSection] = []
    footnotes: dict[str, str] = {}
    footnote_refs: list[tuple[str, int]] = []
    current: ParsedClause | None = None  # the block that continuation lines join
    last_numbered: ParsedClause | None = None
    bullets_under: dict[str, int] = {}

    for index in range(start, len(lines)):
        raw = lines[index].rstrip()
        number = index + 1
        if not raw.strip():
            current = None
            continue

        if match := FOOTNOTE_DEF.match(raw):
            label = match["label"]
            if label in footnotes:
                raise SourceError(
                    number, _("Footnote [^%(label)s] is defined twice.") % {"label": label}
                )
            footnotes[label] = match["text"].strip()
            current = None
            continue

        if raw.startswith("#"):
            match = HEADING.match(raw)
            if not match:
                raise SourceError(number, _("A section heading is written «## Heading {#anchor}»."))
            anchor = match["anchor"] or slugify(match["heading"])
            if any(section.anchor == anchor for section in sections):
                raise SourceError(
                    number, _("The section anchor «%(anchor)s» is used twice.") % {"anchor": anchor}
                )
            sections.append(
                ParsedSection(heading=match["heading"].strip(), anchor=anchor, line=number)
            )
            current = last_numbered = None
            bullets_under = {}
            continue

        if not sections:
            raise SourceError(
                number,
                _("Text outside any section: put a heading «## Heading» before it."),
            )
        section = sections[-1]
        if raw.startswith("\\"):
            # «\22. juni 2018 …»: a paragraph that only looks like a numbered clause.
            raw = raw[1:]
            clause = None
        else:
            clause = _clause_from_line(raw, number, section, last_numbered, bullets_under)
        if clause is None:
            if current is None:
                clause = ParsedClause(kind="paragraph", number="", text=raw.strip(), line=number)
            else:
                # A soft line break: the line continues the block above.
                current.text = f"{current.text} {raw.strip()}"
                footnote_refs.extend((ref, number) for ref in FOOTNOTE_REF.findall(raw))
                continue
        _add_clause(section, clause)
        footnote_refs.extend((ref, number) for ref in FOOTNOTE_REF.findall(clause.text))
        current = clause
        if clause.kind == "numbered":
            last_numbered = clause
        elif clause.kind == "paragraph":
            last_numbered = None

    for label, number in footnote_refs:
        if label not in footnotes:
            raise SourceError(
                number,
                _("Footnote [^%(label)s] is referred to but never defined.") % {"label": label},
            )
    return sections, footnotes


def _clause_from_line(raw, number, section, last_numbered, bullets_under):
    if match := NUMBERED.match(raw):
        return ParsedClause(
            kind="numbered", number=match["number"], text=match["text"], line=number
        )
    if match := LETTERED.match(raw):
        if last_numbered is None:
            raise SourceError(
                number,
                _("The point «%(letter)s» has no numbered clause above it.")
                % {"letter": match["letter"]},
            )
        return ParsedClause(
            kind="lettered",
            number=f"{last_numbered.number}{match['letter']}",
            text=match["text"],
            line=number,
            parent_number=last_numbered.number,
        )
    if match := NESTED_BULLET.match(raw):
        if last_numbered is None:
            raise SourceError(number, _("The indented bullet has no numbered clause above it."))
        parent = last_numbered.number
        bullets_under[parent] = bullets_under.get(parent, 0) + 1
        return ParsedClause(
            kind="bullet",
            number=f"{parent}-{bullets_under[parent]}",
            text=match["text"],
            line=number,
            parent_number=parent,
        )
    if match := BULLET.match(raw):
        bullets_under[""] = bullets_under.get("", 0) + 1
        return ParsedClause(
            kind="bullet", number=str(bullets_under[""]), text=match["text"], line=number
        )
    return None


def _add_clause(section: ParsedSection, clause: ParsedClause):
    if clause.kind == "paragraph":
        count = sum(1 for c in section.clauses if c.kind == "paragraph") + 1
        clause.anchor = f"{section.anchor}-avsnitt-{count}"
    else:
        clashing = next((c for c in section.clauses if c.number == clause.number), None)
        if clashing:
            raise SourceError(
                clause.line,
                _(
                    "The number «%(number)s» is used twice in the section «%(section)s» "
                    "(first on line %(first)d)."
                )
                % {"number": clause.number, "section": section.heading, "first": clashing.line},
            )
        clause.anchor = f"{section.anchor}-{clause.number}"
    section.clauses.append(clause)
