"""Two awards with a cycle each in the same year (#21): Årets frivillighetskommune on the
Frivillighet Norge–KS platform and a second award on the KS–Norsk kulturforum agreement that
ships with the project. Both are nominated for, scored, deliberated and published through the
year, and nothing of one leaks into the other: not the call, the form, the receipts, the jury's
pages, the deliberation, the public pages, the feed, the archive or the workbook."""

import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from nominations.defaults import DEFAULT_SCALE, add_default_criteria, ensure_award
from nominations.models import (
    Award,
    Candidate,
    Criterion,
    CriterionClause,
    Cycle,
    Eligibility,
    Nomination,
    ScalePoint,
)
from nominations.models.cycles import oslo_time
from nominations.secretariat import screen
from platforms.importer import SHIPPED_TEXTS, import_platform_bytes
from platforms.models import Clause
from scoring import decision
from scoring.models import Jury, JuryMember, Review, Score

from .factories import secretariat_user
from .nominations.helpers import Clerk

YEAR = 2027
OPEN = oslo_time(YEAR, 6, 1, 12)
JURY_AT_WORK = oslo_time(YEAR, 9, 20, 12)
DELIBERATION = oslo_time(YEAR, 10, 20, 12)
ANNOUNCED = oslo_time(YEAR, 12, 5, 13)

# Which municipalities each award's nominators put forward: Trondheim in both.
NUMBERS = {"frivillighet": ("1812", "5001", "4601"), "kultur": ("5001", "1106", "0301")}
CULTURE_SLUG = "arets-kulturkommune"


def cycle_of(award):
    cycle = Cycle.objects.create(
        award=award,
        year=YEAR,
        is_published=True,
        jury_started_at=oslo_time(YEAR, 9, 10),
        deliberation_started_at=oslo_time(YEAR, 10, 15),
        **Cycle.default_times(YEAR),
    )
    return cycle


def culture_criteria(cycle):
    """Two criteria citing clauses of the KS–Norsk kulturforum agreement."""
    clauses = list(Clause.objects.filter(platform=cycle.award.platform).order_by("pk")[:2])
    assert len(clauses) == 2
    for position, (title, clause) in enumerate(
        zip(("Kulturplan", "Samarbeid med kulturlivet"), clauses, strict=True), start=1
    ):
        criterion = Criterion.objects.create(
            cycle=cycle,
            position=position,
            title=title,
            question=f"Hvordan arbeider kommunen med {title.lower()}?",
            weight=Decimal("1"),
        )
        ScalePoint.objects.bulk_create(
            ScalePoint(criterion=criterion, value=v, description=d) for v, d in DEFAULT_SCALE
        )
        CriterionClause.objects.create(criterion=criterion, clause=clause, position=1)


@pytest.fixture
def awards(award_platform, register):
    culture_text = SHIPPED_TEXTS[1]
    culture_platform = import_platform_bytes(culture_text.read_bytes(), culture_text.name).platform
    volunteering = ensure_award()
    culture = Award.objects.create(
        name="Årets kulturkommune",
        slug=CULTURE_SLUG,
        platform=culture_platform,
        reference_prefix="AKK",
        description="KS og Norsk kulturforums pris til kommunen med den beste kulturpolitikken.",
    )
    cycles = {"frivillighet": cycle_of(volunteering), "kultur": cycle_of(culture)}
    add_default_criteria(cycles["frivillighet"])
    culture_criteria(cycles["kultur"])
    return cycles


def nominate_everyone(client, cycles, on_commit):
    for key, cycle in cycles.items():
        for number in NUMBERS[key]:
            clerk = Clerk(client, cycle, on_commit)
            response = clerk.complete(number)
            assert response.status_code == 302, response.content.decode()[:2000]


def seat_jury(cycle, names, django_user_model, shared_user):
    jury = Jury.objects.create(cycle=cycle)
    members = {}
    for i, name in enumerate(names):
        user = django_user_model.objects.create_user(
            f"{name}-{cycle.award.slug}", first_name=name.title(), last_name="Jurist"
        )
        members[name] = JuryMember.objects.create(
            jury=jury, user=user, is_chair=i == 0, conflicts_declared_at=OPEN
        )
    # One person sits on both juries.
    members["delt"] = JuryMember.objects.create(
        jury=jury, user=shared_user, conflicts_declared_at=OPEN
    )
    return members


