"""Publication requires a locked result (#21): an unlocked result is public nowhere, whatever its
times; the secretariat still previews it. Unlocking after publication is a correction: the
record marks it, the public pages say the jury is correcting the result meanwhile and, once it
is locked again, that it was corrected and when. The chair and the secretariat are warned when
a publication time is near or past and the result is not locked."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from nominations.models import AuditKind, Candidate, Cycle
from nominations.models.cycles import oslo_time
from scoring import decision, score_math
from scoring.models import JuryMember, Result

from .helpers import (
    ANNOUNCED,
    BEFORE_ANNOUNCEMENT,
    FINALISTS_OUT,
    YEAR,
    announcement_url,
    chair_of,
    complete_texts,
    decide,
    finalists_url,
    get,
    make_year,
    score_everyone,
    sign_all,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CORRECTING = "The jury is correcting the published result"
REASON = "Feil navn på en finalist i avsnittet."


@pytest.fixture
def cycle(award):
    return make_year(award, YEAR)


def html(response) -> str:
    return response.content.decode()


def front_state(client, when) -> str:
    return re.findall(r'data-state="([a-z]+)"', html(get(client, "/", when)))[0]


def feed_titles(client, award, when) -> list[str]:
    root = ET.fromstring(get(client, reverse("public:feed", args=[award.slug]), when).content)
    return [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]


def citation(client, cycle, when) -> str:
    page = html(get(client, cycle.award.platform.get_absolute_url(), when))
    return page.split('id="relasjonen-1e"')[1].split("</li>")[0]


def assert_left_out(client, cycle, when):
    """The archive, the feed, the municipality pages and the platform's citations leave the
    year out, and the front page names none of its finalists."""
    assert f'data-year="{YEAR}"' not in html(get(client, reverse("public:archive"), when))
    assert f'data-year="{YEAR}"' not in html(get(client, "/kommuner/1812/", when))
    assert not [t for t in feed_titles(client, cycle.award, when) if str(YEAR) in t]
    clause = citation(client, cycle, when)
    assert finalists_url(cycle) not in clause and announcement_url(cycle) not in clause
    front = html(get(client, "/", when))
    assert "Sømna" not in front and "Juryens avsnitt" not in front


def chair(cycle) -> decision.Deliberator:
    member = JuryMember.objects.select_related("user").get(jury__cycle=cycle, is_chair=True)
    return decision.Deliberator(
        user=member.user, cycle=Cycle.objects.get(pk=cycle.pk), member=member
    )


# --- Nothing of an unlocked result is public ------------------------------------------------------


def test_an_unlocked_result_is_public_nowhere_until_it_is_locked(english, cycle):
    decide(cycle, "1812", ("1812", "5001", "4601"), locked=False)
    for when in (FINALISTS_OUT, ANNOUNCED):
        assert get(english, finalists_url(cycle), when).status_code == 404
        assert get(english, announcement_url(cycle), when).status_code == 404
        assert front_state(english, when) == "jury"
        assert_left_out(english, cycle, when)

    Result.objects.filter(cycle=cycle).update(locked_at=oslo_time(YEAR, 11, 18, 12))
    assert get(english, finalists_url(cycle), FINALISTS_OUT).status_code == 200
    assert get(english, announcement_url(cycle), BEFORE_ANNOUNCEMENT).status_code == 404
    assert front_state(english, FINALISTS_OUT) == "finalists"
    page = html(get(english, announcement_url(cycle), ANNOUNCED))
    assert "Sømna is Årets frivillighetskommune 2025" in page
    assert "corrected" not in page
    assert front_state(english, ANNOUNCED) == "announced"
    assert f'data-year="{YEAR}"' in html(get(english, reverse("public:archive"), ANNOUNCED))
    assert f'data-year="{YEAR}"' in html(get(english, "/kommuner/1812/", ANNOUNCED))
    assert "Sømna is Årets frivillighetskommune 2025" in feed_titles(
        english, cycle.award, ANNOUNCED
    )
    assert f'href="{announcement_url(cycle)}#kriterium-4"' in citation(english, cycle, ANNOUNCED)


def test_the_secretariat_previews_an_unlocked_result_marked_not_published(
    english, cycle, secretariat
):
    decide(cycle, "1812", ("1812", "5001", "4601"), locked=False)
    english.force_login(secretariat)
    for url in (finalists_url(cycle), announcement_url(cycle)):
        response = get(english, url, ANNOUNCED)
        page = html(response)
        assert response.status_code == 200
        assert 'data-preview="true"' in page and "Not published." in page
        assert "once the jury has locked its result" in page
        assert "Sømna" in page  # the secretariat checks the content itself
        assert "no-store" in response["Cache-Control"]


# --- Unlocking after publication is a correction --------------------------------------------------


def test_unlocked_after_publication_the_pages_say_the_result_is_being_corrected(
    english, cycle, secretariat
):
    decide(cycle, "1812", ("1812", "5001", "4601"))
    decision.unlock(chair(cycle), REASON, now=ANNOUNCED)
    result = Result.objects.get(cycle=cycle)
    assert result.corrected_at == ANNOUNCED and not result.is_locked
    entry = result.audit_entries.get(kind=AuditKind.RESULT_UNLOCKED)
    assert entry.details == {"after_publication": True} and entry.reason == REASON

    later = ANNOUNCED + datetime.timedelta(hours=1)
    for url in (finalists_url(cycle), announcement_url(cycle)):
        response = get(english, url, later)
        page = html(response)
        # People follow links to the pages: a notice in their place, not a 404.
        assert response.status_code == 200
        assert CORRECTING in page and "back here shortly" in page
        assert 'class="site-header' in page  # in the site's layout
        # Nothing of the result, which may be half-edited, nor why it was unlocked.
        for hidden in ("Sømna", "Bergen", "Juryens avsnitt", "Juryen begrunner", REASON):
            assert hidden not in page
        assert "no-cache" in response["Cache-Control"]
        assert response["X-Robots-Tag"] == "noindex"
    assert front_state(english, later) == "correcting"
    assert_left_out(english, cycle, later)

    # The secretariat still sees the result, told what the public sees meanwhile.
    english.force_login(secretariat)
    page = html(get(english, announcement_url(cycle), later))
    assert "Sømna" in page and 'data-preview="true"' in page
    assert "the public sees a notice that the published result is being corrected" in page


def test_locked_again_both_pages_and_the_feed_say_when_the_result_was_corrected(english, cycle):
    decide(cycle, "1812", ("1812", "5001", "4601"))
    decision.unlock(chair(cycle), REASON, now=ANNOUNCED)
    relocked = oslo_time(YEAR, 12, 6, 9)
    Result.objects.filter(cycle=cycle).update(locked_at=relocked)  # the chair's lock, in short
    for url in (announcement_url(cycle), finalists_url(cycle)):
        page = html(get(english, url, relocked))
        assert "The result was corrected on 6 December 2025." in page
        assert "Sømna" in page and REASON not in page
    root = ET.fromstring(
        get(english, reverse("public:feed", args=[cycle.award.slug]), relocked).content
    )
    newest = root.findall(f"{ATOM}entry")[0]
    assert newest.find(f"{ATOM}title").text == "Sømna is Årets frivillighetskommune 2025"
    assert newest.find(f"{ATOM}updated").text == "2025-12-06T08:00:00+00:00"


def test_a_correction_begun_after_the_finalists_covers_each_page_from_its_own_time(english, cycle):
    decide(cycle, "1812", ("1812", "5001", "4601"))
    decision.unlock(chair(cycle), REASON, now=FINALISTS_OUT)
    assert Result.objects.get(cycle=cycle).corrected_at == FINALISTS_OUT
    assert CORRECTING in html(get(english, finalists_url(cycle), BEFORE_ANNOUNCEMENT))
    assert get(english, announcement_url(cycle), BEFORE_ANNOUNCEMENT).status_code == 404
    assert CORRECTING in html(get(english, announcement_url(cycle), ANNOUNCED))


def test_unlocking_before_publication_is_no_correction(english, cycle):
    decide(cycle, "1812", ("1812", "5001", "4601"))
    decision.unlock(chair(cycle), REASON, now=FINALISTS_OUT - datetime.timedelta(days=1))
    result = Result.objects.get(cycle=cycle)
    assert result.corrected_at is None
    assert result.audit_entries.get(kind=AuditKind.RESULT_UNLOCKED).details == {}
    # Never published: still hidden, with no notice either.
    assert get(english, finalists_url(cycle), FINALISTS_OUT).status_code == 404
    assert front_state(english, FINALISTS_OUT) == "jury"


def test_the_correcting_page_keeps_its_queries_constant(
    english, cycle, django_assert_max_num_queries
):
    decide(cycle, "1812", ("1812", "5001", "4601"))
    decision.unlock(chair(cycle), REASON, now=ANNOUNCED)
    with time_machine.travel(ANNOUNCED, tick=False), django_assert_max_num_queries(6):
        assert CORRECTING in html(english.get(announcement_url(cycle)))


# --- The whole correction, through the jury's pages -----------------------------------------------


def public_finalists(cycle, language="nb") -> str:
    """The finalists page as the public reads it now, in bokmål unless told."""
    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = visitor.get(finalists_url(cycle))
    assert response.status_code == 200
    return html(response)


@pytest.fixture
def published(jury):
    """The jury's cycle decided, signed and locked, its finalists published an hour ago."""
    cycle = jury.cycle
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=2)
    cycle.save(update_fields=["deliberation_started_at"])
    score_everyone(jury)
    ranked = score_math.compute(cycle).ranked.index[: cycle.finalist_count]
    top = [Candidate.objects.get(pk=pk) for pk in ranked]
    decision.choose(chair_of(jury), top, top[0])
    complete_texts(jury)
    sign_all(jury)
    decision.lock(chair_of(jury))
    Cycle.objects.filter(pk=cycle.pk).update(
        finalists_published_at=timezone.now() - datetime.timedelta(hours=1)
    )
    jury.cycle.refresh_from_db()
    return jury.cycle


