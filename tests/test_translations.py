"""The translation catalogues: each holds exactly the texts the source uses, every text has its
bokmål and its nynorsk (English shows the msgids, which are English), a text nynorsk does not have
yet falls back to bokmål, and the compiled catalogue a fresh machine uses says what the source
catalogue says.

The comparison with the source needs no GNU gettext (tests/source_messages.py reads the source
as `makemessages` does), so it runs on every machine and in CI."""

import gettext
import textwrap
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from .source_messages import Message, drift, source_messages

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "locale"
LANGUAGES = [code for code, _name in settings.LANGUAGES]


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def entries(language):
    return [entry for entry in catalogue(language) if not entry.obsolete]


def translated(entry):
    if "fuzzy" in entry.flags:
        return False
    return all(entry.msgstr_plural.values()) if entry.msgid_plural else bool(entry.msgstr)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalogue_holds_exactly_the_texts_of_the_source(language):
    missing, unused = drift(ROOT, catalogue(language))
    assert (missing, unused) == ([], []), (
        f"locale/{language} is out of date: run `make messages`, then translate.\n"
        f"Missing: {[str(m) for m in missing]}\nNo longer used: {[str(m) for m in unused]}"
    )


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_every_text_has_its_translation(language):
    """Bokmål and nynorsk translate every text, the jury's, the secretariat's and the admin's
    too; a fuzzy translation (one `makemessages` guessed) counts as missing until checked."""
    assert [entry.msgid for entry in entries(language) if not translated(entry)] == []


def test_a_text_not_yet_in_nynorsk_falls_back_to_bokmal_not_english(tmp_path, settings):
    """Django's DjangoTranslation gives every language but LANGUAGE_CODE (and English) the
    LANGUAGE_CODE catalogue as its fallback, and a compiled catalogue leaves empty and fuzzy
    translations out: so a text someone has just added, before its nynorsk is written, is shown
    in bokmål to a reader who chose nynorsk. Here nynorsk lacks every text but one."""
    bokmal = catalogue("nb")
    nynorsk = catalogue("nn")
    for entry in nynorsk:
        if entry.msgid and entry.msgid != "Weak agreement":
            entry.msgstr = ""
            entry.msgstr_plural = dict.fromkeys(entry.msgstr_plural, "")
    for language, po in (("nb", bokmal), ("nn", nynorsk)):
        folder = tmp_path / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po.save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path]
    assert settings.LANGUAGE_CODE == "nb"

    shown_in_nynorsk = translation.trans_real.DjangoTranslation("nn")
    django_nynorsk = nynorsk_of_django_and_its_apps()
    for entry in bokmal:
        if entry.obsolete or entry.msgid == "Weak agreement":
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for n in (1, 2):
                shown = shown_in_nynorsk.ngettext(key, entry.msgid_plural, n)
                assert shown == entry.msgstr_plural[0 if n == 1 else 1], entry.msgid
            continue
        shown = (
            shown_in_nynorsk.pgettext(entry.msgctxt, entry.msgid)
            if entry.msgctxt
            else shown_in_nynorsk.gettext(entry.msgid)
        )
        # Where Django itself has the same text in nynorsk ("name": "namn"), that comes first.
        assert shown == django_nynorsk.get(key, entry.msgstr), entry.msgid
    assert shown_in_nynorsk.gettext("Strong agreement") == "Sterk enighet"
    assert shown_in_nynorsk.gettext("Weak agreement") == "Svak semje"


def test_the_jury_reads_nynorsk_in_nynorsk():
    with translation.override("nn"):
        assert translation.gettext("Strong agreement") == "Sterk semje"
        assert translation.gettext("Nominate a municipality") == "Nominer ein kommune"
        assert translation.gettext("Declare a conflict of interest") == "Erklær inhabilitet"


