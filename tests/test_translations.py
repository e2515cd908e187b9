"""The translation catalogues: every screen text has its bokmål, and the compiled catalogue
that a fresh machine uses says exactly what the source catalogue says."""

import gettext
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


def entries(language):
    po = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    return [entry for entry in po if not entry.obsolete]


def test_every_text_has_its_bokmal_translation():
    untranslated = [
        entry.msgid
        for entry in entries("nb")
        if "fuzzy" in entry.flags
        or not (any(entry.msgstr_plural.values()) if entry.msgid_plural else entry.msgstr)
    ]
    assert untranslated == []


@pytest.mark.parametrize("language", ["nb", "en"])
def test_the_compiled_catalogue_matches_its_source(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in entries(language):
        if "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            if any(entry.msgstr_plural.values()):
                assert (
                    compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
                    == (entry.msgstr_plural[0])
                ), entry.msgid
        elif entry.msgstr:
            assert compiled.gettext(entry.msgid) == entry.msgstr, (
                f"{entry.msgid!r}: run `make messages` (or compile the catalogue) again"
            )
