"""Awards, cycles and their phases, the default criteria and the demo."""

import datetime
import io
import re

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from nominations.defaults import DEFAULT_CRITERIA
from nominations.demo import DEMO_PASSWORD, load_demo
from nominations.models import Cycle, Nomination, Phase
from nominations.models.cycles import oslo_time

pytestmark = pytest.mark.django_db


def test_the_six_default_criteria_cite_the_clauses_of_the_award_platform(open_cycle):
    criteria = list(open_cycle.criteria.with_clauses())
    assert len(criteria) == 6
    assert [c.title for c in criteria] == [spec["title"] for spec in DEFAULT_CRITERIA]
    cited = {c.position: [clause.anchor for clause in c.clauses.all()] for c in criteria}
    assert cited[4] == ["relasjonen-1e"]  # frivillighetsråd / frivillighetsforum
    assert cited[5] == ["relasjonen-1f"]  # planprosesser
    # Møteplasser rests on 1b (meeting places with universal design), not on 1d (partnerships).
    assert cited[3] == ["relasjonen-1b"]
    # A local cooperation platform is one form of political anchoring (1a and the purpose).
    assert "relasjonen-1a" in cited[2] and "formal-avsnitt-3" in cited[2]
    # Predictable conditions: free funds, simple grant rules, premises.
    assert criteria[5].title == "Forutsigbare rammevilkår"
    assert cited[6][:3] == ["rammevilkar-1", "rammevilkar-2", "rammevilkar-3"]
    for criterion in criteria:
        assert criterion.clauses.count() == len(DEFAULT_CRITERIA[criterion.position - 1]["clauses"])
        assert [p.value for p in criterion.scale_points.all()] == [1, 2, 3, 4, 5]


def test_every_criterion_link_resolves_to_an_id_on_the_platform_page(client, open_cycle):
    page = client.get("/nominer/").content.decode()
    links = set(re.findall(r'href="(/plattformer/[^"#]+/)#([^"]+)"', page))
    assert len(links) == 13  # twelve clauses and the footnote of one
    for path, anchor in links:
        platform_page = client.get(path).content.decode()
        assert f'id="{anchor}"' in platform_page


def test_a_cited_clause_cannot_be_removed_by_a_reimport(open_cycle, tmp_path):
    from django.core.management import CommandError

    from platforms.importer import SHIPPED_TEXTS

    removed = "   f. Frivillig sektor bør involveres i planprosesser i de saker det er naturlig."
    text = SHIPPED_TEXTS[0].read_text()
    assert removed in text
    path = tmp_path / "uten-1f.md"
    path.write_text(text.replace(removed + "\n", ""))
    with pytest.raises(CommandError) as refused:
        call_command("import_platform", path)
    assert "relasjonen-1f" in str(refused.value)
    assert "Ingenting ble endret" in str(refused.value)
    assert open_cycle.criteria.get(position=5).clauses.get().anchor == "relasjonen-1f"


def test_the_phase_follows_the_times_and_the_secretariats_steps(open_cycle):
    cycle = open_cycle
    cycle.jury_started_at = cycle.nominations_close_at + datetime.timedelta(days=5)
    cycle.deliberation_started_at = cycle.nominations_close_at + datetime.timedelta(days=20)
    second = datetime.timedelta(seconds=1)
    assert cycle.phase_at(cycle.nominations_open_at - second) == Phase.UPCOMING
    assert cycle.phase_at(cycle.nominations_open_at) == Phase.OPEN
    assert cycle.phase_at(cycle.nominations_close_at - second) == Phase.OPEN
    assert cycle.phase_at(cycle.nominations_close_at) == Phase.SCREENING
    assert cycle.phase_at(cycle.jury_started_at) == Phase.JURY
    assert cycle.phase_at(cycle.deliberation_started_at) == Phase.DELIBERATION
    assert cycle.phase_at(cycle.finalists_published_at) == Phase.FINALISTS
    assert cycle.phase_at(cycle.announced_at - second) == Phase.FINALISTS
    assert cycle.phase_at(cycle.announced_at) == Phase.ANNOUNCED
    cycle.is_published = False
    assert cycle.phase_at(cycle.nominations_open_at) == Phase.DRAFT


def test_the_default_calendar_announces_on_5_december_in_oslo_time():
    times = Cycle.default_times(2026)
    announced = timezone.localtime(times["announced_at"])
    assert (announced.month, announced.day) == (12, 5)
    assert str(announced.tzinfo) == "Europe/Oslo"
    # 23:59 in Oslo is 21:59 UTC in summer.
    assert times["nominations_close_at"].astimezone(datetime.UTC).hour == 21


