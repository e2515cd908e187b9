"""The translatable texts of the source, found in pure Python as `makemessages` finds them.

`makemessages` (GNU xgettext) needs system packages; this module needs none, so a test can
compare the catalogues with the source on any machine and fail when one is out of date. It reads
the same files (`.py`, `.html`, `.txt` under the project, the same folders left out), turns each
template into gettext calls with Django's own `templatize` (what `makemessages` feeds xgettext),
and reads the calls with the tokenizer, using the keywords `makemessages` gives xgettext.
"""

import ast
import fnmatch
import io
import tokenize
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation.template import templatize

# keyword: (index of the context argument or None, index of msgid, index of msgid_plural or None)
# — xgettext's default Python keywords and the ones `makemessages` adds.
KEYWORDS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ugettext": (None, 0, None),
    "dgettext": (None, 1, None),
    "dcgettext": (None, 1, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "ungettext": (None, 0, 1),
    "dngettext": (None, 1, 2),
    "dcngettext": (None, 1, 2),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
TEMPLATE_SUFFIXES = {".html", ".txt"}
SUFFIXES = TEMPLATE_SUFFIXES | {".py"}
# As `make messages` runs makemessages: its default ignores (hidden folders and files, CVS,
# backups), the Makefile's --ignore, and the folders it skips itself (locale, media, static).
IGNORED = ["CVS", ".*", "*~", "*.pyc", ".venv", "staticfiles", "var", "locale"]


@dataclass(frozen=True, order=True)
class Message:
    context: str
    msgid: str
    plural: str

    def __str__(self):
        text = repr(self.msgid)
        if self.plural:
            text += f" / {self.plural!r}"
        if self.context:
            text += f" (context {self.context!r})"
        return text


def source_files(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if any(
            fnmatch.fnmatchcase(part, pattern) for part in relative.parts for pattern in IGNORED
        ):
            continue
        if path.is_file() and path.suffix in SUFFIXES:
            found.append(path)
    return found


def messages_in_file(path: Path, root: Path) -> dict[Message, int]:
    """Each message in one file, with the line it is first found on."""
    text = path.read_text(encoding="utf-8")
    if path.suffix in TEMPLATE_SUFFIXES:
        text = templatize(text, origin=str(path.relative_to(root)))
        # templatize keeps the template's layout, not Python's: indentation means nothing.
        text = "\n".join(line.lstrip() for line in text.splitlines())
    return messages_in_python(text)


def messages_in_python(text: str) -> dict[Message, int]:
    tokens = [
        token
        for token in tokenize.generate_tokens(io.StringIO(text).readline)
        if token.type not in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)
    ]
    found: dict[Message, int] = {}
    for index, token in enumerate(tokens[:-1]):
        if token.type != tokenize.NAME or token.string not in KEYWORDS:
            continue
        if tokens[index + 1].string != "(":
            continue
        arguments = call_arguments(tokens, index + 2)
        context_at, msgid_at, plural_at = KEYWORDS[token.string]
        wanted = [at for at in (context_at, msgid_at, plural_at) if at is not None]
        if len(arguments) <= max(wanted):
            continue
        values = {at: literal(arguments[at]) for at in wanted}
        if any(value is None for value in values.values()) or not values[msgid_at]:
            continue
        message = Message(
            values.get(context_at, "") if context_at is not None else "",
            values[msgid_at],
            values[plural_at] if plural_at is not None else "",
        )
        found.setdefault(message, token.start[0])
    return found


def call_arguments(tokens, start) -> list[list]:
    """The top-level arguments of the call whose "(" is just before ``start``."""
    arguments, current, depth = [], [], 0
    for token in tokens[start:]:
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif token.type == tokenize.OP and token.string == "," and depth == 0:
            arguments.append(current)
            current = []
            continue
        current.append(token)
    if current:
        arguments.append(current)
    return arguments


def literal(argument) -> str | None:
    """The text of an argument made of string literals only ("a" "b" joined), else None."""
    if not argument or any(token.type != tokenize.STRING for token in argument):
        return None
    if any(token.string.lstrip("rRbBuU")[:1] not in "'\"" for token in argument):
        return None  # an f-string: not a fixed text
    return "".join(ast.literal_eval(token.string) for token in argument)


def source_messages(root: Path) -> dict[Message, list[str]]:
    """Every message in the source under ``root``, with the files that use it."""
    messages: dict[Message, list[str]] = {}
    for path in source_files(root):
        for message in messages_in_file(path, root):
            messages.setdefault(message, []).append(str(path.relative_to(root)))
    return messages


def catalogue_messages(po) -> set[Message]:
    """The messages of a polib catalogue; obsolete entries (`#~`) count, as they are stale."""
    return {
        Message(entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")
        for entry in po
        if entry.msgid
    }


def drift(root: Path, po) -> tuple[list[Message], list[Message]]:
    """What a catalogue lacks that the source under ``root`` uses, and what it has that the
    source no longer uses: both empty when the catalogue is up to date."""
    used = set(source_messages(root))
    held = catalogue_messages(po)
    return sorted(used - held), sorted(held - used)
