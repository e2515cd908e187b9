"""Every change to the rules of a published cycle is in the audit record (#21): a criterion's
texts, weight, scale and cited clauses, criteria added and removed — in the criterion's admin
page, in the cycle's inline and by the action that adds the default criteria — and the cycle's
dates and settings, each with who, when, before and after."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from nominations.models import AuditEntry, AuditKind, Criterion, Cycle
from nominations.secretariat import save_cycle
from platforms.models import Clause

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_admin")]

CRITERIA = "/admin/nominations/criterion/"
CYCLES = "/admin/nominations/cycle/"
AUDIT = "/admin/nominations/auditentry/"


def form_data(response) -> dict:
    """What the admin's change page would post back unchanged: its form, and each inline's
    management form and forms."""
    context = response.context
    forms = [context["adminform"].form]
    for inline in context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, datetime.datetime):
                local = timezone.localtime(value)
                data[f"{field.html_name}_0"] = local.strftime("%Y-%m-%d")
                data[f"{field.html_name}_1"] = local.strftime("%H:%M:%S")
            else:
                data[field.html_name] = value
    return data


def whole_seconds(cycle):
    """Times as the admin's form gives them back, so that only what a test changes differs."""
    times = {
        f.name: getattr(cycle, f.name).replace(microsecond=0)
        for f in Cycle._meta.concrete_fields
        if isinstance(getattr(cycle, f.name), datetime.datetime)
    }
    Cycle.objects.filter(pk=cycle.pk).update(**times)
    cycle.refresh_from_db()
    return cycle


def entries(kind=None):
    found = AuditEntry.objects.order_by("pk")
    return list(found.filter(kind=kind) if kind else found)


def changed(entry) -> dict:
    return {c["field"]: (c["before"], c["after"]) for c in entry.changes}


def test_a_criterions_texts_weight_scale_and_clauses_changed_in_its_page_make_one_entry(
    admin_client, admin_user, open_cycle
):
    criterion = open_cycle.criteria.get(position=1)
    cited = [c.reference for c in criterion.clauses.order_by("criterionclause__position")]
    url = f"{CRITERIA}{criterion.pk}/change/"
    data = form_data(admin_client.get(url))
    data["question"] = "Er politikken laget sammen med frivilligheten?"
    data["weight"] = "2"
    data["scale_points-0-description"] = "Svakt."
    data["criterionclause_set-0-DELETE"] = "on"
    other = Clause.objects.filter(platform=open_cycle.award.platform).exclude(
        pk__in=criterion.clauses.values("pk")
    )[0]
    data["criterionclause_set-TOTAL_FORMS"] = int(data["criterionclause_set-TOTAL_FORMS"]) + 1
    last = data["criterionclause_set-TOTAL_FORMS"] - 1
    data[f"criterionclause_set-{last}-clause"] = other.pk
    data[f"criterionclause_set-{last}-position"] = 9

    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    (entry,) = entries()
    assert (entry.kind, entry.actor, entry.cycle) == (
        AuditKind.CRITERION_CHANGED,
        admin_user,
        open_cycle,
    )
    assert entry.object_repr == f"1. {criterion.title} ({open_cycle.year})"
    changes = changed(entry)
    assert set(changes) == {"question", "weight", "clauses", "scale_points"}
    assert changes["question"] == (criterion.question, data["question"])
    assert changes["weight"] == ("1.00", "2.00")
    assert changes["clauses"] == (cited, [*cited[1:], other.reference])
    assert changes["scale_points"][0][0].startswith("1: Svakt: lite")
    assert changes["scale_points"][1][0] == "1: Svakt."
    assert Criterion.objects.get(pk=criterion.pk).weight == Decimal("2")

    # The record shows it, and the criterion's page links to its own record.
    assert "Every change of this object" in admin_client.get(url).content.decode()
    page = admin_client.get(f"{AUDIT}{entry.pk}/change/").content.decode()
    assert "Criterion changed" in page and "Er politikken laget sammen" in page
    listed = admin_client.get(AUDIT, {"object": f"{entry.content_type_id}-{criterion.pk}"})
    assert list(listed.context["cl"].result_list) == [entry]


def test_saving_a_criterion_unchanged_records_nothing(admin_client, open_cycle):
    criterion = open_cycle.criteria.get(position=2)
    url = f"{CRITERIA}{criterion.pk}/change/"
    assert admin_client.post(url, form_data(admin_client.get(url))).status_code == 302
    assert not entries()


