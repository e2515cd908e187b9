"""The access matrix: every URL pattern of the project, read from the URL resolver, requested by
each kind of person, with the answer each must get and a check that no one else's data is in it.

A new URL without an entry in ENTRIES (or ADMIN) fails test_every_url_pattern_has_an_entry,
naming it. Each entry says how to fill the pattern's arguments from the world below, which
method to use (GET, or POST with an empty form for views that take only POST: the access check
comes before the form in every one of them), and what each persona gets:

    200, 400, 403, 404, 405  the status
    LOGIN                    302 to /konto/logg-inn/ (the login)
    ADMIN_LOGIN              302 to /admin/login/ (the admin's login, which leads to ours)
    REDIRECT                 302 somewhere else (e.g. the juror's home, the next step)

Personas, in a jury phase with a second cycle open for nominations:

    anonymous         nobody logged in, no private link
    nominator         their own private links (nomination, attachment, candidate page)
    other_nominator   another nominator, with their own links to their own nomination
    juror             Anne, on this year's jury
    other_juror       Dina, on last year's jury only
    conflicted_juror  Cato, on this year's jury, in conflict with the candidate in the URLs
    chair             the chair of this year's jury
    secretariat       staff with the secretariat's rights, on no jury
    conflicted_chair  Cato again, made the chair for their requests (one chair per jury): a
                      chair in conflict with the candidate in the URLs

A chair in conflict sees the candidate's rank and totals only, in the deliberation too:
test_a_chair_in_conflict_sees_rank_and_totals_only walks the deliberation's pages in the
deliberation phase, with the scores to hide.

The personas without a private link use a made-up token where a URL needs one. Private links
are capabilities: a token is the right to its nomination, so "another nominator" is tested
with their own link (and nothing of the first nominator may show), and mixing one's own
nomination token with another's attachment token is tested in test_a_private_link_opens_only
_its_own_files.

Every 200 body is searched for the markers of data its persona must not see (MARKERS, FORBIDDEN).

The admin's patterns follow one rule (ADMIN): anonymous visitors and jurors without staff rights
get the admin's login; the secretariat never does. It is checked on every admin pattern, each
resolved with real arguments (a real object of the model, a real content type), see
admin_kwargs.
"""

import contextlib
import datetime
import io
import re
import uuid
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter
from django.utils import timezone
from openpyxl import load_workbook

from nominations import audit
from nominations.defaults import add_default_criteria
from nominations.models import (
    Attachment,
    AuditKind,
    Candidate,
    Cycle,
    Municipality,
    Nomination,
    NominationStatus,
)
from scoring.models import JuryComment, JuryMember, Result, Review, Score

pytestmark = pytest.mark.django_db

LOGIN, ADMIN_LOGIN, REDIRECT = "login", "admin login", "redirect"
PERSONAS = (
    "anonymous",
    "nominator",
    "other_nominator",
    "juror",
    "other_juror",
    "conflicted_juror",
    "chair",
    "secretariat",
    "conflicted_chair",
)

# What each piece of data is marked with, and who must never see it.
MARKERS = {
    "own_nomination": "MARKER-OWN-NOMINATION",
    "own_email": "own-nominator@example.org",
    "other_nomination": "MARKER-OTHER-NOMINATION",
    "other_email": "other-nominator@example.org",
    "oslo_nomination": "MARKER-OSLO-NOMINATION",
    "oslo_email": "oslo-nominator@example.org",
    "anne_review": "MARKER-ANNE-REVIEW",
    "chair_review": "MARKER-CHAIR-REVIEW",
    "discussion": "MARKER-OSLO-DISCUSSION",
    "last_year": "MARKER-LAST-YEAR-NOMINATION",
    # The address of the candidate's jury page: a link to it tells that it exists. Filled in
    # by the world (it holds the candidate's id).
    "oslo_page": None,
}
ALL = set(MARKERS)
# What each persona may see; everything else is forbidden to them.
ALLOWED = {
    "anonymous": set(),
    "nominator": {"own_nomination", "own_email"},
    "other_nominator": {"other_nomination", "other_email"},
    # The jury reads the nominations of its cycle (never the nominators' addresses), its own
    # review, and the discussion; others' reviews only after its own is done (blind first).
    "juror": {"oslo_nomination", "anne_review", "discussion", "oslo_page"},
    "other_juror": {"last_year"},
    "conflicted_juror": set(),
    # Chair or not, a juror in conflict sees nothing of the candidate.
    "conflicted_chair": set(),
    "chair": {"oslo_nomination", "chair_review", "discussion", "oslo_page"},
    # The secretariat reads nominations and the discussion; a single juror's review never on
    # these pages (the admin is its place for the rest).
    "secretariat": {
        "own_nomination",
        "own_email",
        "other_nomination",
        "other_email",
        "oslo_nomination",
        "oslo_email",
        "discussion",
        "last_year",
        "oslo_page",
    },
}
FORBIDDEN = {persona: ALL - allowed for persona, allowed in ALLOWED.items()}


