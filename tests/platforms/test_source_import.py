"""Importing platform texts: the shipped agreements, idempotency and every kind of bad input."""

import pytest
from django.core.management import CommandError, call_command

from platforms.importer import SHIPPED_TEXTS, import_platform_bytes
from platforms.models import Clause, Footnote, Platform, Section

pytestmark = pytest.mark.django_db

VALID = """---
title: Testplattform
slug: testplattform
parties: KS; Frivillighet Norge
valid_until: 2027
---

## Formål {#formal}

Et avsnitt som brytes
over to linjer.

## Punkter {#punkter}

1. Første punkt.
   a. Et bokstavpunkt.
2. Andre punkt.
"""


def write(tmp_path, text, name="plattform.md"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def numbers(platform, anchor):
    return list(
        Clause.objects.filter(section__platform=platform, section__anchor=anchor)
        .order_by("position")
        .values_list("number", flat=True)
    )


def test_the_award_platform_has_the_structure_of_the_original(award_platform):
    sections = list(award_platform.sections.values_list("heading", flat=True))
    assert sections == [
        "Formål",
        "Overordnede prinsipper",
        "Forutsigbare rammevilkår",
        "Relasjonen mellom frivillig sektor og kommunen",
        "Oppfølging av plattformen",
    ]
    assert numbers(award_platform, "prinsipper") == [str(n) for n in range(1, 9)]
    assert numbers(award_platform, "rammevilkar") == ["1", "2", "3", "4"]
    relation = numbers(award_platform, "relasjonen")
    assert relation[:8] == ["1", "1a", "1b", "1c", "1d", "1e", "1f", "1g"]
    assert relation[8:] == ["2", "3", "4", "4-1", "4-2"]
    assert award_platform.sections.get(anchor="formal").clauses.count() == 3
    assert award_platform.sections.get(anchor="oppfolging").clauses.count() == 3
    assert award_platform.parties == ["Frivillighet Norge", "KS"]
    assert award_platform.valid_until is None  # the text we have is undated (see its history)


def test_the_award_platform_text_is_mended_but_faithful(award_platform):
    planning = Clause.objects.get(platform=award_platform, anchor="relasjonen-1f")
    assert (
        planning.text
        == "Frivillig sektor bør involveres i planprosesser i de saker det er naturlig."
    )
    assert planning.parent.number == "1"
    forum = Clause.objects.get(platform=award_platform, anchor="relasjonen-1e")
    # Soft line breaks of the extraction are joined into one paragraph.
    assert "\n" not in forum.text
    assert "frivillighetsforum/frivillighetsråd" in forum.text
    footnote = Footnote.objects.get(platform=award_platform)
    assert footnote.text == "Heretter brukes kommuner om både fylkeskommuner og kommuner."
    assert "fylkeskommuner[^1]" in Clause.objects.get(anchor="formal-avsnitt-3").text


def test_the_noku_platform_keeps_its_bullets_and_words_rejoined():
    call_command("import_platform", SHIPPED_TEXTS[1])
    platform = Platform.objects.get(slug="ks-norsk-kulturforum")
    assert platform.signed_place == "Oslo"
    assert platform.signed_on.isoformat() == "2020-04-28"
    assert [c.kind for c in platform.sections.get(anchor="samarbeidsomrader").clauses.all()] == [
        "bullet"
    ] * 5 + ["paragraph"]
    background = " ".join(
        platform.sections.get(anchor="bakgrunn").clauses.values_list("text", flat=True)
    )
    assert background.startswith("22. juni 2018 vedtok hovedstyret i KS")
    assert "fylkeskommuner som helhet" in background
    assert "kultursektoren" in background and "kultursek toren" not in background
    assert len(platform.signatories) == 2


def test_the_digital_competence_agreement_has_headed_sections_without_numbers():
    call_command("import_platform", SHIPPED_TEXTS[2])
    platform = Platform.objects.get(slug="digital-kompetanse")
    assert platform.sections.count() == 7
    assert set(platform.clauses.values_list("kind", flat=True)) == {"paragraph"}
    assert platform.valid_until.isoformat() == "2019-12-31"
    assert "LO Kommune" in platform.parties


def test_reimport_updates_in_place_and_keeps_every_anchor(tmp_path, capsys):
    call_command("import_platform", shipped=True)
    capsys.readouterr()
    before = {
        slug: (list(Clause.objects.filter(platform__slug=slug).values_list("pk", "anchor")))
        for slug in Platform.objects.values_list("slug", flat=True)
    }
    counts = (Platform.objects.count(), Section.objects.count(), Clause.objects.count())
    call_command("import_platform", shipped=True)
    assert (Platform.objects.count(), Section.objects.count(), Clause.objects.count()) == counts
    after = {
        slug: (list(Clause.objects.filter(platform__slug=slug).values_list("pk", "anchor")))
        for slug in Platform.objects.values_list("slug", flat=True)
    }
    assert after == before
    assert capsys.readouterr().out.count("Oppdaterte «") == 3


def test_reimport_of_a_changed_text_updates_it_and_keeps_the_clause_rows(tmp_path):
    import_platform_bytes(VALID.encode())
    clause = Clause.objects.get(anchor="punkter-1a")
    changed = VALID.replace("Et bokstavpunkt.", "Et endret bokstavpunkt.").replace(
        "2. Andre punkt.\n", ""
    )
    import_platform_bytes(changed.encode())
    clause.refresh_from_db()
    assert clause.text == "Et endret bokstavpunkt."
    assert not Clause.objects.filter(anchor="punkter-2").exists()


def test_paragraph_lines_are_joined():
    import_platform_bytes(VALID.encode())
    assert (
        Clause.objects.get(anchor="formal-avsnitt-1").text
        == "Et avsnitt som brytes over to linjer."
    )


# Each bad input and what the secretariat is told (in Norwegian, the default language).
BAD_INPUTS = {
    "empty": (b"", "Filen er tom"),
    "whitespace only": (b"  \n\n ", "Filen er tom"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "ikke en tekstfil"),
    "not utf-8": ("---\ntitle: Æ\n".encode("latin-1"), "Linje 2: Filen er ikke UTF-8"),
    "no front matter": (b"## Formal\n\nTekst.\n", "Linje 1: Forsiden (front matter) mangler"),
    "unclosed front matter": (
        b"---\ntitle: T\nslug: t\nparties: KS\n\n## A\n",
        "Linje 1: Forsiden (front matter) er ikke avsluttet",
    ),
    "missing title": (b"---\nslug: t\nparties: KS\n---\n## A\n\nTekst.\n", "mangler «title»"),
    "bad date": (
        VALID.replace("valid_until: 2027", "valid_until: 31.12.2027").encode(),
        "Linje 5: «valid_until» må være en dato",
    ),
    "clause outside any section": (
        VALID.replace("## Formål {#formal}\n", "1. Løst punkt.\n\n## Formål {#formal}\n").encode(),
        "Linje 8: Tekst utenfor en del",
    ),
    "duplicate number": (
        VALID.replace("2. Andre punkt.", "1. Andre punkt.").encode(),
        "Linje 17: Nummeret «1» er brukt to ganger i delen «Punkter» (først på linje 15)",
    ),
    "point without a clause": (
        VALID.replace("Et avsnitt som brytes\nover to linjer.", "   a. Foreldreløst.").encode(),
        "Linje 10: Punktet «a» har ikke noe nummerert punkt over seg",
    ),
    "undefined footnote": (
        VALID.replace("Andre punkt.", "Andre punkt[^2].").encode(),
        "Linje 17: Fotnote [^2] er vist til, men aldri definert",
    ),
    "duplicate section anchor": (
        VALID.replace("{#punkter}", "{#formal}").encode(),
        "Linje 13: Ankeret «formal» er brukt to ganger",
    ),
}


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_names_the_problem_and_changes_nothing(tmp_path, case):
    call_command("import_platform", SHIPPED_TEXTS[0])
    snapshot = list(Clause.objects.values_list("pk", "text", "anchor"))
    data, expected = BAD_INPUTS[case]
    # The bad file comes after a good one in the same call: nothing of either is stored.
    good = write(tmp_path, VALID, "good.md")
    bad = write(tmp_path, data)
    with pytest.raises(CommandError) as error:
        call_command("import_platform", good, bad)
    message = str(error.value)
    assert message.startswith(f"{bad}: ")
    assert expected in message
    assert message.endswith("Ingenting ble endret.")
    assert list(Clause.objects.values_list("pk", "text", "anchor")) == snapshot
    assert not Platform.objects.filter(slug="testplattform").exists()


def test_a_bad_reimport_leaves_the_stored_text_as_it_was():
    import_platform_bytes(VALID.encode())
    broken = VALID.replace("2. Andre punkt.", "1. Andre punkt.").replace("Første", "ENDRET")
    with pytest.raises(ValueError):
        import_platform_bytes(broken.encode())
    assert Clause.objects.get(anchor="punkter-1").text == "Første punkt."


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="finnes-ikke.md"):
        call_command("import_platform", tmp_path / "finnes-ikke.md")
