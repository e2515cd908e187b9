"""The public platform pages: listing, full text with anchors, and constant queries."""

import re

import pytest
from django.urls import reverse

from platforms.importer import SHIPPED_TEXTS, import_platform_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def all_platforms(db):
    return [import_platform_bytes(path.read_bytes(), path.name).platform for path in SHIPPED_TEXTS]


def test_the_listing_shows_every_platform_with_parties_and_validity(client, all_platforms):
    response = client.get("/plattformer/")
    assert response.status_code == 200
    page = response.content.decode()
    for platform in all_platforms:
        assert platform.title in page
        assert platform.get_absolute_url() in page
    assert "Frivillighet Norge – KS" in page
    # The agreements whose term is over are shown as ended, not as in force.
    assert "gjaldt 2020–2022" in page
    assert "gjaldt til og med 2019" in page
    assert "gjelder til 2019" not in page


def test_the_listing_names_the_agreement_the_award_rests_on_and_the_related_ones(
    client, all_platforms, award
):
    page = client.get("/plattformer/").content.decode()
    assert "Avtalene som prisens kriterier bygger på" not in page
    basis, related = page.split("Avtalen prisen bygger på</h2>")[1].split("Beslektede avtaler")
    assert "Plattform for samspill og samarbeid mellom frivillig og kommunal sektor" in basis
    assert "Samarbeidsplattform mellom KS og Norsk kulturforum" not in basis
    assert "Samarbeidsplattform mellom KS og Norsk kulturforum" in related
    assert "Samarbeid om digital kompetanse i kommunene" in related
    assert "Kriteriene for prisen viser ikke til dem." in related
    award_page = client.get(award.platform.get_absolute_url()).content.decode()
    assert "Prisen Årets frivillighetskommune bygger på denne avtalen." in award_page


def test_an_ended_agreement_reads_as_ended_and_by_its_own_kind(client, all_platforms):
    noku = client.get("/plattformer/ks-norsk-kulturforum/").content.decode()
    assert "gjaldt 2020–2022" in noku
    digital = client.get("/plattformer/digital-kompetanse/").content.decode()
    assert "gjaldt til og med 2019" in digital
    # The description names the document's own kind, and the heading line of the agreement
    # is shown under its title.
    assert '<meta name="description" content="Avtale mellom Kommunal- og' in digital
    assert "Samarbeidsplattform mellom" not in digital.split("<body")[0]
    assert (
        "Avtale mellom Kommunal- og moderniseringsdepartementet (KMD), KS og "
        "forhandlingssammenslutningene LO Kommune, Unio, YS Kommune og Akademikerne Kommune"
    ) in digital


def test_the_award_platform_says_where_its_text_comes_from_not_that_it_is_the_revision(
    client, award_platform
):
    page = client.get(award_platform.get_absolute_url()).content.decode()
    assert "Kilde for denne teksten" in page
    assert "hentet ut fra originaldokumentet" in page
    assert "Dato på denne teksten" in page and "teksten har ingen dato" in page
    # The news of the re-signing is told as news; the text here is not called the revised one.
    assert "Den reviderte teksten er ikke lagt inn her ennå." in page
    assert "det står ikke i teksten her" in page
    validity = page.split("<dt>Gyldighet</dt>")[1].split("</dd>")[0]
    assert "2027" not in validity and "gyldighet ikke oppgitt" in validity
    assert "innenfor rammen av de frivillige organisasjonenes formål" not in page


def test_a_newer_version_is_kept_beside_the_older_and_cited_from_its_year(
    client, award_platform, register
):
    from nominations.defaults import add_default_criteria, ensure_award
    from nominations.models import Cycle

    source = SHIPPED_TEXTS[0].read_text(encoding="utf-8")
    revised = source.replace(
        "slug: frivillighet-norge-ks\n",
        "slug: frivillighet-norge-ks-2024\nrevises: frivillighet-norge-ks\n"
        "valid_from: 2024-06-01\nvalid_until: 2027\ntext_date: 2024-06-01\n",
    )
    newer = import_platform_bytes(revised.encode(), "revidert.md").platform
    assert award_platform.slug == "frivillighet-norge-ks"  # the older one stays as it was
    older_page = client.get(award_platform.get_absolute_url()).content.decode()
    assert "Erstattet av" in older_page and newer.get_absolute_url() in older_page
    newer_page = client.get(newer.get_absolute_url()).content.decode()
    assert "Erstatter" in newer_page and "1. juni 2024" in newer_page

    award = ensure_award()
    before = Cycle.objects.create(award=award, year=2023, **Cycle.default_times(2023))
    after = Cycle.objects.create(award=award, year=2025, **Cycle.default_times(2025))
    add_default_criteria(before)
    add_default_criteria(after)
    assert {c.platform_id for k in before.criteria.all() for c in k.clauses.all()} == {
        award_platform.pk
    }
    assert {c.platform_id for k in after.criteria.all() for c in k.clauses.all()} == {newer.pk}