# --- The world -----------------------------------------------------------------------------------


@dataclass
class World:
    jury_cycle: Cycle
    open_cycle: Cycle
    oslo: Candidate
    oslo_attachment: Attachment
    users: dict
    # Per persona: their private links (nomination token, attachment token, candidate token).
    links: dict = field(default_factory=dict)

    def token(self, persona, kind):
        return self.links.get(persona, {}).get(kind) or f"ukjent-{uuid.uuid4().hex}"


def _nomination(cycle, municipality, candidate, marker, email, status=NominationStatus.SUBMITTED):
    nomination = Nomination.objects.create(
        cycle=cycle,
        municipality=municipality,
        candidate=candidate,
        status=status,
        reference=cycle.next_reference(),
        nominator_name=f"Innsender {marker}",
        nominator_email=email,
        nominator_kind="organisation",
        reason=f"Begrunnelse {marker}.",
        submitted_at=timezone.now() - datetime.timedelta(days=1),
    )
    attachment = Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(f"%PDF-1.4 {marker}".encode(), name="vedlegg.pdf"),
        original_name="vedlegg.pdf",
        content_type="application/pdf",
        size=20,
    )
    return nomination, attachment


@pytest.fixture
def world(jury, conflict, other_juror, django_user_model):
    cycle = jury.cycle
    members = jury.by_name
    oslo = conflict.candidate
    _, oslo_attachment = _nomination(
        cycle, oslo.municipality, oslo, MARKERS["oslo_nomination"], MARKERS["oslo_email"]
    )
    Review.objects.create(
        member=members["anne"], candidate=oslo, overall_comment=MARKERS["anne_review"]
    )
    Review.objects.create(
        member=members["leder"],
        candidate=oslo,
        overall_comment=MARKERS["chair_review"],
        done_at=timezone.now(),
    )
    JuryComment.objects.create(
        candidate=oslo, author=members["leder"].user, text=MARKERS["discussion"]
    )
    last_year = other_juror.jury.cycle
    last_candidate = last_year.candidates.first()
    _nomination(
        last_year,
        last_candidate.municipality,
        last_candidate,
        MARKERS["last_year"],
        "last-year@example.org",
    )

    # Next year's cycle, open for nominations now: the nominators' world.
    now = timezone.now()
    open_cycle = Cycle.objects.create(
        award=cycle.award,
        year=cycle.year + 1,
        is_published=True,
        nominations_open_at=now - datetime.timedelta(days=5),
        nominations_close_at=now + datetime.timedelta(days=20),
        finalists_published_at=now + datetime.timedelta(days=60),
        announced_at=now + datetime.timedelta(days=70),
    )
    add_default_criteria(open_cycle)
    links = {}
    for persona, number, marker, email in (
        ("nominator", "1812", "own_nomination", "own_email"),
        ("other_nominator", "4601", "other_nomination", "other_email"),
    ):
        municipality = Municipality.objects.valid_in(open_cycle.year).get(number=number)
        candidate = Candidate.objects.create(cycle=open_cycle, municipality=municipality)
        nomination, attachment = _nomination(
            open_cycle, municipality, candidate, MARKERS[marker], MARKERS[email]
        )
        links[persona] = {
            "nomination": nomination.token,
            "attachment": attachment.token,
            "candidate": candidate.token,
        }

    group = Group.objects.create(name="Sekretariat")
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["platforms", "nominations", "scoring", "axes"]
        )
    )
    secretariat = django_user_model.objects.create_user("sekretariat", is_staff=True)
    secretariat.groups.add(group)
    users = {
        "juror": members["anne"].user,
        "other_juror": other_juror.user,
        "conflicted_juror": members["cato"].user,
        "chair": members["leder"].user,
        "secretariat": secretariat,
        "conflicted_chair": members["cato"].user,
    }
    MARKERS["oslo_page"] = reverse(
        "scoring:candidate", kwargs={"cycle_id": cycle.pk, "candidate_id": oslo.pk}
    )
    return World(cycle, open_cycle, oslo, oslo_attachment, users, links)


# --- The entries ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    kwargs: object = None  # world, persona -> kwargs for reverse()
    expect: dict = field(default_factory=dict)
    method: str = "get"


def everyone(answer):
    return dict.fromkeys(PERSONAS, answer)


def logged_in(anonymous, member):
    """`anonymous` for the three personas without a login, `member` for the five with one."""
    answers = dict.fromkeys(PERSONAS[:3], anonymous)
    answers.update(dict.fromkeys(PERSONAS[3:], member))
    return answers