def test_a_correction_after_publication_from_unlock_to_the_corrected_page(
    client, jury, published, english
):
    cycle = published
    finalist = decision.finalists_of(decision.load_result(cycle))[0]
    name = finalist.candidate.municipality.name
    assert name in public_finalists(cycle)
    client.force_login(jury.by_name["leder"].user)
    result_url = reverse("scoring:result", args=[cycle.pk])

    page = html(client.get(result_url))
    # The unlock form warns that the public pages will say «under correction».
    form = page.split('action="' + reverse("scoring:unlock", args=[cycle.pk]))[1]
    assert "The result is public." in form.split("</form>")[0]
    assert "under correction" in form.split("</form>")[0]

    response = client.post(reverse("scoring:unlock", args=[cycle.pk]), {"unlock-reason": REASON})
    assert response.status_code == 302
    entry = decision.load_result(cycle).audit_entries.get(kind=AuditKind.RESULT_UNLOCKED)
    assert entry.details == {"after_publication": True}
    page = html(client.get(result_url))
    assert "The result was unlocked after publication." in page
    assert "after publication</span>" in page  # the record says so
    notice = public_finalists(cycle, "en")
    assert CORRECTING in notice and name not in notice
    assert "Juryen retter det publiserte resultatet" in public_finalists(cycle)

    response = client.post(reverse("scoring:lock", args=[cycle.pk]))
    assert response.status_code == 302
    result = decision.load_result(cycle)
    assert result.is_locked and result.corrected_at is not None
    page = public_finalists(cycle)
    assert name in page and CORRECTING not in page
    with translation.override("nb"):
        today = date_format(timezone.localdate(), "DATE_FORMAT")  # «3. desember 2026»
    assert f"Resultatet ble rettet {today}." in page
    assert REASON not in page  # the reason is internal
    assert f"The result was corrected on {timezone.localdate():%-d} " in public_finalists(
        cycle, "en"
    )
    assert "data-corrected" in html(Client().get("/"))  # the front page, with the finalists