def nynorsk_of_django_and_its_apps():
    from django.apps import apps

    folders = [Path(translation.__file__).parent.parent.parent / "conf" / "locale"]
    folders += [Path(app.path) / "locale" for app in apps.get_app_configs()]
    texts = {}
    for folder in folders:
        compiled = folder / "nn" / "LC_MESSAGES" / "django.mo"
        if compiled.exists():
            with open(compiled, "rb") as handle:
                texts.update(
                    (key, value)
                    for key, value in gettext.GNUTranslations(handle)._catalog.items()
                    if isinstance(key, str) and key
                )
    return texts


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalogue_matches_its_source(language):
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in entries(language):
        if not translated(entry):
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            assert compiled.ngettext(key, entry.msgid_plural, 1) == entry.msgstr_plural[0], key
            assert compiled.ngettext(key, entry.msgid_plural, 2) == entry.msgstr_plural[1], key
        else:
            assert compiled.gettext(key) == entry.msgstr, (
                f"{entry.msgid!r}: run `make messages` (or compile the catalogue) again"
            )


# --- The check of the source itself ---------------------------------------------------------


def test_the_source_is_read_as_makemessages_reads_it(tmp_path):
    """Every form the project writes its texts in, as xgettext would extract it."""
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "page.html").write_text(
        textwrap.dedent(
            """\
            {% load i18n %}
            <h1>{% translate "A heading" %}</h1>
            <p>{% translate 'Single quotes' context "a context" %}</p>
            {% blocktranslate trimmed with name=x %}
              Hello {{ name }},
              on two lines.
            {% endblocktranslate %}
            {% blocktranslate count n=items|length %}{{ n }} itemPLURAL
            {{ _("In a variable") }}
            """
        ).replace("PLURAL", "{% plural %}{{ n }} items{% endblocktranslate %}")
    )
    (tmp_path / "emails.txt").write_text('{% load i18n %}{% translate "In a text template" %}\n')
    (tmp_path / "module.py").write_text(
        textwrap.dedent(
            '''\
            from django.utils.translation import gettext_lazy as _, ngettext, pgettext_lazy
            from django.utils import translation

            LABEL = _("Joined " "literals")
            COUNT = ngettext("%(n)d file", "%(n)d files", 2)
            MONTH = pgettext_lazy("month name", "May")
            NESTED = str(translation.gettext("Through the module"))
            SKIPPED = _(f"{LABEL} is not a fixed text")
            ALSO_SKIPPED = _(LABEL)

            def docstring():
                """_("Not a call")"""
            '''
        )
    )
    (tmp_path / ".venv").mkdir()
    (tmp_path / ".venv" / "ignored.py").write_text('_("In the virtual environment")\n')

    assert sorted(source_messages(tmp_path)) == sorted(
        [
            Message("", "A heading", ""),
            Message("a context", "Single quotes", ""),
            Message("", "Hello %(name)s, on two lines.", ""),
            Message("", "%(n)s item", "%(n)s items"),
            Message("", "In a variable", ""),
            Message("", "In a text template", ""),
            Message("", "Joined literals", ""),
            Message("", "%(n)d file", "%(n)d files"),
            Message("month name", "May", ""),
            Message("", "Through the module", ""),
        ]
    )


def test_the_check_fails_for_a_new_text_and_for_one_no_longer_used(tmp_path):
    (tmp_path / "page.html").write_text('{% load i18n %}{% translate "Old text" %}\n')
    po = polib.POFile()
    po.append(polib.POEntry(msgid="Old text", msgstr="Gammel tekst"))
    assert drift(tmp_path, po) == ([], [])

    # A developer adds a text and removes another without running `make messages`.
    (tmp_path / "page.html").write_text('{% load i18n %}{% translate "New text" %}\n')
    missing, unused = drift(tmp_path, po)
    assert missing == [Message("", "New text", "")]
    assert unused == [Message("", "Old text", "")]

    # An obsolete entry (#~) is no longer used either: `make messages` drops it.
    po = polib.POFile()
    po.append(polib.POEntry(msgid="New text", msgstr="Ny tekst"))
    po.append(polib.POEntry(msgid="Old text", msgstr="Gammel tekst", obsolete=True))
    assert drift(tmp_path, po) == ([], [Message("", "Old text", "")])
