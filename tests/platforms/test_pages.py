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
    assert "gjelder til 2027" in page


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
    assert "gjelder til 2027" in page
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
    assert "Skip to main content" in page and "valid until 2027" in page


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
    with django_assert_max_num_queries(6):
        response = client.get("/plattformer/stor/")
    assert response.status_code == 200
    assert response.content.decode().count('class="clause ') == 14 * 29 * 2
    with django_assert_max_num_queries(6):
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
