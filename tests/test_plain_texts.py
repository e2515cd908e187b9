"""The public texts in plain bokmål and nynorsk (#18): the mended phrases are there, the old
ones are gone, and «denne plattformen» never means the website."""

from pathlib import Path

import polib
import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

LOCALE = Path(__file__).resolve().parent.parent / "locale"

# Phrases that were wrong, ungrammatical or unclear, in bokmål and nynorsk.
GONE = {
    "nb": [
        "denne plattformen",  # the website is «dette nettstedet»; the platform is the agreement
        "juryens tekster viser til det for",
        "Vist til av:",
        "Hold lenken for deg selv",
        "Publiser kommentaren",
        "velges fra drøftingen av",
        "over så mange økter",
        "ikke talt",
        "Les kåringen",
    ],
    "nn": [
        "denne plattforma",
        "Vist til av:",
        "Hald lenkja for deg sjølv",
        "Publiser kommentaren",
        "over så mange økter",
        "Les kåringa",
    ],
}

MENDED = {
    "Read the jury's justification": ("Les juryens begrunnelse", "Les grunngivinga til juryen"),
    "Send the comment": ("Send kommentaren", "Send kommentaren"),
    "Criteria that rest on this clause:": (
        "Kriterier som bygger på dette punktet:",
        "Kriterium som byggjer på dette punktet:",
    ),
    "The finalists and the winner are chosen once the deliberation has started.": (
        "Finalistene og vinneren velges når drøftingen har startet.",
        "Finalistane og vinnaren blir valde når drøftinga har starta.",
    ),
    "Do not share the link: anyone who has it can read and change the nomination.": (
        "Ikke del lenken med andre: alle som har den, kan lese og endre nominasjonen.",
        "Ikkje del lenkja med andre: alle som har henne, kan lese og endre nominasjonen.",
    ),
    "not counted": ("ikke telt", "ikkje talt"),
    "Choose a municipality or county municipality": (
        "Velg en kommune eller fylkeskommune",
        "Vel ein kommune eller fylkeskommune",
    ),
}


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_old_phrases_are_gone(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    texts = [
        text
        for entry in catalogue
        if not entry.obsolete
        for text in [entry.msgstr, *entry.msgstr_plural.values()]
    ]
    for phrase in GONE[language]:
        assert not [text for text in texts if phrase in text], phrase


@pytest.mark.parametrize("index, language", [(0, "nb"), (1, "nn")])
def test_the_mended_phrases_are_what_the_pages_say(index, language):
    with translation.override(language):
        for msgid, texts in MENDED.items():
            assert gettext(msgid) == texts[index]
        # One criterion is «kriteriet», several «kriteriene».
        one = ngettext("Speaks to the criterion:", "Speaks to the criteria:", 1)
        two = ngettext("Speaks to the criterion:", "Speaks to the criteria:", 2)
        assert one == "Viser til kriteriet:"
        assert two == ("Viser til kriteriene:" if language == "nb" else "Viser til kriteria:")


def test_the_lists_of_who_may_nominate_name_county_municipalities(client, open_cycle):
    page = client.get("/nominer/").content.decode()
    assert "Alle kan nominere en kommune eller fylkeskommune til Årets frivillighetskommune" in page
    assert "kommuner, fylkeskommuner, frivillige organisasjoner, privatpersoner" in page


def test_a_criterion_names_its_clauses_by_section(client, open_cycle):
    page = client.get("/nominer/").content.decode()
    assert (
        "Bygger på samarbeidsplattformen: «Relasjonen mellom frivillig sektor og kommunen», "
        "punkt 1 og 1c; «Forutsigbare rammevilkår», punkt 4"
    ) in page
    assert "«Forutsigbare rammevilkår», punkt 1, 2 og 3" in page
    assert "«Formål», avsnitt 3" in page
    assert "Relasjonen mellom frivillig sektor og kommunen 1;" not in page


def test_the_privacy_statement_says_who_is_published(client, open_cycle):
    from django.urls import reverse

    page = client.get(reverse("nominations:privacy")).content.decode()
    assert "viser sidene til finalistene og vinneren hvor mange nominasjoner" in page
    assert "De andre nominerte kommunene vises bare hvis sekretariatet har valgt det" in page
    assert "kommunens side i arkivet hvor mange nominasjoner den fikk" not in page


def test_the_site_describes_the_award_for_county_municipalities_too(client, open_cycle):
    page = client.get("/nominer/").content.decode()
    assert "til kommunen eller fylkeskommunen som jobber best med frivillighetspolitikk" in page