def jury_page(juror, other=404, conflicted=None, chair=None, secretariat=404, anonymous=LOGIN):
    """A jury page: anonymous visitors and nominators to the login, and each juror as given.
    The chair in conflict gets what a juror in conflict gets where that is given (a page of the
    candidate), else what the chair gets."""
    answers = dict.fromkeys(PERSONAS[:3], anonymous)
    chair = juror if chair is None else chair
    answers.update(
        juror=juror,
        other_juror=other,
        conflicted_juror=juror if conflicted is None else conflicted,
        chair=chair,
        secretariat=secretariat,
        conflicted_chair=chair if conflicted is None else conflicted,
    )
    return answers


def by_token(owner, kind="nomination", extra=None):
    """A private link: the owner (both nominators, each with their own link) gets `owner`,
    everyone else (a made-up token) 404."""
    answers = everyone(404)
    answers.update(nominator=owner, other_nominator=owner)

    def kwargs(world, persona):
        values = {"token": world.token(persona, kind)}
        if extra:
            values.update(extra(world, persona))
        return values

    return kwargs, answers


def cycle_only(world, persona):
    return {"cycle_id": world.jury_cycle.pk}


def on_oslo(world, persona):
    return {"cycle_id": world.jury_cycle.pk, "candidate_id": world.oslo.pk}


def year_page(world, persona):
    return {"award": world.jury_cycle.award.slug, "year": world.jury_cycle.year}


def token_entry(owner, kind="nomination", extra=None, method="get"):
    kwargs, answers = by_token(owner, kind, extra)
    return Entry(kwargs=kwargs, expect=answers, method=method)