def test_relocked_after_an_unlock_before_publication_the_pages_say_nothing_of_it(
    client, jury, published
):
    cycle = published
    Cycle.objects.filter(pk=cycle.pk).update(
        finalists_published_at=timezone.now() + datetime.timedelta(days=1)
    )
    cycle.refresh_from_db()
    client.force_login(jury.by_name["leder"].user)
    page = html(client.get(reverse("scoring:result", args=[cycle.pk])))
    assert "Resultatet er offentlig." not in page  # nothing public: no warning on the form
    client.post(reverse("scoring:unlock", args=[cycle.pk]), {"unlock-reason": REASON})
    client.post(reverse("scoring:lock", args=[cycle.pk]))
    result = decision.load_result(cycle)
    assert result.is_locked and result.corrected_at is None
    Cycle.objects.filter(pk=cycle.pk).update(
        finalists_published_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page = public_finalists(cycle)
    assert "data-corrected" not in page and "rettet" not in page


# --- The people who must act are told ------------------------------------------------------------


WARNING = "Nothing is published until the result is locked."


@pytest.mark.parametrize(
    "finalists_in, warned",
    [
        (datetime.timedelta(days=30), False),  # far off
        (datetime.timedelta(days=3), True),  # near
        (-datetime.timedelta(hours=1), True),  # past
    ],
)
def test_the_chair_and_the_secretariat_are_warned_of_a_publication_without_a_lock(
    client, jury, english, secretariat, finalists_in, warned
):
    cycle = jury.cycle
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=5)
    cycle.finalists_published_at = timezone.now() + finalists_in
    cycle.save()
    english.force_login(jury.by_name["leder"].user)
    chairs = html(english.get(reverse("scoring:result", args=[cycle.pk])))
    english.force_login(secretariat)
    home = html(english.get(reverse("scoring:secretariat_cycle", args=[cycle.pk])))
    for page in (chairs, home):
        assert (WARNING in page) is warned
    if warned:
        verb = "are to be" if finalists_in > datetime.timedelta(0) else "were to be"
        assert f"The finalists {verb} published" in home
        assert "once the result is locked" in home  # what remains says so too


def test_no_warning_once_the_result_is_locked(client, jury, published, secretariat, english):
    english.force_login(secretariat)
    home = html(english.get(reverse("scoring:secretariat_cycle", args=[published.pk])))
    assert WARNING not in home
    english.force_login(jury.by_name["leder"].user)
    assert WARNING not in html(english.get(reverse("scoring:result", args=[published.pk])))