def score_all(cycle, members):
    criteria = list(cycle.criteria.order_by("position"))
    for rank, candidate in enumerate(cycle.candidates.order_by("municipality__number")):
        for member in members.values():
            review = Review.objects.create(
                member=member, candidate=candidate, done_at=JURY_AT_WORK, version=1
            )
            Score.objects.bulk_create(
                Score(review=review, criterion=c, value=1 + (rank + c.position) % 5)
                for c in criteria
            )


def publish(cycle, members, winner_number):
    """The chair chooses, writes, every juror signs and the chair locks."""
    chair = members[next(iter(members))]
    actor = decision.Deliberator(user=chair.user, cycle=cycle, member=chair)
    candidates = list(cycle.candidates.select_related("municipality"))
    winner = next(c for c in candidates if c.municipality.number == winner_number)
    finalists = [winner] + [c for c in candidates if c != winner][:2]
    result = decision.choose(actor, finalists, winner, now=DELIBERATION)
    criteria = list(cycle.criteria.order_by("position"))
    texts = decision.Texts(
        justification=f"Juryen kårer {winner.municipality.name}. Kommunen har et godt råd.",
        justification_criteria=criteria[:1],
        paragraphs={
            f.pk: (f"{f.candidate.municipality.name} har gode møter.", criteria[-1:])
            for f in decision.finalists_of(result)
        },
    )
    result = decision.save_texts(actor, texts, decision.text_digest(result), now=DELIBERATION)
    digest = decision.text_digest(decision.load_result(cycle))
    for member in members.values():
        decision.sign_off(member, digest, now=DELIBERATION)
    decision.lock(actor, now=DELIBERATION)


