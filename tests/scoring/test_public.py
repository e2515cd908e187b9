"""The public site: the front page through the year, the finalists and announcement pages with
their publication times and the secretariat's preview, the archive with the past winners, the
municipality pages, the feed, the platform pages' citations and the sharing tags."""

import datetime
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from nominations.models import (
    Criterion,
    Cycle,
    Eligibility,
    Municipality,
    Nomination,
    NominationStatus,
)
from nominations.models.cycles import oslo_time
from scoring.models import Finalist, Result

from .helpers import (
    AFTER_DEADLINE,
    ANNOUNCED,
    BEFORE_ANNOUNCEMENT,
    BEFORE_FINALISTS,
    BEFORE_OPENING,
    FINALISTS_OUT,
    LAST_DAY,
    NUMBERS,
    OPENED,
    YEAR,
    announcement_url,
    decide,
    finalists_url,
    get,
    make_year,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def cycle(award):
    return make_year(award, YEAR)


@pytest.fixture
def decided(cycle):
    decide(cycle, "1812", ("1812", "5001", "4601"))
    return cycle


def front_state(client, when):
    response = get(client, "/", when)
    assert response.status_code == 200
    states = re.findall(r'data-state="([a-z]+)"', response.content.decode())
    return states[0] if states else "general"


# The front page through the year


def test_the_front_page_without_a_published_cycle_is_the_general_page(client, award):
    make_year(award, YEAR, published=False)
    assert front_state(client, OPENED) == "general"
    page = client.get("/").content.decode()
    assert 'href="/nominer/"' in page  # the menu still leads there
    assert reverse("public:archive") in page


def test_the_front_page_follows_every_phase_boundary(client, decided):
    assert front_state(client, BEFORE_OPENING) == "upcoming"
    assert front_state(client, OPENED) == "open"
    assert front_state(client, LAST_DAY) == "open"
    assert front_state(client, AFTER_DEADLINE) == "jury"
    assert front_state(client, BEFORE_FINALISTS) == "jury"
    assert front_state(client, FINALISTS_OUT) == "finalists"
    assert front_state(client, BEFORE_ANNOUNCEMENT) == "finalists"
    assert front_state(client, ANNOUNCED) == "announced"


def test_the_call_has_the_deadline_days_left_criteria_with_clauses_and_the_action(english, decided):
    page = get(english, "/", oslo_time(YEAR, 8, 30, 9)).content.decode()
    assert "Deadline 1 September 2025 at 23:59" in page
    assert "2 days left." in page
    assert "1 day left." in get(english, "/", oslo_time(YEAR, 8, 31, 23)).content.decode()
    assert "voluntary organisations, private persons and state bodies" in page
    call = "/arets-frivillighetskommune/nominer/"
    assert f'<a class="button button--large" href="{call}">Nominate a municipality</a>' in page
    for criterion in decided.criteria.all():
        assert criterion.title in page
        assert f'id="kriterium-{criterion.position}"' in page
    first_clause = decided.criteria.get(position=1).clauses.first()
    assert first_clause.text.split("[^")[0][:40] in page  # the cited clause's own words
    assert f'href="{first_clause.get_absolute_url()}"' in page
    last_day = get(english, "/", LAST_DAY).content.decode()
    assert "Today is the last day." in last_day


def test_after_the_deadline_the_jury_is_at_work_and_the_dates_are_given(english, decided):
    page = get(english, "/", AFTER_DEADLINE).content.decode()
    assert "The jury is at work" in page
    assert "The finalists will be announced on 20 November 2025." in page
    assert "The winner will be announced on 5 December 2025." in page
    assert "Juryens avsnitt" not in page and "Sømna" not in page


def test_a_late_jury_keeps_the_front_page_at_work_and_the_pages_hidden(english, cycle):
    # The finalists' time has come, but no result is recorded: nothing empty is published.
    page = get(english, "/", FINALISTS_OUT).content.decode()
    assert 'data-state="jury"' in page
    assert "The finalists will be announced soon." in page
    assert get(english, finalists_url(cycle), FINALISTS_OUT).status_code == 404
    assert get(english, announcement_url(cycle), ANNOUNCED).status_code == 404


def test_finalists_then_the_winner_on_the_front_page(english, decided):
    page = get(english, "/", FINALISTS_OUT).content.decode()
    for name in ("Sømna", "Trondheim - Tråante", "Bergen"):
        assert name in page
    assert finalists_url(decided) in page
    assert "Winner" not in page  # not before the announcement
    page = get(english, "/", ANNOUNCED).content.decode()
    assert "Sømna is Årets frivillighetskommune 2025" in page
    assert announcement_url(decided) in page


def test_while_the_next_call_is_open_the_front_page_points_to_last_years_result(english, award):
    last = make_year(award, YEAR - 1)
    decide(last, "4601", ("4601", "1106"))
    make_year(award, YEAR)
    page = get(english, "/", OPENED).content.decode()
    assert 'data-state="open"' in page
    assert "Bergen is Årets frivillighetskommune 2024" in page
    assert announcement_url(last) in page
    assert_accessible_structure(page, lang="en")


# The finalists and announcement pages


@pytest.mark.parametrize(
    "when, finalists, announcement",
    [
        (BEFORE_OPENING, 404, 404),
        (OPENED, 404, 404),
        (AFTER_DEADLINE, 404, 404),
        (BEFORE_FINALISTS, 404, 404),
        (FINALISTS_OUT, 200, 404),
        (BEFORE_ANNOUNCEMENT, 200, 404),
        (ANNOUNCED, 200, 200),
        (ANNOUNCED + datetime.timedelta(days=400), 200, 200),
    ],
)
def test_each_page_is_public_from_its_own_time(client, decided, when, finalists, announcement):
    assert get(client, finalists_url(decided), when).status_code == finalists
    assert get(client, announcement_url(decided), when).status_code == announcement


def finalist_order(page):
    return re.findall(r'class="finalist__name"><a href="/kommuner/([0-9]+)/"', page)


def test_the_finalists_are_listed_alphabetically_until_the_winner_is_announced(client, decided):
    # The jury put the winner first; before the announcement that order would give it away.
    page = get(client, finalists_url(decided), FINALISTS_OUT).content.decode()
    assert finalist_order(page) == ["4601", "1812", "5001"]  # Bergen, Sømna, Trondheim
    front = get(client, "/", FINALISTS_OUT).content.decode()
    assert front.index("Bergen") < front.index("Sømna") < front.index("Trondheim")
    page = get(client, finalists_url(decided), ANNOUNCED).content.decode()
    assert finalist_order(page) == ["1812", "5001", "4601"]


def test_a_draft_cycle_is_never_public(client, award):
    draft = make_year(award, YEAR, published=False)
    decide(draft, "1812", ("1812", "5001"))
    assert get(client, finalists_url(draft), ANNOUNCED).status_code == 404
    assert get(client, announcement_url(draft), ANNOUNCED).status_code == 404
    assert client.get("/arets-frivillighetskommune/1999/").status_code == 404
    assert client.get("/ingen-pris/2025/").status_code == 404


def test_the_secretariat_previews_marked_as_not_published(english, decided, secretariat):
    english.force_login(secretariat)
    for url in (finalists_url(decided), announcement_url(decided)):
        response = get(english, url, AFTER_DEADLINE)
        page = response.content.decode()
        assert response.status_code == 200
        assert 'data-preview="true"' in page
        assert "Not published." in page
        assert "no-store" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex"
    # Once public, the same visitor sees the page without the mark.
    page = get(english, announcement_url(decided), ANNOUNCED).content.decode()
    assert "data-preview" not in page


@pytest.mark.parametrize("staff, perm", [(False, True), (True, False)])
def test_no_preview_without_staff_and_permission(client, decided, django_user_model, staff, perm):
    user = django_user_model.objects.create_user("someone", is_staff=staff)
    if perm:
        user.user_permissions.add(Permission.objects.get(codename="view_result"))
    client.force_login(user)
    assert get(client, announcement_url(decided), AFTER_DEADLINE).status_code == 404


def test_the_announcement_shows_winner_finalists_justification_jury_and_criteria(english, decided):
    page = get(english, announcement_url(decided), ANNOUNCED).content.decode()
    assert "<h1>Sømna is Årets frivillighetskommune 2025</h1>" in page
    assert "Juryen begrunner kåringen 2025" in page
    for name in ("Sømna", "Trondheim", "Bergen"):
        assert f"Juryens avsnitt om {name}" in page
    assert 'Leder Jurist <span class="tag">chair</span>' in page
    assert "Anne Jurist" in page and "Bjørn Jurist" in page
    # The criteria the justification cites are named, and link to the criteria below.
    justification = page.split('id="justification-heading"')[1].split("</section>")[0]
    assert 'href="#kriterium-2">Politisk forankring</a>' in justification
    assert 'href="#kriterium-4">Fast møtestruktur</a>' in justification
    assert "Speaks to the criteria:" in justification
    # Each finalist's paragraph names its criterion.
    trondheim = page.split('id="kandidat-')[2].split("</li>")[0]
    assert "Trondheim" in trondheim and 'href="#kriterium-2"' in trondheim
    # The platform revision in force that year.
    assert decided.award.platform.get_absolute_url() in page
    # Nominators are never named.
    assert "Innsender" not in page and "@example.org" not in page


def platform_ids(client, slug):
    page = client.get(reverse("platforms:detail", args=[slug])).content.decode()
    return set(re.findall(r'id="([^"]+)"', page))


def assert_every_criterion_link_resolves(client, page):
    in_page = set(re.findall(r'id="([^"]+)"', page))
    for anchor in re.findall(r'href="#(kriterium-[0-9]+)"', page):
        assert anchor in in_page, anchor
    links = re.findall(r'href="/plattformer/([^/"]+)/#([^"]+)"', page)
    assert links
    ids = {}
    for slug, anchor in links:
        if slug not in ids:
            ids[slug] = platform_ids(client, slug)
        assert anchor in ids[slug], f"{slug}#{anchor}"


def test_every_criterion_link_resolves_to_an_id_on_the_platform_page(client, decided):
    for url, when in (
        ("/", OPENED),
        (finalists_url(decided), FINALISTS_OUT),
        (announcement_url(decided), ANNOUNCED),
    ):
        with time_machine.travel(when, tick=False):
            page = client.get(url).content.decode()
            assert_every_criterion_link_resolves(client, page)


def test_the_announcement_can_be_shared(client, decided, settings):
    settings.SITE_URL = "https://frivillighetskommune.example"
    page = get(client, announcement_url(decided), ANNOUNCED).content.decode()
    url = "https://frivillighetskommune.example" + announcement_url(decided)
    assert f'<meta property="og:url" content="{url}">' in page
    assert '<meta property="og:type" content="article">' in page
    assert re.search(r'<meta property="og:title" content="Sømna [^"]+2025">', page)
    assert '<meta property="og:description" content="Juryen begrunner' in page
    assert '<meta name="description" content="Juryen begrunner' in page
    assert f'<link rel="canonical" href="{url}">' in page
    assert "<title>Sømna" in page
    assert 'type="application/atom+xml"' in page


def test_the_print_stylesheet_covers_the_announcement(client):
    css = client.get("/static/css/site.css")
    text = b"".join(css.streaming_content).decode() if css.streaming else css.content.decode()
    print_rules = text.split("@media print")[1]
    assert ".site-header" in print_rules and ".result-page" in print_rules


# The feed


def feed(client, award, when):
    response = get(client, reverse("public:feed", args=[award.slug]), when)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def test_the_feed_has_the_finalists_and_the_winner_each_when_published(english, award, settings):
    settings.SITE_URL = "https://frivillighetskommune.example"
    earlier = make_year(award, YEAR - 1)
    decide(earlier, "4601", ("4601", "1106"), jury_names=("Kari",))
    current = make_year(award, YEAR)
    decide(current, "1812", ("1812", "5001"))
    no_winner = make_year(award, YEAR - 2)
    decide(no_winner, None, ("0301",), jury_names=("Ola",))

    def titles(root):
        return [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]

    root = feed(english, award, BEFORE_FINALISTS)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{tag}") is not None, tag
    assert titles(root) == [
        "Bergen is Årets frivillighetskommune 2024",
        "The finalists for Årets frivillighetskommune 2024",
        "The finalists for Årets frivillighetskommune 2023",
    ]

    root = feed(english, award, FINALISTS_OUT)
    assert titles(root)[0] == "The finalists for Årets frivillighetskommune 2025"
    newest = root.findall(f"{ATOM}entry")[0]
    assert newest.find(f"{ATOM}link").get("href") == (
        "https://frivillighetskommune.example" + finalists_url(current)
    )
    assert newest.find(f"{ATOM}updated").text == "2025-11-20T09:00:00+00:00"
    # In alphabetical order, so that the order gives the winner away to no one.
    assert "Sømna, Trondheim" in newest.find(f"{ATOM}summary").text
    assert "Sømna is" not in "".join(titles(root))

    root = feed(english, award, ANNOUNCED)
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 5
    newest = entries[0]
    assert newest.find(f"{ATOM}title").text == "Sømna is Årets frivillighetskommune 2025"
    assert newest.find(f"{ATOM}link").get("href") == (
        "https://frivillighetskommune.example" + announcement_url(current)
    )
    for tag in ("id", "title", "updated", "summary"):
        assert newest.find(f"{ATOM}{tag}") is not None, tag
    assert "Juryen begrunner kåringen 2025" in newest.find(f"{ATOM}summary").text
    assert len({e.find(f"{ATOM}id").text for e in entries}) == 5


def test_no_feed_for_an_unknown_award(client, award):
    assert client.get("/ingen-pris/feed/").status_code == 404


# The archive


def archive_row(page, year):
    return page.split(f'data-year="{year}"')[1].split("</tr>")[0]


def test_the_archive_shows_the_past_winners_and_unknowns_as_unknown(english, award):
    page = english.get(reverse("public:archive")).content.decode()
    for year in range(2016, 2025):
        assert f'data-year="{year}"' in page
    row = archive_row(page, 2024)
    winner, others = row.split("</td>")[:2]
    # The winner is not recorded: its finalists are named with it, not as «other finalists».
    assert '<span class="unknown">not recorded</span>' in winner
    assert "The finalists:" in winner
    for name in ("Ål", "Haugesund", "Frogn"):
        assert f">{name}</a>" in winner and name not in others
    assert '<span class="unknown">unknown</span>' in others
    row = archive_row(page, 2022)
    assert '<a href="/kommuner/1812/">Sømna</a>' in row
    assert '<a href="/kommuner/3203/">Asker</a>' in row  # today's number, after the split of Viken
    assert '<a href="/kommuner/3907/">Sandefjord</a>' in row
    for year in (2016, 2021):
        assert archive_row(page, year).count('<span class="unknown">') == 1  # the finalists
    assert '<a href="/kommuner/5001/">Trondheim</a>' in archive_row(page, 2023)  # "- Tråante"
    assert '<a href="/kommuner/40/">Telemark fylkeskommune</a>' in archive_row(page, 2017)
    assert "Eid</td>" not in page and "Eid, " in archive_row(page, 2019)  # no register row: no link
    assert "ks.no" in archive_row(page, 2022)  # the source


def test_a_year_run_in_the_platform_replaces_the_file_and_links_its_announcement(english, award):
    ours = make_year(award, 2023)
    decide(ours, "4601", ("4601", "1106"))
    with time_machine.travel(oslo_time(2023, 12, 4), tick=False):
        page = english.get(reverse("public:archive")).content.decode()
    assert "Trondheim" in archive_row(page, 2023)  # the file's row until the announcement
    with time_machine.travel(oslo_time(2024, 1, 10), tick=False):
        page = english.get(reverse("public:archive")).content.decode()
    row = archive_row(page, 2023)
    assert announcement_url(ours) in row
    assert "Bergen" in row and "Haugesund" in row and "Trondheim" not in row


def test_the_archive_filters_by_county_and_by_criterion(english, award):
    ours = make_year(award, YEAR)
    decide(ours, "1812", ("1812", "5001", "4601"))
    url = reverse("public:archive")
    with time_machine.travel(ANNOUNCED, tick=False):
        akershus = english.get(url, {"fylke": "32"}).content.decode()
        nordland = english.get(url, {"fylke": "18"}).content.decode()
        # Finalist 1 (Sømna) cites criterion 1, Trondheim criterion 2; the justification 2 and 4.
        forankring = english.get(url, {"kriterium": "politisk-forankring"}).content.decode()
        struktur = english.get(url, {"kriterium": "fast-møtestruktur"}).content.decode()
        bad = english.get(url, {"fylke": "99"})
    for name in ("Asker", "Frogn", "Lørenskog"):
        assert name in akershus
    assert "Sømna" not in akershus and "Bergen" not in akershus
    assert nordland.count(">Sømna</a>") == 2  # 2022 from the file and 2025 of our own
    assert "Trondheim" in forankring and "Sømna" in forankring and "Bergen" not in forankring
    assert "2 winners and finalists" in forankring
    assert "1 winner or finalist" in struktur and "Sømna" in struktur  # the justification
    assert bad.status_code == 200 and "Choose from the lists." in bad.content.decode()


def test_the_archive_keeps_its_queries_constant(client, award, django_assert_max_num_queries):
    first = make_year(award, YEAR)
    decide(first, "1812", ("1812", "5001", "4601"))
    archive = reverse("public:archive")
    with time_machine.travel(ANNOUNCED, tick=False), django_assert_max_num_queries(8) as one_year:
        client.get(archive, {"fylke": "18"})
    for year in (YEAR + 1, YEAR + 2, YEAR + 3):
        more = make_year(award, year)
        decide(more, "4601", ("4601", "1106", "0301"), jury_names=(f"J{year}",))
    with (
        time_machine.travel(oslo_time(YEAR + 4, 1, 1), tick=False),
        django_assert_max_num_queries(len(one_year.captured_queries)),
    ):
        response = client.get(archive, {"fylke": "18"})
    assert response.status_code == 200
    assert "Sømna" in response.content.decode()  # the 2025 winner, in Nordland (18)


# A page per municipality


def test_a_municipality_page_follows_the_renumbering(english, award):
    old = english.get("/kommuner/3025/").content.decode()
    new = english.get("/kommuner/3203/").content.decode()
    for page in (old, new):
        assert archive_row(page, 2017).count("Finalist") == 1
        assert archive_row(page, 2022).count("Finalist") == 1
        assert "Among the finalists 2 times." in page
    assert 'href="/kommuner/3203/"' in old  # Later: Asker (3203)
    assert "Asker (3025)" in new  # Earlier
    assert english.get("/kommuner/9999/").status_code == 404
    assert english.get("/kommuner/abc/").status_code == 404


def test_a_municipality_page_counts_nominations_only_once_announced(english, decided):
    # One more nomination, and the municipality's own material, which is not a nomination.
    sømna = decided.candidates.get(municipality__number="1812")
    Nomination.objects.create(
        cycle=decided,
        municipality=sømna.municipality,
        candidate=sømna,
        status=NominationStatus.SUBMITTED,
        is_municipality_material=True,
        nominator_name="Sømna kommune",
    )
    before = get(english, "/kommuner/1812/", BEFORE_ANNOUNCEMENT).content.decode()
    assert 'data-year="2025"' in before  # a finalist: public
    assert "not counted" in archive_row(before, 2025)
    after = get(english, "/kommuner/1812/", ANNOUNCED).content.decode()
    row = archive_row(after, 2025)
    assert "Winner" in row and "<td>2</td>" in row
    assert announcement_url(decided) in row
    assert "Winner" in archive_row(after, 2022)  # from the file
    assert "Won 2 times." in after
    # Oslo was nominated but not a finalist: listed only where the secretariat chose to list
    # the other nominated municipalities of the year.
    decided.lists_other_nominees = True
    decided.save()
    oslo = get(english, "/kommuner/0301/", ANNOUNCED).content.decode()
    assert "Nominated" in archive_row(oslo, 2025) and "<td>2</td>" in archive_row(oslo, 2025)
    for page in (before, after, oslo):
        assert "Innsender" not in page and "@example.org" not in page


def test_the_municipality_page_keeps_its_queries_constant(
    client, award, django_assert_max_num_queries
):
    """As the archive: the first request after a change reads the records too (3 queries)."""
    first = make_year(award, YEAR)
    decide(first, "1812", ("1812", "5001"))
    with time_machine.travel(ANNOUNCED, tick=False):
        with django_assert_max_num_queries(15) as cold:
            client.get("/kommuner/1812/")
        with django_assert_max_num_queries(12) as kept:
            client.get("/kommuner/1812/")
    for year in (YEAR + 1, YEAR + 2, YEAR + 3):
        more = make_year(award, year)
        decide(more, "1812", ("1812", "4601", "0301"), jury_names=(f"J{year}",))
    with time_machine.travel(oslo_time(YEAR + 4, 1, 1), tick=False):
        with django_assert_max_num_queries(len(cold.captured_queries)):
            client.get("/kommuner/1812/")
        with django_assert_max_num_queries(len(kept.captured_queries)):
            response = client.get("/kommuner/1812/")
    assert response.content.decode().count('data-year="') == 5  # 2022, 2025–2028


# Each clause on the platform page names the criteria citing it


def test_the_platform_page_names_the_criteria_that_cite_each_clause(english, decided):
    url = decided.award.platform.get_absolute_url()
    page = get(english, url, AFTER_DEADLINE).content.decode()
    clause = page.split('id="relasjonen-1e"')[1].split("</li>")[0]
    assert "Criteria that rest on this clause:" in clause
    assert "Årets frivillighetskommune 2025: Fast møtestruktur" in clause
    # No public page shows the criteria yet.
    assert "href=" not in clause.split("Criteria that rest on this clause:")[1]
    page = get(english, url, BEFORE_ANNOUNCEMENT).content.decode()
    clause = page.split('id="relasjonen-1e"')[1].split("</li>")[0]
    assert f'href="{finalists_url(decided)}#kriterium-4"' in clause
    page = get(english, url, ANNOUNCED).content.decode()
    clause = page.split('id="relasjonen-1e"')[1].split("</li>")[0]
    assert f'href="{announcement_url(decided)}#kriterium-4"' in clause
    page = get(english, url, OPENED).content.decode()
    clause = page.split('id="relasjonen-1e"')[1].split("</li>")[0]
    assert 'href="/arets-frivillighetskommune/nominer/"' in clause  # the call, while it is open


def test_the_announcement_keeps_its_queries_constant(
    client, award, django_user_model, django_assert_max_num_queries
):
    small = make_year(award, YEAR)
    decide(small, "1812", ("1812", "5001", "4601"))
    with time_machine.travel(ANNOUNCED, tick=False), django_assert_max_num_queries(6) as few:
        assert client.get(announcement_url(small)).status_code == 200
    # A year with ten times the candidates, a jury of ten and twice the criteria.
    numbers = list(
        Municipality.objects.valid_in(YEAR + 1)
        .kommuner()
        .exclude(number__in=NUMBERS)
        .values_list("number", flat=True)[:45]
    )
    large = make_year(award, YEAR + 1, numbers=[*NUMBERS, *numbers])
    for position in range(large.criteria.count() + 1, 2 * large.criteria.count() + 1):
        Criterion.objects.create(
            cycle=large, position=position, title=f"Ekstra {position}", question="Hvordan?"
        ).clauses.set(award.platform.clauses.all()[:3], through_defaults={"position": 1})
    names = tuple(f"Jurymedlem{n}" for n in range(10))
    decide(large, "4601", ("4601", "1106", "0301"), jury_names=names)
    with (
        time_machine.travel(oslo_time(YEAR + 1, 12, 5, 12, 0), tick=False),
        django_assert_max_num_queries(len(few.captured_queries)),
    ):
        page = client.get(announcement_url(large)).content.decode()
    assert all(f">{name} Jurist" in page for name in names)
    assert "Ekstra 10" in page


def test_the_platform_page_keeps_its_queries_constant_as_years_cite_it(
    client, award, django_assert_max_num_queries
):
    url = award.platform.get_absolute_url()
    decide(make_year(award, YEAR), "1812", ("1812", "5001", "4601"))
    with time_machine.travel(ANNOUNCED, tick=False), django_assert_max_num_queries(8) as few:
        assert client.get(url).status_code == 200
    for year in (YEAR + 1, YEAR + 2, YEAR + 3):
        decide(make_year(award, year), "4601", ("4601", "1106", "0301"), jury_names=(f"J{year}",))
    with (
        time_machine.travel(oslo_time(YEAR + 4, 1, 1), tick=False),
        django_assert_max_num_queries(len(few.captured_queries)),
    ):
        page = client.get(url).content.decode()
    clause = page.split('id="relasjonen-1e"')[1].split("</li>")[0]
    assert all(f"{year}: Fast møtestruktur" in clause for year in range(YEAR, YEAR + 4))


def test_draft_criteria_are_not_named_on_the_platform_page(english, award):
    make_year(award, YEAR, published=False)
    page = english.get(award.platform.get_absolute_url()).content.decode()
    assert "Criteria that rest on this clause:" not in page


# Structure and accessibility of the pages


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings = []
        self.tags = set()
        self.lang = None
        self.field_ids = []
        self.label_for = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "html":
            self.lang = attrs.get("lang")
        if tag in ("select", "textarea") or (
            tag == "input" and attrs.get("type") not in ("hidden", "submit", "button")
        ):
            self.field_ids.append(attrs.get("id"))
        if tag == "label":
            self.label_for.add(attrs.get("for"))


def outline(page):
    parser = Outline()
    parser.feed(page)
    return parser


def assert_accessible_structure(page, lang="nb"):
    found = outline(page)
    assert found.lang == lang
    assert found.headings.count(1) == 1 and found.headings[0] == 1
    for before, after in zip(found.headings, found.headings[1:], strict=False):
        assert after <= before + 1, found.headings  # never a level skipped
    assert {"header", "nav", "main", "footer"} <= found.tags
    for field_id in found.field_ids:
        assert field_id and field_id in found.label_for, field_id
    assert "<script>" not in page and " onclick=" not in page


def test_every_public_page_has_one_h1_headings_in_order_landmarks_and_labels(client, decided):
    pages = [
        ("/", OPENED),
        ("/", AFTER_DEADLINE),
        ("/", FINALISTS_OUT),
        ("/", ANNOUNCED),
        (finalists_url(decided), ANNOUNCED),
        (announcement_url(decided), ANNOUNCED),
        (reverse("public:archive"), ANNOUNCED),
        (reverse("public:archive") + "?fylke=18", ANNOUNCED),
        ("/kommuner/1812/", ANNOUNCED),
        (reverse("accessibility"), ANNOUNCED),
        (reverse("nominations:privacy"), ANNOUNCED),
    ]
    for url, when in pages:
        response = get(client, url, when)
        assert response.status_code == 200, url
        assert_accessible_structure(response.content.decode())


def test_the_footer_links_privacy_and_the_accessibility_statement(english, award):
    page = english.get("/").content.decode()
    footer = page.split("<footer")[1]
    assert 'href="/personvern/"' in footer and 'href="/tilgjengelighet/"' in footer
    statement = english.get("/tilgjengelighet/").content.decode()
    assert "WCAG" in statement and "axe-core" in statement
    assert "What we know is missing" in statement and "Tell us about a problem" in statement
    privacy = english.get("/personvern/").content.decode()
    for heading in ("What we store", "Why", "What is published", "For how long", "who to ask"):
        assert heading in privacy


# What the public pages read of the people behind them


def test_no_public_page_reads_a_password_or_an_email_address(client, decided):
    """The public pages name the jurors; they never read a juror's password hash or e-mail
    address into the process, not even to leave them out of the page."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    platform = decided.award.platform
    urls = [
        "/",
        reverse("nominations:start"),
        finalists_url(decided),
        announcement_url(decided),
        reverse("public:archive"),
        reverse("public:municipality", args=["1812"]),
        reverse("public:feed", args=[decided.award.slug]),
        reverse("platforms:list"),
        platform.get_absolute_url(),
    ]
    with time_machine.travel(ANNOUNCED, tick=False):
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            read = [
                q["sql"] for q in queries if re.search(r'\."?(password|email)"?[\s,]', q["sql"])
            ]
            assert read == [], f"{url} reads {read}"
    assert ">Anne Jurist" in get(client, announcement_url(decided), ANNOUNCED).content.decode()


# Every change to a year is seen on the next request; the time still decides what is public


def test_the_jurys_texts_names_and_clauses_show_on_the_next_request(client, decided):
    def page():
        response = get(client, announcement_url(decided), ANNOUNCED)
        assert response.status_code == 200
        return response.content.decode()

    page()
    result = Result.objects.get(cycle=decided)
    Result.objects.filter(pk=result.pk).update(justification="Somna viser vei for alle.")
    assert "Somna viser vei for alle." in page()
    Finalist.objects.filter(result=result, position=2).update(paragraph="Et nytt avsnitt.")
    assert "Et nytt avsnitt." in page()
    Municipality.objects.filter(pk=result.winner.municipality_id).update(name="Somna og Vega")
    assert "Somna og Vega" in page()
    criterion = decided.criteria.order_by("position").first()
    Criterion.objects.filter(pk=criterion.pk).update(title="Samspill med frivilligheten")
    assert "Samspill med frivilligheten" in page()
    get_user_model().objects.filter(
        jury_memberships__jury__cycle=decided, first_name="Anne"
    ).update(first_name="Anna")
    html = page()
    assert ">Anna Jurist" in html and ">Anne Jurist" not in html


def test_a_year_seen_once_is_not_shown_before_its_time(client, decided):
    """Seen once announced; an hour before, it is still not public, and once the announcement
    is moved later it is hidden again."""
    assert get(client, announcement_url(decided), ANNOUNCED).status_code == 200
    assert get(client, announcement_url(decided), BEFORE_ANNOUNCEMENT).status_code == 404
    Cycle.objects.filter(pk=decided.pk).update(announced_at=oslo_time(YEAR, 12, 6, 12, 0))
    assert get(client, announcement_url(decided), ANNOUNCED).status_code == 404


def test_a_preview_for_the_secretariat_never_reaches_the_public(client, decided, secretariat):
    client.force_login(secretariat)
    preview = get(client, announcement_url(decided), BEFORE_ANNOUNCEMENT)
    assert preview.status_code == 200 and preview["X-Robots-Tag"] == "noindex"
    client.logout()
    assert get(client, announcement_url(decided), BEFORE_ANNOUNCEMENT).status_code == 404
    public = get(client, announcement_url(decided), ANNOUNCED)
    assert public.status_code == 200 and "X-Robots-Tag" not in public


def test_the_archive_names_a_winner_only_once_announced_and_shows_changes_at_once(client, decided):
    def year_row(when):
        with time_machine.travel(when, tick=False):
            response = client.get(reverse("public:archive"))
        assert response.status_code == 200
        return response.content.decode().split(f'data-year="{YEAR}"')[1].split("</tr>")[0]

    announced = year_row(ANNOUNCED)
    assert '<td><a href="/kommuner/1812/">Sømna</a></td>' in announced  # the winner's cell
    assert f'href="{announcement_url(decided)}"' in announced
    before = year_row(BEFORE_ANNOUNCEMENT)
    # The winner's cell: when, not who, in the future tense; the finalists with it.
    assert "<td>Kåres 5. desember 2025<br>Finalistene: " in before
    assert "Kåret" not in before
    assert f'href="{announcement_url(decided)}"' not in before
    assert 'Bergen</a>, <a href="/kommuner/1812/">Sømna</a>' in before  # alphabetical
    Municipality.objects.filter(number="1812", name="Sømna").update(name="Sømna og Vega")
    assert "Sømna og Vega" in year_row(ANNOUNCED)


# --- #18: what the pages say of what we do not know, and who is public ---------------------------


def test_the_finalists_of_a_year_without_a_known_winner_never_read_as_losers(english, award):
    """2024's winner is not in our data: one of Ål, Frogn and Haugesund won."""
    for number in ("3328", "3214"):  # Ål, Frogn: 2024 is their only year
        page = english.get(f"/kommuner/{number}/").content.decode()
        assert "The winner for 2024 is not recorded." in page
        assert "Won 0 times" not in page and "Has not won." not in page
        assert "Has not won in the years whose winner is known." in page
    haugesund = english.get("/kommuner/1106/").content.decode()  # finalist 2023 and 2024
    assert "The winner for 2024 is not recorded." in haugesund
    assert "Has not won." not in haugesund
    karmoy = english.get("/kommuner/1149/").content.decode()  # won 2018, every year known
    assert "Won once." in karmoy and "at least" not in karmoy
    porsgrunn = english.get("/kommuner/4001/").content.decode()  # finalist 2018 and 2020
    assert "Has not won." in porsgrunn and "not recorded" not in porsgrunn


def test_the_finalists_of_a_year_without_a_known_winner_in_bokmal(client, award):
    page = client.get("/kommuner/3328/").content.decode()
    assert "Vinneren for 2024 er ikke registrert." in page
    assert "Vant 0 ganger" not in page
    assert "Har ikke vunnet i årene der vinneren er kjent." in page


def test_a_winner_due_but_not_recorded_is_said_to_be_missing(client, cycle):
    """Past the announcement date, with finalists out but no winner recorded."""
    decide(cycle, None, ("1812", "5001", "4601"))
    archive = get(client, reverse("public:archive"), ANNOUNCED).content.decode()
    row = archive_row(archive, YEAR)
    assert f"Skulle vært kåret 5. desember {YEAR}, men ingen vinner er registrert" in row
    assert "Kåret" not in row and "Kåres" not in row
    page = get(client, "/kommuner/1812/", ANNOUNCED).content.decode()
    assert f"Vinneren for {YEAR} er ikke registrert." in page
    before = get(client, "/kommuner/1812/", BEFORE_ANNOUNCEMENT).content.decode()
    assert f"Vinneren for {YEAR} kåres 5. desember {YEAR}." in before


def test_only_finalists_and_the_winner_are_public_by_default(client, decided):
    oslo = decided.candidates.get(municipality__number="0301")  # nominated, not a finalist
    page = get(client, "/kommuner/0301/", ANNOUNCED).content.decode()
    assert f'data-year="{YEAR}"' not in page
    assert "Nominert" not in page
    # The secretariat lists the others for this year; one of them is then screened out.
    decided.lists_other_nominees = True
    decided.save()
    page = get(client, "/kommuner/0301/", ANNOUNCED).content.decode()
    assert f'data-year="{YEAR}"' in page and "Nominert" in page
    oslo.eligibility = Eligibility.INELIGIBLE
    oslo.save()
    page = get(client, "/kommuner/0301/", ANNOUNCED).content.decode()
    assert f'data-year="{YEAR}"' not in page


def test_the_secretariat_s_phase_says_whether_a_winner_is_recorded(admin_client, cycle):
    decide(cycle, None, ("1812", "5001", "4601"))
    with time_machine.travel(ANNOUNCED, tick=False):
        page = admin_client.get("/admin/nominations/cycle/").content.decode()
    assert "Kåringsdatoen er passert, men ingen vinner er registrert" in page
    assert "Vinneren er kåret" not in page
    result = cycle.result
    result.winner = cycle.candidates.get(municipality__number="1812")
    result.save()
    with time_machine.travel(ANNOUNCED, tick=False):
        page = admin_client.get("/admin/nominations/cycle/").content.decode()
    assert "Vinneren er kåret" in page
    assert "ingen vinner er registrert" not in page
