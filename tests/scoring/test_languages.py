"""The public site and the jury's pages in the three languages: every public page in every phase
all in nynorsk, the jury's and the secretariat's pages all in nynorsk too, the language menu on
every page keeping the visitor where they were, and dates and numbers as each language writes
them."""

import datetime
import re
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from nominations.models import Answer, Award, Criterion, Nomination, ScalePoint
from platforms.models import Clause, Platform
from scoring.models import Finalist, Result, Review, Score
from scoring.workbook import build_workbook

from ..languages import (
    bokmal_fallbacks_marked,
    bokmal_in,
    choose,
    fallbacks_in,
    our_fallbacks_in,
)
from .helpers import (
    AFTER_DEADLINE,
    ANNOUNCED,
    BEFORE_ANNOUNCEMENT,
    BEFORE_OPENING,
    FINALISTS_OUT,
    LAST_DAY,
    OPENED,
    YEAR,
    announcement_url,
    decide,
    finalists_url,
    get,
    make_year,
)

pytestmark = pytest.mark.django_db


def text(response):
    assert response.status_code == 200, response
    return response.content.decode()


@pytest.fixture
def public_pages(award):
    """Last year decided and announced; this year's cycle, whose phase the time decides."""
    last = make_year(award, YEAR - 1, numbers=("1812", "5001", "4601"))
    decide(last, "1812", ("1812", "5001", "4601"))
    this = make_year(award, YEAR)
    decide(this, "5001", ("5001", "4601", "1106"))
    platform = award.platform
    return [
        ("/", BEFORE_OPENING),
        ("/", OPENED),
        ("/", LAST_DAY),
        ("/", AFTER_DEADLINE),
        ("/", FINALISTS_OUT),
        ("/", ANNOUNCED),
        (reverse("nominations:start"), BEFORE_OPENING),
        (reverse("nominations:start"), OPENED),
        (reverse("nominations:start"), AFTER_DEADLINE),
        (finalists_url(this), FINALISTS_OUT),
        (finalists_url(this), ANNOUNCED),
        (announcement_url(this), ANNOUNCED),
        (announcement_url(last), OPENED),
        (reverse("public:archive"), ANNOUNCED),
        (reverse("public:archive") + "?fylke=18", ANNOUNCED),
        (reverse("public:municipality", args=["1812"]), ANNOUNCED),
        (reverse("public:municipality", args=["0301"]), ANNOUNCED),
        (reverse("public:feed", args=[award.slug]), ANNOUNCED),
        (reverse("platforms:list"), ANNOUNCED),
        (platform.get_absolute_url(), ANNOUNCED),
        (reverse("nominations:privacy"), ANNOUNCED),
        (reverse("accessibility"), ANNOUNCED),
        (reverse("login"), ANNOUNCED),
    ]


def test_every_public_page_in_every_phase_is_all_nynorsk(client, public_pages):
    choose(client, "nn")
    found = {}
    with bokmal_fallbacks_marked():
        for url, when in public_pages:
            page = text(get(client, url, when))
            if fallbacks_in(page):
                found[f"{url} at {when:%Y-%m-%d %H:%M}"] = fallbacks_in(page)
            if "<html" in page:
                assert '<html lang="nn">' in page, url
    assert found == {}, "shown in bokmål for want of nynorsk"


def test_the_site_before_any_call_and_a_refused_login_are_all_nynorsk(client, award):
    choose(client, "nn")
    with bokmal_fallbacks_marked():
        pages = {
            "/": text(client.get("/")),
            "/nominer/": text(client.get(reverse("nominations:start"))),
            "/arkiv/": text(client.get(reverse("public:archive"))),
            "login refused": text(
                client.post(reverse("login"), {"username": "nokon", "password": "feil"})
            ),
        }
    assert {name: fallbacks_in(page) for name, page in pages.items() if fallbacks_in(page)} == {}
    assert "Det er ikkje lyst ut nokon nominasjon enno." in pages["/nominer/"]


def test_the_archive_filter_by_criterion_is_all_nynorsk(client, public_pages):
    choose(client, "nn")
    page = text(get(client, reverse("public:archive"), ANNOUNCED))
    choice = re.search(r'<select[^>]*name="kriterium".*?<option value="([^"]+)"', page, re.S)
    with bokmal_fallbacks_marked():
        page = text(get(client, f"{reverse('public:archive')}?kriterium={choice[1]}", ANNOUNCED))
        assert fallbacks_in(page) == []
    assert "Finn gode døme" in page