ENTRIES = {
    # Public pages.
    "home": Entry(expect=everyone(200)),
    "favicon": Entry(expect=everyone(REDIRECT)),
    # The health check: "ok" to anyone, each check's result to staff (tests/test_health.py).
    "health": Entry(expect=everyone(200)),
    "accessibility": Entry(expect=everyone(200)),
    "platforms:list": Entry(expect=everyone(200)),
    "platforms:detail": Entry(
        kwargs=lambda world, persona: {"slug": world.jury_cycle.award.platform.slug},
        expect=everyone(200),
    ),
    "public:archive": Entry(expect=everyone(200)),
    "public:municipality": Entry(
        kwargs=lambda world, persona: {"number": "0301"}, expect=everyone(200)
    ),
    "public:feed": Entry(
        kwargs=lambda world, persona: {"award": world.jury_cycle.award.slug},
        expect=everyone(200),
    ),
    # Nothing is published yet: the public gets 404, the secretariat a preview.
    "public:announcement": Entry(kwargs=year_page, expect={**everyone(404), "secretariat": 200}),
    "public:finalists": Entry(kwargs=year_page, expect={**everyone(404), "secretariat": 200}),
    "set_language": Entry(expect=everyone(REDIRECT), method="post"),
    # The call and the wizard.
    "nominations:start": Entry(expect=everyone(200)),
    "nominations:privacy": Entry(expect=everyone(200)),
    # The short address leads on to the form of the one open call, whose address names it.
    "nominations:wizard_new": Entry(expect=everyone(REDIRECT)),
    "nominations:award_start": Entry(
        kwargs=lambda world, persona: {"award": world.open_cycle.award.slug},
        expect=everyone(200),
    ),
    "nominations:award_wizard_new": Entry(
        kwargs=lambda world, persona: {"award": world.open_cycle.award.slug},
        expect=everyone(200),
    ),
    # The site's own award has the front page for its page (other awards: tests/test_two_awards).
    "public:award": Entry(
        kwargs=lambda world, persona: {"award": world.jury_cycle.award.slug},
        expect=everyone(REDIRECT),
    ),
    "nominations:resume": token_entry(REDIRECT),
    "nominations:wizard": token_entry(200, extra=lambda world, persona: {"step": "kandidat"}),
    # The link's holder is let in; an empty post names no version of the draft, so it is
    # refused as a save from a page older than the stored draft (#21), never written.
    "nominations:wizard_autosave": token_entry(
        409, extra=lambda world, persona: {"step": "begrunnelse"}, method="post"
    ),
    "nominations:nomination": token_entry(200),
    "nominations:receipt": token_entry(200),
    "nominations:withdraw": token_entry(200),
    "nominations:attachment": token_entry(
        200,
        extra=lambda world, persona: {"attachment_token": world.token(persona, "attachment")},
    ),
    "nominations:candidate_material": token_entry(200, kind="candidate"),
    # Accounts.
    "login": Entry(expect=logged_in(200, REDIRECT)),
    # Without the password step first, the second step sends back to it.
    "login_code": Entry(expect=everyone(LOGIN)),
    "login_recovery": Entry(expect=everyone(LOGIN)),
    "login_setup": Entry(expect=everyone(LOGIN)),
    "logout": Entry(expect=everyone(200), method="post"),
    "password_set": Entry(
        kwargs=lambda world, persona: {"uidb64": "MQ", "token": "ugyldig-lenke"},
        expect=everyone(200),  # the page that says the link does not work
    ),
    "password_change": Entry(expect=logged_in(LOGIN, 200)),
    "account_security": Entry(expect=logged_in(LOGIN, 200)),
    "replace_authenticator": Entry(expect=logged_in(LOGIN, 200)),
    "recovery_codes": Entry(expect=logged_in(LOGIN, 200)),
    # Only right after making new codes.
    "recovery_codes_download": Entry(expect=logged_in(LOGIN, 404)),
    "admin_login": Entry(
        expect={
            **logged_in(LOGIN, 403),  # to our login; jurors are told they have no access
            "secretariat": REDIRECT,  # on to the admin
        }
    ),
    # The jury's pages.
    # The secretariat, on no jury, is taken on to its own home.
    "scoring:index": Entry(expect=logged_in(LOGIN, REDIRECT)),
    # The secretariat's home and its reminders to jurors (scoring/views/secretariat.py).
    "scoring:secretariat": Entry(expect={**logged_in(LOGIN, 403), "secretariat": 200}),
    "scoring:secretariat_cycle": Entry(
        kwargs=cycle_only, expect={**logged_in(LOGIN, 403), "secretariat": 200}
    ),
    "scoring:remind": Entry(
        kwargs=lambda world, persona: {
            "cycle_id": world.jury_cycle.pk,
            "member_id": JuryMember.objects.get(
                jury__cycle=world.jury_cycle, user=world.users["juror"]
            ).pk,
        },
        expect={**logged_in(LOGIN, 403), "secretariat": REDIRECT},
        method="post",
    ),
    "scoring:home": Entry(kwargs=cycle_only, expect=jury_page(200)),
    "scoring:conflicts": Entry(kwargs=cycle_only, expect=jury_page(200)),
    "scoring:next": Entry(kwargs=cycle_only, expect=jury_page(REDIRECT)),
    "scoring:candidate": Entry(
        kwargs=on_oslo, expect=jury_page(200, conflicted=404, secretariat=200)
    ),
    "scoring:autosave": Entry(
        kwargs=on_oslo, expect=jury_page(400, conflicted=404, secretariat=403), method="post"
    ),
    "scoring:mark_done": Entry(
        kwargs=on_oslo, expect=jury_page(REDIRECT, conflicted=404, secretariat=403), method="post"
    ),
    "scoring:reopen": Entry(
        kwargs=on_oslo, expect=jury_page(REDIRECT, conflicted=404, secretariat=403), method="post"
    ),
    "scoring:comment": Entry(
        kwargs=on_oslo, expect=jury_page(400, conflicted=404, secretariat=400), method="post"
    ),
    "scoring:attachment": Entry(
        kwargs=lambda world, persona: {
            **on_oslo(world, persona),
            "attachment_id": world.oslo_attachment.pk,
        },
        expect=jury_page(200, conflicted=404, secretariat=200),
    ),
    # The chair exports from the deliberation on; the secretariat at any time.
    "scoring:export": Entry(kwargs=cycle_only, expect=jury_page(404, secretariat=200)),
    # The deliberation: the chair and the secretariat. In the jury phase its choices are refused.
    "scoring:deliberation": Entry(
        kwargs=cycle_only, expect=jury_page(404, chair=200, secretariat=200)
    ),
    "scoring:compare": Entry(
        kwargs=cycle_only, expect=jury_page(404, chair=REDIRECT, secretariat=REDIRECT)
    ),
    "scoring:result": Entry(kwargs=cycle_only, expect=jury_page(404, chair=200, secretariat=200)),
    # Confirming a choice that a chair in conflict made: nothing waits for it in the jury phase.
    "scoring:confirm": Entry(
        kwargs=cycle_only, expect=jury_page(404, chair=409, secretariat=409), method="post"
    ),
    "scoring:confirm_choice": Entry(kwargs=cycle_only, expect=jury_page(409), method="post"),
    "scoring:choose": Entry(
        kwargs=cycle_only, expect=jury_page(404, chair=403, secretariat=403), method="post"
    ),
    "scoring:texts": Entry(
        kwargs=cycle_only, expect=jury_page(404, chair=403, secretariat=403), method="post"
    ),
    "scoring:lix_target": Entry(
        kwargs=cycle_only, expect=jury_page(404, chair=403, secretariat=400), method="post"
    ),
    "scoring:lock": Entry(
        kwargs=cycle_only, expect=jury_page(404, chair=403, secretariat=403), method="post"
    ),
    "scoring:unlock": Entry(
        kwargs=cycle_only, expect=jury_page(404, chair=400, secretariat=400), method="post"
    ),
    "scoring:sign_off": Entry(kwargs=cycle_only, expect=jury_page(200)),
}