def test_a_criterion_added_and_one_deleted_are_recorded_with_what_they_held(
    admin_client, admin_user, open_cycle
):
    add = form_data(admin_client.get(f"{CRITERIA}add/"))
    add.update(
        cycle=open_cycle.pk,
        position=7,
        title="Beredskap",
        question="Er frivilligheten med i beredskapen?",
        weight="0.5",
    )
    assert admin_client.post(f"{CRITERIA}add/", add).status_code == 302
    (added,) = entries(AuditKind.CRITERION_ADDED)
    assert changed(added) == {
        "position": (None, 7),
        "title": (None, "Beredskap"),
        "question": (None, "Er frivilligheten med i beredskapen?"),
        "weight": (None, "0.50"),
    }

    doomed = open_cycle.criteria.get(position=5)
    response = admin_client.post(f"{CRITERIA}{doomed.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    (removed,) = entries(AuditKind.CRITERION_REMOVED)
    assert removed.actor == admin_user and removed.object_id == doomed.pk
    assert changed(removed)["title"] == (doomed.title, None)
    assert changed(removed)["clauses"][1] == []


def test_the_cycles_page_records_its_settings_and_the_criteria_changed_in_its_inline(
    admin_client, admin_user, open_cycle
):
    cycle = whole_seconds(open_cycle)
    url = f"{CYCLES}{cycle.pk}/change/"
    data = form_data(admin_client.get(url))
    data["finalist_count"] = 4
    data["answer_max_length"] = 2500
    data["criteria-0-weight"] = "3"
    data["criteria-4-DELETE"] = "on"
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]

    (settings,) = entries(AuditKind.CYCLE_TIMES)
    assert changed(settings) == {"finalist_count": (3, 4), "answer_max_length": (3000, 2500)}
    assert settings.actor == admin_user
    (weighted,) = entries(AuditKind.CRITERION_CHANGED)
    assert changed(weighted) == {"weight": ("1.00", "3.00")}
    (removed,) = entries(AuditKind.CRITERION_REMOVED)
    assert removed.object_repr.startswith("5. ")
    page = admin_client.get(f"{AUDIT}{settings.pk}/change/").content.decode()
    assert "Dates or settings of the cycle changed" in page and "Number of finalists" in page


def test_the_default_criteria_added_by_the_action_are_recorded(
    admin_client, admin_user, open_cycle
):
    Criterion.objects.filter(cycle=open_cycle).delete()
    response = admin_client.post(
        CYCLES, {"action": "add_default_criteria", "_selected_action": [open_cycle.pk]}
    )
    assert response.status_code == 302
    added = entries(AuditKind.CRITERION_ADDED)
    assert len(added) == open_cycle.criteria.count() > 0
    assert {e.actor for e in added} == {admin_user}
    assert all(changed(e)["clauses"][1] and changed(e)["scale_points"][1] for e in added)


def test_a_draft_cycles_criteria_are_recorded_too(admin_client, admin_user, open_cycle):
    Cycle.objects.filter(pk=open_cycle.pk).update(is_published=False)
    criterion = open_cycle.criteria.get(position=1)
    url = f"{CRITERIA}{criterion.pk}/change/"
    data = form_data(admin_client.get(url))
    data["weight"] = "2"
    assert admin_client.post(url, data).status_code == 302
    (weighted,) = entries(AuditKind.CRITERION_CHANGED)
    assert changed(weighted) == {"weight": ("1.00", "2.00")}
    assert weighted.actor == admin_user


def test_a_new_cycle_is_recorded_with_the_times_and_settings_it_is_created_with(
    admin_user, open_cycle
):
    created = save_cycle(
        Cycle(award=open_cycle.award, year=open_cycle.year + 1, **Cycle.default_times(2027)),
        by=admin_user,
    )
    (entry,) = entries(AuditKind.CYCLE_TIMES)
    assert entry.actor == admin_user and entry.object_id == created.pk
    assert changed(entry)["year"] == (None, open_cycle.year + 1)
    assert changed(entry)["finalist_count"] == (None, 3)
    assert "announced_at" in changed(entry)


def test_a_cycle_copied_to_next_year_is_recorded_with_its_criteria(
    admin_client, admin_user, open_cycle
):
    response = admin_client.post(
        CYCLES, {"action": "copy_to_next_year", "_selected_action": [open_cycle.pk]}
    )
    assert response.status_code == 302
    copied = Cycle.objects.get(award=open_cycle.award, year=open_cycle.year + 1)
    (created,) = entries(AuditKind.CYCLE_TIMES)
    assert created.object_id == copied.pk and created.actor == admin_user
    assert changed(created)["is_published"] == (None, False)
    added = entries(AuditKind.CRITERION_ADDED)
    assert len(added) == copied.criteria.count() == open_cycle.criteria.count()
    assert all(e.cycle_id == copied.pk for e in added)