def test_the_secretariats_preview_is_in_nynorsk_too(client, public_pages, django_user_model, award):
    user = django_user_model.objects.create_user("sekretariat", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_result"))
    client.force_login(user)
    choose(client, "nn")
    this = award.cycles.get(year=YEAR)
    with bokmal_fallbacks_marked():
        page = text(get(client, announcement_url(this), BEFORE_ANNOUNCEMENT))
    assert fallbacks_in(page) == []
    assert "Ikkje publisert" in page and "Dette er førehandsvisinga til sekretariatet" in page


def test_the_public_pages_speak_nynorsk(client, public_pages, award):
    choose(client, "nn")
    this = award.cycles.get(year=YEAR)
    home = text(get(client, "/", OPENED))
    assert "Nominer ein kommune" in home and "Hopp til hovudinnhaldet" in home
    assert f"Frist 1. september {YEAR} kl. 23.59" in home
    assert "Juryen vurderer no kandidatane" in text(get(client, "/", AFTER_DEADLINE))
    announcement = text(get(client, announcement_url(this), ANNOUNCED))
    assert f"Kåra av KS og Frivillighet Norge 5. desember {YEAR}." in announcement


def written_content():
    """What the jury, the award and the platforms say, which stays as written in every
    language."""
    return [
        *Result.objects.values_list("justification", flat=True),
        *Finalist.objects.values_list("paragraph", flat=True),
        *Award.objects.values_list("description", flat=True),
        *Platform.objects.values_list("history", flat=True),
        *Clause.objects.values_list("text", flat=True),
        *[
            text
            for row in Criterion.objects.values_list(
                "title", "question", "help_text", "jury_guidance"
            )
            for text in row
        ],
        *ScalePoint.objects.values_list("description", flat=True),
    ]


def test_an_english_visitor_reads_every_public_page_in_english(client, public_pages):
    choose(client, "en")
    found = {}
    for url, when in public_pages:
        page = text(get(client, url, when))
        if bokmal_in(page, written_content()):
            found[f"{url} at {when:%Y-%m-%d %H:%M}"] = bokmal_in(page, written_content())
    assert found == {}, "bokmål on an English page"


def test_an_english_juror_and_chair_read_the_jury_pages_in_english(login, jury, conflict):
    cycle = jury.cycle
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=1)
    cycle.save(update_fields=["deliberation_started_at"])
    score(jury, "1812", {"leder": 4, "anne": 4, "bjorn": 4, "cato": 3})
    somna = cycle.candidates.get(municipality__number="1812")
    other = cycle.candidates.get(municipality__number="5001")
    chair = choose(login(jury.by_name["leder"]), "en")
    pages = [
        reverse("scoring:home", args=[cycle.pk]),
        reverse("scoring:conflicts", args=[cycle.pk]),
        reverse("scoring:candidate", args=[cycle.pk, somna.pk]),
        reverse("scoring:candidate", args=[cycle.pk, other.pk]),
        reverse("scoring:deliberation", args=[cycle.pk]),
        reverse("scoring:compare", args=[cycle.pk]) + f"?k={somna.pk}&k={other.pk}",
        reverse("scoring:result", args=[cycle.pk]),
        reverse("scoring:sign_off", args=[cycle.pk]),
    ]
    found = {}
    for url in pages:
        page = text(chair.get(url))
        assert '<html lang="en">' in page
        if bokmal_in(page, written_content()):
            found[url] = bokmal_in(page, written_content())
    assert found == {}, "bokmål on an English page"


def test_the_admins_own_texts_are_english_in_english(client, jury, django_user_model):
    cycle = jury.cycle
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    choose(client, "en")
    somna = cycle.candidates.get(municipality__number="1812")
    nomination = somna.nominations.first()
    pages = [
        "/admin/",
        "/admin/nominations/cycle/",
        f"/admin/nominations/cycle/{cycle.pk}/change/",
        "/admin/nominations/candidate/",
        f"/admin/nominations/candidate/{somna.pk}/change/",
        "/admin/nominations/nomination/",
        f"/admin/nominations/nomination/{nomination.pk}/change/",
        "/admin/nominations/municipality/?q=Sømna",
        "/admin/platforms/platform/",
        "/admin/platforms/platform/import/",
        "/admin/scoring/jury/",
        f"/admin/scoring/jury/{jury.pk}/change/",
    ]
    found = {}
    for url in pages:
        page = text(client.get(url))
        if bokmal_in(page, written_content()):
            found[url] = bokmal_in(page, written_content())
    assert found == {}, "bokmål on an English page"