def test_two_awards_run_side_by_side_in_the_same_year(
    client, awards, django_user_model, django_capture_on_commit_callbacks, tmp_path
):
    volunteering, culture = awards["frivillighet"], awards["kultur"]

    # --- The call: each award's page and form name it; /nominer/ offers the choice. -----
    with time_machine.travel(OPEN, tick=False):
        assert Cycle.objects.current(volunteering.award) == volunteering
        assert Cycle.objects.current(culture.award) == culture
        choice = client.get(reverse("nominations:start")).content.decode()
        assert "Årets frivillighetskommune 2027" in choice
        assert "Årets kulturkommune 2027" in choice
        assert f'href="/{CULTURE_SLUG}/nominer/"' in choice
        # The short address of the form cannot guess: it leads to the choice.
        assert client.get(reverse("nominations:wizard_new"))["Location"] == "/nominer/"

        front = client.get("/").content.decode()
        assert "Dialog med frivilligheten" in front  # the site award's call and criteria
        assert "Kulturplan" not in front
        assert f'href="/{CULTURE_SLUG}/"' in front  # the other award, beside it
        culture_page = client.get(f"/{CULTURE_SLUG}/").content.decode()
        assert "<h1>Årets kulturkommune</h1>" in culture_page
        assert "Kulturplan" in culture_page
        assert "/plattformer/ks-norsk-kulturforum/#" in culture_page  # its criteria cite it
        culture_call = client.get(f"/{CULTURE_SLUG}/nominer/").content.decode()
        assert f'href="/{CULTURE_SLUG}/nominer/ny/"' in culture_call
        form = client.get(f"/{CULTURE_SLUG}/nominer/ny/").content.decode()
        assert "Årets kulturkommune 2027" in form

        nominate_everyone(client, awards, django_capture_on_commit_callbacks)

    for key, cycle in awards.items():
        nominations = Nomination.objects.filter(cycle=cycle)
        assert sorted(nominations.values_list("municipality__number", flat=True)) == sorted(
            NUMBERS[key]
        )
        prefix = cycle.award.reference_prefix
        assert all(n.reference.startswith(f"{prefix}-{YEAR}-") for n in nominations)
    # Trondheim is a candidate once in each award, each with its own nomination.
    assert Candidate.objects.filter(municipality__number="5001").count() == 2

    # --- Screening and the juries: one person sits on both. -------------------------------
    secretariat = secretariat_user()
    for cycle in awards.values():
        screen(cycle.candidates.all(), Eligibility.ELIGIBLE, by=secretariat)
    shared = django_user_model.objects.create_user("delt", first_name="Delt", last_name="Jurist")
    juries = {
        key: seat_jury(cycle, ("leder", "anne"), django_user_model, shared)
        for key, cycle in awards.items()
    }

    with time_machine.travel(JURY_AT_WORK, tick=False):
        client.force_login(shared)
        # Two current juries: the list, each named by its award.
        listing = client.get(reverse("scoring:index")).content.decode()
        assert "Årets frivillighetskommune 2027" in listing
        assert "Årets kulturkommune 2027" in listing
        for key, cycle in awards.items():
            home = client.get(reverse("scoring:home", args=[cycle.pk])).content.decode()
            assert f"{cycle.award.name} 2027" in home
            theirs = {c.municipality.name for c in cycle.candidates.select_related("municipality")}
            other = next(c for k, c in awards.items() if k != key)
            only_other = {
                c.municipality.name
                for c in other.candidates.select_related("municipality")
                if c.municipality.name not in theirs
            }
            assert all(name in home for name in theirs)
            assert not any(name in home for name in only_other)
            # A candidate of the other award is not found under this award's address.
            stranger = other.candidates.exclude(municipality__number="5001").first()
            address = reverse("scoring:candidate", args=[cycle.pk, stranger.pk])
            assert client.get(address).status_code == 404
        for key, cycle in awards.items():
            score_all(cycle, juries[key])

    # --- The deliberation: each chair sees their award's figures alone. ------------------------
    with time_machine.travel(DELIBERATION, tick=False):
        for key, cycle in awards.items():
            client.force_login(juries[key]["leder"].user)
            page = client.get(reverse("scoring:deliberation", args=[cycle.pk])).content.decode()
            assert f"{cycle.award.name} 2027" in page
            for candidate in Candidate.objects.select_related("municipality"):
                if candidate.municipality.number in ("5001",):
                    continue  # in both
                shown = candidate.municipality.display_name in page
                assert shown == (candidate.cycle_id == cycle.pk), candidate
        publish(volunteering, juries["frivillighet"], "1812")
        publish(culture, juries["kultur"], "1106")

    # --- Published: each award's pages, feed and archive hold its own winner. --------------
    client.logout()
    with time_machine.travel(ANNOUNCED, tick=False):
        winners = {"frivillighet": "Sømna", "kultur": "Haugesund"}
        givers = {"frivillighet": "KS og Frivillighet Norge", "kultur": "KS og Norsk kulturforum"}
        for key, cycle in awards.items():
            other_winner = next(w for k, w in winners.items() if k != key)
            announcement = client.get(reverse("public:announcement", args=[cycle.award.slug, YEAR]))
            assert announcement.status_code == 200
            text = announcement.content.decode()
            assert f"{winners[key]} er {cycle.award.name} {YEAR}" in text
            assert other_winner not in text
            feed = client.get(reverse("public:feed", args=[cycle.award.slug])).content.decode()
            assert winners[key] in feed and other_winner not in feed
            assert f"<name>{givers[key]}</name>" in feed
            assert f"Kåret av {givers[key]}" in text
        front = client.get("/").content.decode()
        assert "Sømna er Årets frivillighetskommune 2027" in front
        assert "Haugesund" not in front
        culture_page = client.get(f"/{CULTURE_SLUG}/").content.decode()
        assert "Haugesund er Årets kulturkommune 2027" in culture_page
        archive = client.get(reverse("public:archive")).content.decode()
        assert "Årets kulturkommune" in archive and "Haugesund" in archive

    # --- The workbook of each holds its own candidates; the command names the award. -------
    client.force_login(secretariat)
    for key, cycle in awards.items():
        response = client.get(reverse("scoring:export", args=[cycle.pk]))
        workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        cells = {
            str(value)
            for sheet in workbook.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if value is not None
        }
        assert cycle.award.name in cells
        other = next(c for k, c in awards.items() if k != key)
        assert not any(c.startswith(f"{other.award.reference_prefix}-") for c in cells)
    output = tmp_path / "kultur.xlsx"
    call_command(
        "export_results",
        str(YEAR),
        "--award",
        CULTURE_SLUG,
        "-o",
        str(output),
        stdout=io.StringIO(),
    )
    cells = {
        str(value)
        for sheet in openpyxl.load_workbook(output).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert "Årets kulturkommune" in cells
    assert not any(c.startswith("AFK-") for c in cells)

    # --- The secretariat's home offers both of the year's cycles. ---------------------------
    home = client.get(reverse("scoring:secretariat")).content.decode()
    for cycle in awards.values():
        assert reverse("scoring:secretariat_cycle", args=[cycle.pk]) in home


def test_the_short_address_of_the_form_goes_to_the_one_open_call(client, awards):
    """With one award's call open and the other's closed, /nominer/ is the open one's."""
    culture = awards["kultur"]
    culture.nominations_close_at = oslo_time(YEAR, 5, 20)
    culture.save()
    with time_machine.travel(OPEN, tick=False):
        page = client.get(reverse("nominations:start")).content.decode()
        assert "Årets frivillighetskommune 2027" in page
        assert "Årets kulturkommune" not in page
        assert client.get(reverse("nominations:wizard_new"))["Location"] == (
            "/arets-frivillighetskommune/nominer/ny/"
        )
        closed = client.get(f"/{CULTURE_SLUG}/nominer/").content.decode()
        assert "Årets kulturkommune 2027" in closed
        assert "Fristen for å nominere for 2027 var 20. mai 2027" in closed


def test_an_award_page_keeps_its_queries_with_more_awards(
    client, awards, django_assert_max_num_queries
):
    for n in range(8):
        award = Award.objects.create(
            name=f"Pris {n}", slug=f"pris-{n}", platform=awards["kultur"].award.platform
        )
        cycle_of(award)
    with time_machine.travel(OPEN, tick=False), django_assert_max_num_queries(8):
        page = client.get("/").content.decode()
    assert all(f"Pris {n} 2027" in page for n in range(8))
    with time_machine.travel(OPEN, tick=False), django_assert_max_num_queries(8):
        assert client.get(f"/{CULTURE_SLUG}/").status_code == 200


def test_an_unknown_award_is_not_found(client, awards):
    assert client.get("/finnes-ikke/nominer/").status_code == 404
    assert client.get("/finnes-ikke/nominer/ny/").status_code == 404
    assert client.get("/finnes-ikke/").status_code == 404
    # The site award's own address is its front page.
    assert client.get("/arets-frivillighetskommune/")["Location"] == "/"


def test_the_cycle_of_one_award_never_counts_as_another_awards_current(awards):
    culture = awards["kultur"]
    later = Cycle.objects.create(
        award=culture.award,
        year=YEAR + 1,
        is_published=True,
        **Cycle.default_times(YEAR + 1),
    )
    assert Cycle.objects.current(culture.award) == later
    assert Cycle.objects.current(awards["frivillighet"].award) == awards["frivillighet"]
    assert list(Cycle.objects.current_per_award()) == [awards["frivillighet"], later]


@pytest.mark.parametrize("taken", ["arkiv", "jury", "nominer", "admin", "static", "plattformer"])
def test_an_award_cannot_take_an_address_of_the_site(awards, taken):
    award = Award(name="Ny pris", slug=taken, platform=awards["kultur"].award.platform)
    with pytest.raises(ValidationError) as refused:
        award.full_clean()
    assert f"Adressen /{taken}/ hører til en annen side" in str(refused.value)
    award.slug = "arets-idrettskommune"
    award.full_clean()  # free


def test_the_admin_says_so_next_to_the_slug(admin_client, awards):
    response = admin_client.post(
        "/admin/nominations/award/add/",
        {
            "name": "Arkivprisen",
            "slug": "arkiv",
            "platform": awards["kultur"].award.platform.pk,
            "reference_prefix": "ARK",
        },
    )
    assert response.status_code == 200
    assert "Adressen /arkiv/ hører til en annen side" in response.content.decode()
    assert not Award.objects.filter(slug="arkiv").exists()
