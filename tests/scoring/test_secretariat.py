"""The secretariat's home: where the secretariat lands after logging in, the year at a glance,
reminders to jurors who have not finished, and adding a juror by name and e-mail (#16)."""

import datetime
import re

import pytest
import time_machine
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Permission
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from scoring.models import JuryMember, Review

from ..factories import add_candidates

pytestmark = pytest.mark.django_db


def html(response) -> str:
    return response.content.decode()


def home_url(cycle):
    return reverse("scoring:secretariat_cycle", args=[cycle.pk])


def finish(member):
    for candidate in member.jury.cycle.candidates.all():
        Review.objects.create(member=member, candidate=candidate, done_at=timezone.now())


def test_the_secretariat_lands_on_its_home_not_on_the_jurys(client, secretariat, jury):
    client.force_login(secretariat)
    response = client.get(reverse("scoring:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("scoring:secretariat")
    page = html(response)
    assert "Du er ikke medlem av noen jury" not in page
    assert str(jury.cycle) in page


def test_the_home_shows_the_phase_nominations_progress_and_what_remains(client, secretariat, jury):
    for name, member in jury.by_name.items():
        member.user.email = f"{name}@example.org"
        member.user.save()
    jury.by_name["cato"].user.email = ""
    jury.by_name["cato"].user.save()
    finish(jury.by_name["anne"])
    client.force_login(secretariat)
    page = html(client.get(home_url(jury.cycle)))
    assert "Juryen vurderer" in page  # the phase
    assert "Finalistene offentliggjøres" in page  # the next date
    # Nominations by status: ten submitted (five candidates, two each).
    submitted = re.search(r"Sendt inn</th><td[^>]*>(\d+)<", page)
    assert submitted and submitted.group(1) == "10"
    # Each juror's progress; a reminder for those not finished, not for Anne.
    assert "5 av 5" in page and "0 av 5" in page
    assert page.count("Send en påminnelse til") == 2
    assert "Ingen e-postadresse" in page  # Cato has none
    assert "Send en påminnelse til Anne Jurymedlem" not in page
    assert "Juryen velger finalistene og vinneren." in page
    assert reverse("admin:nominations_cycle_change", args=[jury.cycle.pk]) in page
    assert reverse("admin:scoring_jury_add_juror", args=[jury.pk]) in page


def test_the_home_is_the_secretariats_only(client, jury):
    client.force_login(jury.by_name["anne"].user)
    assert client.get(reverse("scoring:secretariat")).status_code == 403
    client.logout()
    assert client.get(reverse("scoring:secretariat")).status_code == 302  # to the login


def test_a_reminder_goes_to_a_juror_once_a_day_and_is_recorded(client, secretariat, jury):
    bjorn = jury.by_name["bjorn"]
    bjorn.user.email = "bjorn@example.org"
    bjorn.user.save()
    client.force_login(secretariat)
    url = reverse("scoring:remind", args=[jury.cycle.pk, bjorn.pk])
    response = client.post(url, follow=True)
    assert "En påminnelse ble sendt til Bjorn Jurymedlem." in html(response)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["bjorn@example.org"]
    assert "5 kandidater" in mail.outbox[0].body
    assert reverse("scoring:home", args=[jury.cycle.pk]) in mail.outbox[0].body
    entry = LogEntry.objects.get(object_id=str(bjorn.pk))
    assert entry.user == secretariat
    # Pressed again: refused, nothing sent.
    response = client.post(url, follow=True)
    assert "mindre enn ett døgn siden" in html(response)
    assert len(mail.outbox) == 1
    assert "Send en påminnelse til Bjorn Jurymedlem" not in html(response)
    # A day later it may go again.
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        client.force_login(secretariat)  # a new day's session
        client.post(url)
    assert len(mail.outbox) == 2


def test_no_reminder_to_a_juror_who_has_finished(client, secretariat, jury):
    anne = jury.by_name["anne"]
    anne.user.email = "anne@example.org"
    anne.user.save()
    finish(anne)
    client.force_login(secretariat)
    response = client.post(reverse("scoring:remind", args=[jury.cycle.pk, anne.pk]), follow=True)
    assert "er ferdig" in html(response)
    assert not mail.outbox


def test_a_reminder_needs_the_right_to_change_jury_members(client, jury, secretariat):
    secretariat.groups.clear()
    secretariat.user_permissions.add(Permission.objects.get(codename="view_jurycomment"))
    client.force_login(secretariat)
    response = client.post(reverse("scoring:remind", args=[jury.cycle.pk, jury.by_name["anne"].pk]))
    assert response.status_code == 403
    assert not mail.outbox


def test_the_home_keeps_its_number_of_queries_as_the_year_grows(
    client, secretariat, jury, django_user_model, django_assert_max_num_queries
):
    client.force_login(secretariat)
    url = home_url(jury.cycle)
    client.get(url)  # the session and the permissions, read once

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    add_candidates(jury.cycle, numbers=("1103", "4204", "3403", "1820"), nominations_each=3)
    for n in range(6):
        user = django_user_model.objects.create_user(f"ekstra{n}", email=f"e{n}@example.org")
        JuryMember.objects.create(jury=jury, user=user, conflicts_declared_at=timezone.now())
    finish(jury.by_name["anne"])
    assert count() == small
    with django_assert_max_num_queries(16):
        client.get(url)


# Adding a juror by name and e-mail, in the admin


def test_the_secretariat_adds_a_juror_by_name_and_email_who_is_invited(
    client, secretariat, jury, django_user_model, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://frivillighetskommune.example"
    client.force_login(secretariat)
    url = reverse("admin:scoring_jury_add_juror", args=[jury.pk])
    page = html(client.get(url))
    assert "14 dager" in page
    assert 'for="id_email"' in page
    with django_capture_on_commit_callbacks(execute=True):  # the invitation goes once committed
        response = client.post(
            url,
            {"first_name": "Nora", "last_name": "Ny", "email": "Nora.Ny@Example.org"},
            follow=True,
        )
    assert response.status_code == 200
    user = django_user_model.objects.get(email="nora.ny@example.org")
    assert (user.get_full_name(), user.is_staff, user.has_usable_password()) == (
        "Nora Ny",
        False,
        False,
    )
    member = JuryMember.objects.get(jury=jury, user=user)
    assert member.invited_at is not None
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "https://frivillighetskommune.example/" in body
    assert "14 dager" in body
    assert LogEntry.objects.filter(object_id=str(member.pk)).exists()


def test_adding_a_juror_twice_or_a_second_chair_is_refused_next_to_the_field(
    client, secretariat, jury
):
    jury.by_name["anne"].user.email = "anne@example.org"
    jury.by_name["anne"].user.save()
    client.force_login(secretariat)
    url = reverse("admin:scoring_jury_add_juror", args=[jury.pk])
    response = client.post(
        url,
        {"first_name": "A", "last_name": "B", "email": "ANNE@example.org", "is_chair": "on"},
    )
    assert response.status_code == 200
    page = html(response)
    assert "Noen med denne e-postadressen sitter i juryen." in page
    assert "Juryen har en leder." in page
    assert not mail.outbox
    assert JuryMember.objects.filter(jury=jury).count() == 4


def test_the_jury_page_in_the_admin_links_to_adding_a_juror(client, secretariat, jury):
    client.force_login(secretariat)
    page = html(client.get(reverse("admin:scoring_jury_change", args=[jury.pk])))
    assert reverse("admin:scoring_jury_add_juror", args=[jury.pk]) in page