def test_the_workbook_in_english_has_english_texts_under_its_norwegian_sheet_names(jury):
    score(jury, "1812", {"leder": 4, "anne": 4, "bjorn": 4, "cato": 3})
    secretariat = jury.by_name["leder"].user
    data = build_workbook(jury.cycle, secretariat, include_contacts=True, language="en")
    workbook = load_workbook(BytesIO(data))
    # The sheet names stay Norwegian in every language (scoring/workbook.py says why).
    assert workbook.sheetnames == [
        *("Rangering", "Kriterier", "Jury", "Nominasjoner", "Om eksporten", "Diagram")
    ]
    texts = "\n".join(
        str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row
    )
    content = written_content() + [
        *Answer.objects.values_list("text", flat=True),
        *Nomination.objects.values_list("reason", flat=True),
    ]
    assert bokmal_in(texts, content) == []


# --- The jury's and the secretariat's pages in nynorsk ------------------------------------------


def test_a_juror_and_the_chair_who_chose_nynorsk_read_the_jury_pages_all_in_nynorsk(
    login, jury, conflict
):
    cycle = jury.cycle
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=1)
    cycle.save(update_fields=["deliberation_started_at"])
    score(jury, "1812", {"leder": 4, "anne": 4, "bjorn": 4, "cato": 3})
    somna = cycle.candidates.get(municipality__number="1812")
    other = cycle.candidates.get(municipality__number="5001")
    chair = choose(login(jury.by_name["leder"]), "nn")
    pages = [
        reverse("scoring:home", args=[cycle.pk]),
        reverse("scoring:conflicts", args=[cycle.pk]),
        reverse("scoring:candidate", args=[cycle.pk, somna.pk]),
        reverse("scoring:candidate", args=[cycle.pk, other.pk]),
        reverse("scoring:deliberation", args=[cycle.pk]),
        reverse("scoring:compare", args=[cycle.pk]) + f"?k={somna.pk}&k={other.pk}",
        reverse("scoring:result", args=[cycle.pk]),
        reverse("scoring:sign_off", args=[cycle.pk]),
    ]
    found = {}
    with bokmal_fallbacks_marked():
        for url in pages:
            page = text(chair.get(url))
            assert '<html lang="nn">' in page, url
            if fallbacks_in(page):
                found[url] = fallbacks_in(page)
    assert found == {}, "shown in bokmål for want of nynorsk"
    assert "Kor samde jurymedlemmene er" in text(
        chair.get(reverse("scoring:deliberation", args=[cycle.pk]))
    )

    juror = choose(login(jury.by_name["anne"]), "nn")
    with bokmal_fallbacks_marked():
        home = text(juror.get(reverse("scoring:home", args=[cycle.pk])))
    assert fallbacks_in(home) == []
    assert "Hopp til hovudinnhaldet" in home and "Framdrifta di" in home


def test_the_secretariat_who_chose_nynorsk_reads_our_admin_texts_in_nynorsk(
    client, jury, django_user_model
):
    """Our texts in the admin, that is: a few of Django's own admin texts have no nynorsk in
    Django itself."""
    cycle = jury.cycle
    admin = django_user_model.objects.create_superuser("admin", "admin@example.org", "pw")
    client.force_login(admin)
    choose(client, "nn")
    somna = cycle.candidates.get(municipality__number="1812")
    nomination = somna.nominations.first()
    pages = [
        "/admin/",
        "/admin/nominations/cycle/",
        f"/admin/nominations/cycle/{cycle.pk}/change/",
        "/admin/nominations/candidate/",
        f"/admin/nominations/candidate/{somna.pk}/change/",
        "/admin/nominations/nomination/",
        f"/admin/nominations/nomination/{nomination.pk}/change/",
        "/admin/platforms/platform/",
        "/admin/platforms/platform/import/",
        "/admin/scoring/jury/",
        f"/admin/scoring/jury/{jury.pk}/change/",
    ]
    found = {}
    with bokmal_fallbacks_marked():
        for url in pages:
            ours = our_fallbacks_in(text(client.get(url)))
            if ours:
                found[url] = ours
    assert found == {}, "shown in bokmål for want of nynorsk"
    assert "Kopier til neste år (som utkast)" in text(client.get("/admin/nominations/cycle/"))


# --- The language menu ----------------------------------------------------------------------------