def test_the_deadline_is_at_oslo_time(open_cycle):
    open_cycle.nominations_open_at = oslo_time(2026, 5, 1)
    open_cycle.nominations_close_at = oslo_time(2026, 9, 1, 23, 59)
    assert open_cycle.phase_at(oslo_time(2026, 9, 1, 23, 58)) == Phase.OPEN
    assert open_cycle.phase_at(oslo_time(2026, 9, 1, 23, 59)) == Phase.SCREENING


def test_copy_to_next_year_copies_criteria_scale_clauses_and_settings(open_cycle):
    open_cycle.reason_max_length = 900
    open_cycle.save()
    new = open_cycle.copy_to_year(open_cycle.year + 1)
    assert new.year == open_cycle.year + 1
    assert not new.is_published
    assert new.reason_max_length == 900
    assert new.criteria.count() == len(DEFAULT_CRITERIA)
    old = open_cycle.criteria.get(position=4)
    copy = new.criteria.get(position=4)
    assert copy.title == old.title and copy.pk != old.pk
    assert list(copy.clauses.values_list("anchor", flat=True)) == ["relasjonen-1e"]
    assert copy.scale_points.count() == 5
    shifted = timezone.localtime(new.announced_at)
    original = timezone.localtime(open_cycle.announced_at)
    assert (shifted.year, shifted.month, shifted.day) == (
        original.year + 1,
        original.month,
        original.day,
    )


def test_references_count_per_cycle_and_year(open_cycle):
    assert open_cycle.next_reference() == f"AFK-{open_cycle.year}-0001"
    assert open_cycle.next_reference() == f"AFK-{open_cycle.year}-0002"


def test_saving_a_cycle_read_before_a_submit_never_gives_a_receipt_number_again(open_cycle):
    """The secretariat's form was read before a nominator's submit; saving it keeps the count."""
    read_before = Cycle.objects.get(pk=open_cycle.pk)
    assert open_cycle.next_reference() == f"AFK-{open_cycle.year}-0001"
    read_before.nominations_close_at += datetime.timedelta(days=1)
    read_before.save()
    assert open_cycle.next_reference() == f"AFK-{open_cycle.year}-0002"


def test_the_demo_has_an_open_cycle_past_cycles_with_nominations_and_accounts(
    award_platform, register, django_user_model
):
    with time_machine.travel(oslo_time(2026, 11, 22, 9)):
        loaded = load_demo()
        assert loaded["current"].is_open
        assert loaded["current"].year == 2027
        assert [loaded[r].year for r in ("jury", "deliberation", "announced")] == [
            2026,
            2025,
            2024,
        ]
        for role in ("jury", "deliberation", "announced"):
            nominations = Nomination.objects.filter(cycle=loaded[role], status="submitted")
            assert nominations.count() == 9
            assert loaded[role].candidates.count() == 8
        again = load_demo()
    assert again["current"].pk == loaded["current"].pk
    assert Nomination.objects.count() == 27
    for username in ("admin", "sekretariat"):
        assert django_user_model.objects.get(username=username).check_password(DEMO_PASSWORD)


def test_the_demo_cycle_is_open_in_spring_too(award_platform, register):
    with time_machine.travel(oslo_time(2027, 3, 1, 9)):
        loaded = load_demo()
        assert loaded["current"].year == 2027
        assert loaded["current"].is_open


def test_bootstrap_with_demo_runs_twice(award_platform):
    out = io.StringIO()
    call_command("bootstrap", demo=True, stdout=out)
    call_command("bootstrap", demo=True, stdout=out)
    assert Cycle.objects.count() == 4
    assert "sekretariat / frivillig-demo" in out.getvalue()


def test_bootstrap_without_demo_loads_no_accounts(award_platform, django_user_model):
    call_command("bootstrap", stdout=io.StringIO())
    assert not django_user_model.objects.exists()
    assert not Cycle.objects.exists()


def test_the_default_criteria_are_worded_for_county_municipalities_too(open_cycle):
    criteria = {c.title: c for c in open_cycle.criteria.all()}
    anchoring = criteria["Politisk forankring"].help_text
    assert "kommunestyret eller fylkestinget" in anchoring
    assert "kommuneplanen eller av den regionale planen" in anchoring
    planning = criteria["Medvirkning i planarbeid"]
    # The platform's own words (Relasjonen 1f): «frivillig sektor», not «de frivillige».
    assert planning.question.startswith("Blir frivillig sektor involvert")
    assert "kommunen eller fylkeskommunen" in planning.question
    for criterion in criteria.values():
        text = f"{criterion.question} {criterion.help_text} {criterion.jury_guidance}"
        if "kommunestyret" in text:
            assert "fylkestinget" in text, criterion.title
        if "kommuneplanen" in text:
            assert "regionale plan" in text, criterion.title