# The pages a browser or proxy may keep: the same for everyone. Every other page is one person's
# and is sent with Cache-Control: no-store, to whoever gets it or is sent on from it (checked in
# test_access for every persona; an error page shows nothing of anyone's).
CACHEABLE = {
    "home",
    "accessibility",
    "platforms:list",
    "platforms:detail",
    "public:archive",
    "public:municipality",
    "public:feed",
    "public:announcement",  # kept only once published; the secretariat's preview is not
    "public:finalists",
    "set_language",
    "nominations:start",
    "nominations:privacy",
    "nominations:wizard_new",
    "nominations:award_start",
    "nominations:award_wizard_new",  # the first step, before there is a draft
    "public:award",
    "favicon",
}


# --- Walking the resolver ------------------------------------------------------------------------


def url_patterns(patterns=None, prefix="", namespace=None):
    """Every pattern of the project: (route, name, pattern)."""
    for item in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(item, URLResolver):
            inner = namespace
            if item.namespace:
                inner = f"{namespace}:{item.namespace}" if namespace else item.namespace
            yield from url_patterns(item.url_patterns, prefix + str(item.pattern), inner)
        elif isinstance(item, URLPattern):
            name = item.name and (f"{namespace}:{item.name}" if namespace else item.name)
            yield prefix + str(item.pattern), name, item


def is_admin(route, name):
    return route.startswith("admin/") and name != "admin_login"


def site_patterns():
    return [(route, name) for route, name, _ in url_patterns() if not is_admin(route, name)]


def admin_patterns():
    return [(route, name, p) for route, name, p in url_patterns() if is_admin(route, name)]


def test_every_url_pattern_has_an_entry():
    patterns = site_patterns()
    missing = [f"{route} ({name})" for route, name in patterns if name not in ENTRIES]
    assert not missing, (
        "URL patterns without an entry in the access matrix (tests/test_access_matrix.py, "
        f"ENTRIES): {', '.join(missing)}. Say who may see them."
    )
    stale = set(ENTRIES) - {name for _route, name in patterns}
    assert not stale, f"Entries for URL patterns that no longer exist: {sorted(stale)}"
    unnamed = [route for route, name in patterns if not name]
    assert not unnamed, f"URL patterns without a name cannot be in the matrix: {unnamed}"
    for name, entry in ENTRIES.items():
        assert set(entry.expect) == set(PERSONAS), f"{name}: an answer for every persona"


# --- Requesting ----------------------------------------------------------------------------------


def client_for(world, persona, client_class):
    client = client_class()
    if persona in world.users:
        client.force_login(world.users[persona])
    return client


@contextlib.contextmanager
def seated_as(world, persona):
    """Cato is the chair while the chair in conflict asks; Leder again afterwards."""
    if persona != "conflicted_chair":
        yield
        return
    members = JuryMember.objects.filter(jury__cycle=world.jury_cycle)
    members.filter(is_chair=True).update(is_chair=False)
    members.filter(user=world.users["conflicted_chair"]).update(is_chair=True)
    try:
        yield
    finally:
        members.filter(is_chair=True).update(is_chair=False)
        members.filter(user=world.users["chair"]).update(is_chair=True)


def outcome(response):
    if response.status_code in (301, 302):
        location = response["Location"]
        if location.startswith("/konto/logg-inn/"):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
        return REDIRECT
    return response.status_code


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def leaks(response, persona) -> list[str]:
    if response.status_code in (301, 302):
        location = response["Location"]
        forbidden = "oslo_page" in FORBIDDEN[persona]
        return ["oslo_page"] if forbidden and location.startswith(MARKERS["oslo_page"]) else []
    if response.status_code != 200:
        return []
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats-officedocument"):
        return []  # the workbook: its contents are tested in tests/scoring/test_workbook.py
    text = body(response)
    return [key for key in sorted(FORBIDDEN[persona]) if MARKERS[key] in text]


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_access(name, world, client):
    entry = ENTRIES[name]
    wrong = []
    for persona in PERSONAS:
        kwargs = entry.kwargs(world, persona) if entry.kwargs else {}
        url = reverse(name, kwargs=kwargs)
        request = getattr(client_for(world, persona, type(client)), entry.method)
        with seated_as(world, persona):
            response = request(url)
        got = outcome(response)
        if got != entry.expect[persona]:
            wrong.append(f"{persona}: expected {entry.expect[persona]}, got {got}")
        leaked = leaks(response, persona)
        if leaked:
            wrong.append(f"{persona}: sees {', '.join(leaked)}")
        private = name not in CACHEABLE and response.status_code < 400  # an error shows nothing
        if private and "no-store" not in response.get("Cache-Control", ""):
            wrong.append(f"{persona}: may be kept by the browser (no Cache-Control: no-store)")
    assert not wrong, f"{entry.method.upper()} {name}:\n  " + "\n  ".join(wrong)


SCORE_COMMENT = "MARKER-OSLO-SCORE-COMMENT"


