"""Brings translations across from other versions of a catalogue (after a merge, say).

Every entry of CURRENT whose translation is empty or fuzzy gets the translation of the same text
(the same msgid, msgctxt and, for a plural, msgid_plural) from the first OTHER that has one that
is not fuzzy; the fuzzy flag and the guessed earlier msgid go with it. Nothing else changes: an
entry CURRENT has translated keeps its translation (unless --overwrite: then an OTHER's
translation replaces it, to bring corrections across too), and a text no longer in CURRENT is not
added. An OTHER is a path, or REVISION:PATH to read it from git, as in
`nynorsk:locale/nn/LC_MESSAGES/django.po`.

    .venv/bin/python scripts/merge_translations.py locale/nn/LC_MESSAGES/django.po \\
        nynorsk:locale/nn/LC_MESSAGES/django.po [more …] [--dry-run] [--overwrite]

Then compile: `DEBUG=1 .venv/bin/python manage.py compilemessages --ignore='.venv/*'`.
The file is written as `makemessages` writes it (through GNU gettext's msgcat where it is
installed; polib's own line wrapping otherwise).
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import polib


def read(source: str) -> polib.POFile:
    if Path(source).exists() or ":" not in source:
        return polib.pofile(source)
    text = subprocess.run(
        ["git", "show", source], check=True, capture_output=True, text=True, encoding="utf-8"
    ).stdout
    return polib.pofile(text)


def key(entry: polib.POEntry):
    return entry.msgctxt, entry.msgid, entry.msgid_plural


def translated(entry: polib.POEntry) -> bool:
    if "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def merge(
    current: polib.POFile, others: list[polib.POFile], overwrite: bool = False
) -> list[polib.POEntry]:
    """Fills `current` in place; returns the entries it filled."""
    found = {}
    for other in others:
        for entry in other:
            if entry.msgid and translated(entry):
                found.setdefault(key(entry), entry)
    filled = []
    for entry in current:
        if entry.obsolete or not entry.msgid or (translated(entry) and not overwrite):
            continue
        source = found.get(key(entry))
        if source is None or (
            translated(entry)
            and (entry.msgstr, entry.msgstr_plural) == (source.msgstr, source.msgstr_plural)
        ):
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = dict(source.msgstr_plural)
        else:
            entry.msgstr = source.msgstr
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        entry.previous_msgctxt = entry.previous_msgid = entry.previous_msgid_plural = None
        filled.append(entry)
    return filled


def save(po: polib.POFile, path: str) -> None:
    po.save(path)
    if shutil.which("msgcat"):
        subprocess.run(["msgcat", path, "-o", path], check=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("current", help="the .po file to fill in (written in place)")
    parser.add_argument("others", nargs="+", help="other versions: PATH or REVISION:PATH")
    parser.add_argument("--dry-run", action="store_true", help="only say what would be filled")
    parser.add_argument(
        "--overwrite", action="store_true", help="replace translations CURRENT has too"
    )
    args = parser.parse_args(argv)

    current = polib.pofile(args.current)
    filled = merge(current, [read(source) for source in args.others], args.overwrite)
    left = [e for e in current if not e.obsolete and e.msgid and not translated(e)]
    for entry in filled:
        print(f"filled: {entry.msgid[:70]!r}")
    print(f"{len(filled)} filled, {len(left)} still without a translation.")
    if filled and not args.dry_run:
        save(current, args.current)
    return 0


if __name__ == "__main__":
    sys.exit(main())