def test_the_platform_page_shows_the_full_text_with_an_anchor_on_every_clause(
    client, award_platform
):
    response = client.get(reverse("platforms:detail", args=["frivillighet-norge-ks"]))
    page = response.content.decode()
    assert response.status_code == 200
    ids = set(re.findall(r'id="([^"]+)"', page))
    for clause in award_platform.clauses.all():
        assert clause.anchor in ids, clause.anchor
        assert clause.text.split("[^")[0][:40] in page
    for section in award_platform.sections.all():
        assert section.anchor in ids
        assert f'href="#{section.anchor}"' in page  # table of contents
    assert "relasjonen-1e" in ids
    assert 'href="#relasjonen-1e"' in page  # the visible number links to itself
    assert "Frivillighet Norge – KS" in page
    assert 'href="/plattformer/frivillighet-norge-ks/#fotnote-1"' in page
    assert 'id="fotnote-1"' in page
    assert 'data-anchor="relasjonen-1f"' in page  # copy-link affordance


def test_the_page_is_norwegian_with_a_skip_link_and_landmarks(client, award_platform):
    page = client.get(award_platform.get_absolute_url()).content.decode()
    assert '<html lang="nb">' in page
    assert 'href="#main"' in page and 'id="main"' in page
    assert "<header" in page and "<main" in page and "<footer" in page and "<nav" in page
    assert "Hopp til hovedinnholdet" in page
    assert "Innhold" in page and "Parter" in page


def test_the_page_is_available_in_english(client, award_platform):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(award_platform.get_absolute_url()).content.decode()
    assert '<html lang="en">' in page
    assert "Skip to main content" in page and "Source of this text" in page


def test_signing_place_date_and_signatories_are_shown(client, all_platforms):
    page = client.get("/plattformer/ks-norsk-kulturforum/").content.decode()
    assert "Oslo, 28. april 2020" in page
    assert "Hege Knarvik Sande" in page


def test_a_revision_links_to_what_it_replaces(client, award_platform):
    newer = import_platform_bytes(
        b"---\ntitle: Revidert plattform\nslug: revidert\nparties: KS\n"
        b"revises: frivillighet-norge-ks\n---\n## Del {#del}\n\n1. Punkt.\n"
    ).platform
    page = client.get(newer.get_absolute_url()).content.decode()
    assert award_platform.get_absolute_url() in page
    older = client.get(award_platform.get_absolute_url()).content.decode()
    assert newer.get_absolute_url() in older


def test_an_unknown_platform_is_not_found(client):
    assert client.get("/plattformer/finnes-ikke/").status_code == 404


def test_queries_do_not_grow_with_the_text(client, all_platforms, django_assert_max_num_queries):
    big = "\n".join(
        f"## Del {s} {{#del-{s}}}\n\n"
        + "\n".join(f"{n}. Punkt {n}.\n   a. Underpunkt." for n in range(1, 30))
        for s in range(1, 15)
    )
    import_platform_bytes(f"---\ntitle: Stor\nslug: stor\nparties: KS\n---\n{big}\n".encode())
    # 7: one of them reads which awards rest on which platform (platforms.notes).
    with django_assert_max_num_queries(7):
        response = client.get("/plattformer/stor/")
    assert response.status_code == 200
    assert response.content.decode().count('class="clause ') == 14 * 29 * 2
    with django_assert_max_num_queries(7):
        client.get("/plattformer/frivillighet-norge-ks/")
    with django_assert_max_num_queries(3):
        assert client.get("/plattformer/").status_code == 200


def test_points_sit_in_a_list_under_their_clause_and_text_is_escaped(client, db):
    import_platform_bytes(
        "---\ntitle: Liten\nslug: liten\nparties: KS\n---\n## Del {#del}\n\n"
        "Innledning med <b>tegn</b> & mer.\n\n"
        "1. Første punkt.\n   a. Underpunkt a.\n   b. Underpunkt b.\n2. Andre punkt.\n".encode()
    )
    page = client.get("/plattformer/liten/").content.decode()
    assert "Innledning med &lt;b&gt;tegn&lt;/b&gt; &amp; mer." in page
    first = page[page.index('<li id="del-1"') : page.index('<li id="del-2"')]
    assert '<ol class="clauses clauses--points">' in first
    assert first.index('id="del-1a"') < first.index('id="del-1b"')
    assert '<span class="visually-hidden">Punkt 1</span>a.' in first
    assert '<span class="visually-hidden"> til punkt 1a</span>' in first  # the copy-link button
    assert '<span class="visually-hidden"> til dette avsnittet</span>' in page  # the paragraph


def test_copying_a_year_cites_the_version_in_force_in_the_new_year(award_platform, register):
    from nominations.defaults import add_default_criteria, ensure_award
    from nominations.models import Cycle

    award = ensure_award()
    old = Cycle.objects.create(award=award, year=2023, **Cycle.default_times(2023))
    add_default_criteria(old)
    source = SHIPPED_TEXTS[0].read_text(encoding="utf-8")
    newer = import_platform_bytes(
        source.replace(
            "slug: frivillighet-norge-ks\n",
            "slug: frivillighet-norge-ks-2024\nrevises: frivillighet-norge-ks\n"
            "valid_from: 2024-06-01\n",
        ).encode()
    ).platform
    new = old.copy_to_year(2025)
    cited = [c for k in new.criteria.all() for c in k.clauses.all()]
    assert cited and {c.platform_id for c in cited} == {newer.pk}
    assert {c.platform_id for k in old.criteria.all() for c in k.clauses.all()} == {
        award_platform.pk
    }