def language_options(page):
    menu = page.split('id="language-select"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([a-z]+)" lang="\1"[^>]*>([^<]+)</option>', menu)


def test_the_menu_offers_bokmal_nynorsk_and_english_on_every_page(
    client, public_pages, login, jury
):
    expected = [("nb", "Norsk (bokmål)"), ("nn", "Norsk (nynorsk)"), ("en", "English")]
    for url, when in public_pages:
        page = text(get(client, url, when))
        if "<html" in page:
            assert language_options(page) == expected, url
    juror = login(jury.by_name["anne"])
    assert language_options(text(juror.get(reverse("scoring:home", args=[jury.cycle.pk])))) == (
        expected
    )


@pytest.mark.parametrize(
    "language, lang, heading",
    [("nn", "nn", "Finn gode døme"), ("en", "en", "Find good examples"), ("nb", "nb", "Finn gode")],
)
def test_choosing_a_language_keeps_the_visitor_on_the_same_page(
    client, public_pages, language, lang, heading
):
    where = reverse("public:archive") + "?fylke=18"
    response = client.post(reverse("set_language"), {"language": language, "next": where})
    assert response.status_code == 302 and response["Location"] == where
    page = text(get(client, where, ANNOUNCED))
    assert f'<html lang="{lang}">' in page and heading in page
    chosen = re.search(r'<option value="([a-z]+)"[^>]*selected', page)
    assert chosen[1] == language


def test_the_browsers_language_is_not_taken_as_a_choice(client, public_pages):
    page = text(get(client, "/", OPENED))
    assert '<html lang="nb">' in page
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en-GB,en;q=0.9"
    assert '<html lang="nb">' in text(get(client, "/", OPENED))


# --- Dates and numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, deadline, finalists, winner",
    [
        (
            "nb",
            f"Frist 1. september {YEAR} kl. 23.59",
            f"Finalistene offentliggjøres 20. november {YEAR}.",
            f"Vinneren kåres 5. desember {YEAR}.",
        ),
        (
            "nn",
            f"Frist 1. september {YEAR} kl. 23.59",
            f"Finalistane blir offentleggjorde 20. november {YEAR}.",
            f"Vinnaren blir kåra 5. desember {YEAR}.",
        ),
        (
            "en",
            f"Deadline 1 September {YEAR} at 23:59",
            f"The finalists will be announced on 20 November {YEAR}.",
            f"The winner will be announced on 5 December {YEAR}.",
        ),
    ],
)
def test_the_call_and_the_front_page_give_dates_as_the_language_writes_them(
    client, award, language, deadline, finalists, winner
):
    make_year(award, YEAR)
    choose(client, language)
    assert deadline in text(get(client, "/", OPENED))
    assert deadline in text(get(client, reverse("nominations:start"), OPENED))
    jury_at_work = text(get(client, "/", AFTER_DEADLINE))
    assert finalists in jury_at_work and winner in jury_at_work


def score(jury, number, values):
    """Each juror's review of the candidate, done, with the same points on every criterion."""
    candidate = jury.cycle.candidates.get(municipality__number=number)
    criteria = list(jury.cycle.criteria.all())
    for name, value in values.items():
        review = Review.objects.create(
            member=jury.by_name[name], candidate=candidate, done_at=timezone.now(), version=1
        )
        Score.objects.bulk_create(Score(review=review, criterion=c, value=value) for c in criteria)


@pytest.mark.parametrize(
    "language, mean, median, spread",
    [
        ("nb", "3,75", "4,00", "1,00"),
        ("nn", "3,75", "4,00", "1,00"),
        ("en", "3.75", "4.00", "1.00"),
    ],
)
def test_the_deliberation_shows_means_with_the_languages_decimal_mark(
    login, jury, language, mean, median, spread
):
    cycle = jury.cycle
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=1)
    cycle.save(update_fields=["deliberation_started_at"])
    score(jury, "1812", {"leder": 4, "anne": 4, "bjorn": 4, "cato": 3})
    client = choose(login(jury.by_name["leder"]), language)
    page = text(client.get(reverse("scoring:deliberation", args=[cycle.pk])))
    header = page.index('<th scope="row">Sømna</th>')
    row = page[page.rindex("<tr", 0, header) : page.index("</tr>", header)]
    cells = re.findall(r'<td class="jury-table__number(?: [^"]*)?">(.*?)</td>', row, re.S)
    # rank, normalised, normalised in points, mean, median, spread, standard deviation, …
    assert cells[3] == mean and cells[4] == median and cells[5].startswith(spread)