def workbook_cells(response) -> list[tuple]:
    content = b"".join(response.streaming_content)
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [
        (sheet.title, row) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
    ]


def test_a_chair_in_conflict_sees_rank_and_totals_only(world, client):
    """In the deliberation, with every juror's scores and comments there to hide: the chair in
    conflict with Oslo gets the deliberation, the comparison, the result and the workbook with
    Oslo's rank and totals only, marked «Du er inhabil», and nothing of a juror's review of it.
    The secretariat's workbook has all of it."""
    cycle, oslo = world.jury_cycle, world.oslo
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=1)
    cycle.save(update_fields=["deliberation_started_at"])
    other = cycle.candidates.exclude(pk=oslo.pk).eligible().first()
    criteria = list(cycle.criteria.order_by("position"))
    scorers = JuryMember.objects.filter(jury__cycle=cycle).exclude(
        user=world.users["conflicted_chair"]
    )
    for position, member in enumerate(scorers):
        for target in (oslo, other):
            review, _created = Review.objects.get_or_create(member=member, candidate=target)
            Score.objects.bulk_create(
                Score(
                    review=review,
                    criterion=c,
                    value=1 + (position + c.pk) % 5,
                    comment=SCORE_COMMENT if target == oslo else "",
                )
                for c in criteria
            )
            review.done_at = timezone.now()
            review.save()  # raises the cycle's results_version
    hidden = [MARKERS[key] for key in FORBIDDEN["conflicted_chair"]] + [SCORE_COMMENT]
    cycle_args = cycle_only(world, "conflicted_chair")
    with seated_as(world, "conflicted_chair"):
        chair = client_for(world, "conflicted_chair", type(client))
        for name, query in (
            ("scoring:deliberation", {}),
            ("scoring:compare", {"k": [oslo.pk, other.pk]}),
            ("scoring:result", {}),
        ):
            response = chair.get(reverse(name, kwargs=cycle_args), query)
            assert response.status_code == 200, name
            text = body(response)
            assert "Du er inhabil" in text, name
            assert not [marker for marker in hidden if marker in text], name
        response = chair.get(reverse("scoring:export", kwargs=cycle_args))
        assert response.status_code == 200
        cells = workbook_cells(response)
    name = oslo.municipality.display_name
    assert not [v for _sheet, row in cells for v in row if any(m in str(v) for m in hidden)]
    oslo_rows = {sheet: row for sheet, row in cells if name in row}
    assert set(oslo_rows) == {"Rangering", "Kriterier"}  # not on Jury, nor Nominasjoner
    assert "Du er inhabil" in oslo_rows["Rangering"]
    assert "Du er inhabil" in oslo_rows["Kriterier"]

    complete = workbook_cells(
        client_for(world, "secretariat", type(client)).get(
            reverse("scoring:export", kwargs=cycle_args)
        )
    )
    texts = repr(complete)
    assert SCORE_COMMENT in texts and MARKERS["anne_review"] in texts
    assert "Du er inhabil" not in texts


def test_a_private_link_opens_only_its_own_files(world, client):
    """One's own nomination token with another nomination's attachment token: 404."""
    own, other = world.links["nominator"], world.links["other_nominator"]
    mixed = reverse(
        "nominations:attachment",
        kwargs={"token": own["nomination"], "attachment_token": other["attachment"]},
    )
    assert client.get(mixed).status_code == 404
    # A juror's file address names the candidate: a file of another candidate is not there.
    other_candidate = world.jury_cycle.candidates.exclude(pk=world.oslo.pk).first()
    client.force_login(world.users["juror"])
    url = reverse(
        "scoring:attachment",
        kwargs={
            "cycle_id": world.jury_cycle.pk,
            "candidate_id": other_candidate.pk,
            "attachment_id": world.oslo_attachment.pk,
        },
    )
    assert client.get(url).status_code == 404


# --- The admin -----------------------------------------------------------------------------------

ADMIN_PERSONAS = ("anonymous", "juror", "chair", "secretariat")
# The two admin patterns the rule does not fit, and why.
ADMIN_EXCEPTIONS = {
    # Shadowed by our admin_login (config/urls.py) at the same address, which has its own entry
    # in ENTRIES: the admin logs in through our two steps.
    "admin:login": None,
    # Django sends someone without the admin's rights from its logout to the admin's front
    # page, which then sends them to the admin's login (checked above as admin:index).
    "admin:logout": {"anonymous": "/admin/", "juror": "/admin/", "chair": "/admin/"},
}


def admin_kwargs(world, route, pattern):
    """Real arguments for an admin pattern: a real object of the pattern's model, its
    content type, the app label. None where the pattern has no such object to resolve with."""
    converters = set(pattern.pattern.converters) | set(pattern.pattern.regex.groupindex)
    parts = route.split("/")
    model = None
    if len(parts) > 3 and parts[1] and parts[2] and "<" not in parts[1] and "<" not in parts[2]:
        try:
            model = ContentType.objects.get_by_natural_key(parts[1], parts[2]).model_class()
        except ContentType.DoesNotExist:
            model = None
    kwargs = {}
    for name in converters:
        if name in {"object_id", "pk", "id"}:
            if route.startswith("admin/nominations/nomination/attachment/"):
                kwargs[name] = world.oslo_attachment.pk
                continue
            if route.startswith("admin/r/"):  # view on site: a nomination
                kwargs[name] = world.oslo_attachment.nomination_id
                continue
            if model is None:
                return None
            obj = model.objects.order_by("pk").first()
            if obj is None:
                return None
            kwargs[name] = obj.pk
        elif name == "app_label":
            kwargs[name] = "scoring"
        elif name == "content_type_id":
            kwargs[name] = ContentType.objects.get_for_model(Nomination).pk
        elif name == "url":
            kwargs[name] = "ingen-side/"
        else:
            return None
    return kwargs


def admin_url(route, name, pattern, kwargs):
    if name:
        return reverse(name, kwargs=kwargs)
    if "url" in kwargs:
        return "/admin/" + kwargs["url"]  # the admin's catch-all
    # Unnamed, such as the redirect from an object's address to its change page.
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route)


def test_every_admin_page_is_for_staff_only(world, client):
    """The rule on every admin pattern: anonymous visitors and jurors without staff rights get
    the admin's login (which leads to ours, with both factors); the secretariat never does."""
    from axes.models import AccessAttempt, AccessFailureLog
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts import twofactor

    # An object of every model with admin pages, so that each page is resolved for real.
    TOTPDevice.objects.create(user=world.users["juror"], name="extra")
    twofactor.new_recovery_codes(world.users["juror"])
    AccessAttempt.objects.create(
        username="anne", ip_address="127.0.0.1", user_agent="", failures_since_start=1
    )
    AccessFailureLog.objects.create(username="anne", ip_address="127.0.0.1", user_agent="")
    result = Result.objects.create(cycle=world.jury_cycle)
    with transaction.atomic():
        audit.record(AuditKind.RESULT_CHANGED, result, cycle=world.jury_cycle)
    # An e-mail in the queue (core/mail.py).
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.create(
        args_kwargs={"args": ["Kvittering", "Takk.", ["kari@example.org"]], "kwargs": {}},
        task_path="core.mail.send_email",
        backend_name="default",
        run_after=timezone.now(),
    )
    checked, wrong, unresolved = 0, [], []
    for route, name, pattern in admin_patterns():
        kwargs = admin_kwargs(world, route, pattern)
        if kwargs is None:
            unresolved.append(route)
            continue
        url = admin_url(route, name, pattern, kwargs)
        exception = ADMIN_EXCEPTIONS.get(name, {})
        if name in ADMIN_EXCEPTIONS and exception is None:
            checked += 1
            continue
        for persona in ADMIN_PERSONAS:
            response = client_for(world, persona, type(client)).get(url)
            got = outcome(response)
            if persona in exception:
                if response.get("Location") != exception[persona]:
                    wrong.append(f"{url} ({name}): {persona} got {got}")
            elif persona == "secretariat":
                if got == ADMIN_LOGIN or response.status_code >= 500:
                    wrong.append(f"{url} ({name}): secretariat got {got}")
            elif got != ADMIN_LOGIN:
                wrong.append(f"{url} ({name}): {persona} got {got}, expected the admin's login")
        checked += 1
    assert not wrong, "\n".join(wrong)
    # Every admin pattern can be resolved with real arguments in this world.
    assert not unresolved, f"admin patterns not checked: {unresolved}"
    assert checked == len(admin_patterns())


# Ids no database column holds (beyond 64 bits; a digit that is not ASCII), and the audit
# record's «<content type>-<pk>» with one.
UNHOLDABLE_IDS = (str(2**63), "99999999999999999999", "²")
UNHOLDABLE_OBJECTS = (f"1-{2**63}", f"{2**63}-1")
# The list filters of our own (and the apps') that take an id or a number, and those that do
# not; a new list filter must be in one of them.
ID_PARAMETERS = {"cycle", "person", "object", "valid_in"}
OTHER_PARAMETERS = {"status", "locked_out"}


def admin_changelists():
    from django.contrib import admin

    return [
        (
            model,
            model_admin,
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        )
        for model, model_admin in admin.site._registry.items()
    ]


def id_parameters(request):
    """The parameters of every list filter declared on an admin list that take an id: ours,
    and Django's for a relation (e.g. award__id__exact)."""
    from django.contrib.admin import FieldListFilter, SimpleListFilter
    from django.contrib.admin.utils import get_fields_from_path

    found = set()
    for model, model_admin, _url in admin_changelists():
        for item in model_admin.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                assert item.parameter_name in ID_PARAMETERS | OTHER_PARAMETERS, (
                    f"{item.__name__}: does ?{item.parameter_name}= take an id? Say so above."
                )
                if item.parameter_name in ID_PARAMETERS:
                    found.add(item.parameter_name)
                continue
            path, filter_class = item if isinstance(item, tuple) else (item, None)
            field = get_fields_from_path(model, path)[-1]
            if field.is_relation:
                create = filter_class or FieldListFilter.create
                spec = create(field, request, {}, model, model_admin, field_path=path)
                found.add(spec.lookup_kwarg)
    return sorted(found)


def test_every_admin_list_ignores_an_id_the_database_cannot_hold(
    world, admin_client, rf, admin_user
):
    """Every list filter parameter that takes an id, on every admin list, with an id the
    database cannot hold: the list (the filter ignored) or the admin's own answer to a lookup it
    cannot make (back to the list with ?e=1), never an error. On SQLite and PostgreSQL alike."""
    result = Result.objects.create(cycle=world.jury_cycle)
    with transaction.atomic():
        # Someone in the record, so that the person filter is shown and used.
        audit.record(AuditKind.RESULT_CHANGED, result, actor=admin_user, cycle=world.jury_cycle)
    request = rf.get("/admin/")
    request.user = admin_user
    parameters = id_parameters(request)
    assert {"cycle", "person", "object", "award__id__exact", "platform__id__exact"} <= set(
        parameters
    )
    wrong = []
    for _model, _admin, url in admin_changelists():
        for parameter in parameters:
            for value in UNHOLDABLE_OBJECTS if parameter == "object" else UNHOLDABLE_IDS:
                response = admin_client.get(url, {parameter: value})
                back_to_list = response.status_code == 302 and response["Location"].endswith("?e=1")
                if response.status_code != 200 and not back_to_list:
                    wrong.append(f"{url}?{parameter}={value}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    # Ours ignore it: the whole list, as without the filter.
    nominations = reverse("admin:nominations_nomination_changelist")
    for value in UNHOLDABLE_IDS:
        response = admin_client.get(nominations, {"cycle": value})
        assert response.status_code == 200
        assert response.context["cl"].result_count == Nomination.objects.count()


def test_the_markers_are_found_where_they_may_be_seen(world, client):
    """The leak check can see: each marker is on the page of someone allowed to see it."""

    def page(persona, name, **kwargs):
        return body(client_for(world, persona, type(client)).get(reverse(name, kwargs=kwargs)))

    oslo = {"cycle_id": world.jury_cycle.pk, "candidate_id": world.oslo.pk}
    own = page("nominator", "nominations:nomination", token=world.links["nominator"]["nomination"])
    assert MARKERS["own_nomination"] in own and MARKERS["own_email"] in own
    anne = page("juror", "scoring:candidate", **oslo)
    for key in ("oslo_nomination", "anne_review", "discussion"):
        assert MARKERS[key] in anne, key
    assert MARKERS["chair_review"] in page("chair", "scoring:candidate", **oslo)
    assert MARKERS["oslo_page"] in page("juror", "scoring:home", cycle_id=world.jury_cycle.pk)
    file = page(
        "nominator",
        "nominations:attachment",
        token=world.links["nominator"]["nomination"],
        attachment_token=world.links["nominator"]["attachment"],
    )
    assert MARKERS["own_nomination"] in file


# --- Ids beyond what the database holds ----------------------------------------------------------

# More than 64 bits: no row has such an id, and none of the pages may fail on one.
BEYOND_64_BITS = 99999999999999999999


def integer_arguments(pattern) -> list[str]:
    return [
        name
        for name, converter in pattern.pattern.converters.items()
        if isinstance(converter, IntConverter)
    ]


@pytest.mark.parametrize("persona", ["anonymous", "chair", "secretariat"])
def test_an_id_beyond_64_bits_is_not_found(persona, world, client):
    """Every pattern with an integer in it — the public years, the jury's pages, the
    deliberation, the export — answers a number no row can have with 404, never a server
    error."""
    checked, wrong = 0, []
    for route, name, pattern in url_patterns():
        if is_admin(route, name):
            continue
        entry = ENTRIES[name]
        for argument in integer_arguments(pattern):
            kwargs = {**(entry.kwargs(world, persona) if entry.kwargs else {})}
            kwargs[argument] = BEYOND_64_BITS
            # Written out by hand: reverse() knows no such address.
            url = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m, k=kwargs: str(k[m.group(1)]), route)
            response = getattr(client_for(world, persona, type(client)), entry.method)(url)
            if outcome(response) != 404:
                wrong.append(f"{entry.method.upper()} {url}: {outcome(response)}")
            checked += 1
    assert checked >= 20  # the public years and every page of the jury
    assert not wrong, f"{persona}:\n  " + "\n  ".join(wrong)
