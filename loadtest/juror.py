"""One juror's evening of scoring, as the candidate page and static/js/review.js make it.

The juror logs in, opens the jury's home, and goes through the candidates listed there (a
candidate they are in conflict with is not listed). On a candidate's page they change a score,
a mark or a comment a few times; after each change the whole form is posted to the autosave
endpoint with the version the last save returned (review.js: one save at a time, each naming
the version it is based on). Then they press Save (the plain form, redirected back to the page)
and now and then "Save and mark the review done"; a review found done on a later visit is
reopened first. Each page shown is checked against the last save the server acknowledged, and
that save is kept in `acknowledged` for the check against the database.
"""

import random
import re
from dataclasses import dataclass, field

from django_otp.oath import totp

from . import content
from .client import Session, StepFailed
from .pages import Form
from .stats import Stopped

STEP_ORDER = [
    "login GET",
    "login POST",
    "login code GET",
    "login code POST",
    "jury home GET",
    "candidate page GET",
    "autosave POST",
    "save POST",
    "mark done POST",
    "reopen POST",
]
AUTOSAVE_HEADERS = {
    "Accept": "application/json",
    "X-Requested-With": "XMLHttpRequest",
}
EVIDENCE_MARKS = ("", "documented", "claimed", "missing")


def log_in(session: Session, username: str, password: str, totp_key: str):
    """The juror's login at /konto/logg-inn/ — the password, then the code the authenticator
    app shows (computed from the device's key, as the app does) — ending on the jury's pages.
    The one place that knows how a juror logs in. A code is accepted once per 30-second step,
    so each juror logs in once."""
    response = session.get("login GET", "/konto/logg-inn/")
    form = response.page.form("narrow-form")
    if form is None:
        session.fail("login GET", response, "the login page has no form")
    fields = dict(form.submission())
    fields.update(username=username, password=password)
    response = session.post("login POST", "/konto/logg-inn/", list(fields.items()))
    if response.location != "/konto/logg-inn/kode/":
        session.fail("login POST", response, f"the password led to {response.location}")
    response = session.get("login code GET", response.location)
    form = response.page.form("narrow-form")
    if form is None:
        session.fail("login code GET", response, "the code page has no form")
    fields = dict(form.submission())
    fields.update(code=f"{totp(bytes.fromhex(totp_key)):06d}")
    response = session.post("login code POST", "/konto/logg-inn/kode/", list(fields.items()))
    if not response.location.startswith("/jury/"):
        session.fail("login code POST", response, f"logging in led to {response.location}")


@dataclass
class Saved:
    """A review as the juror last saw the server accept it."""

    version: int
    entries: dict  # criterion id: (score or None, comment, evidence mark)
    overall: str
    done: bool = False


@dataclass
class JurorState:
    username: str
    acknowledged: dict[int, Saved] = field(default_factory=dict)  # candidate id: last save
    saves: int = 0


class Juror:
    def __init__(self, session: Session, cycle_id: int, account, think, seed):
        self.session = session
        self.cycle_id = cycle_id
        self.username, self.password, self.totp_key = (
            account.username,
            account.password,
            account.totp_key,
        )
        self.think_scale = think
        self.rng = random.Random(seed)
        self.state = JurorState(self.username)

    def run(self) -> str:
        try:
            log_in(self.session, self.username, self.password, self.totp_key)
            candidates = self.candidates()
            while True:
                for candidate_id in candidates:
                    self.review(candidate_id)
                    self.think(2.0, 6.0)
        except Stopped:
            return "stopped"
        except StepFailed:
            return "failed"
        except Exception as error:  # a fault of the load test itself: shown, never hidden
            self.session.recorder.error(self.session.actor, "load test", None, repr(error))
            return "failed"

    def think(self, low, high):
        self.session.recorder.pause(self.rng.uniform(low, high) * self.think_scale)

    def page_url(self, candidate_id, action=""):
        return f"/jury/{self.cycle_id}/kandidater/{candidate_id}/{action}"

    def candidates(self) -> list[int]:
        response = self.session.get("jury home GET", f"/jury/{self.cycle_id}/")
        pattern = re.compile(rf"^/jury/{self.cycle_id}/kandidater/(\d+)/$")
        found = [int(m.group(1)) for link in response.page.links if (m := pattern.match(link))]
        if not found:
            self.session.fail("jury home GET", response, "the jury's home lists no candidates")
        return list(dict.fromkeys(found))

    # --- one candidate ----------------------------------------------------------------------

    def review(self, candidate_id):
        form = self.open(candidate_id)
        if form is None:  # done on an earlier visit: reopen it first
            self.session.post("reopen POST", self.page_url(candidate_id, "gjenapne/"), [
                ("csrfmiddlewaretoken", self.csrf),
            ])  # fmt: skip
            saved = self.state.acknowledged[candidate_id]
            saved.version, saved.done = saved.version + 1, False
            form = self.open(candidate_id)
            if form is None:
                self.session.fail("candidate page GET", None, "the reopened review has no form")
        fields = ReviewFields(form)
        for _change in range(self.rng.randint(2, 5)):
            fields.change(self.rng)
            self.think(1.0, 4.0)
            self.autosave(candidate_id, fields)
        self.think(1.0, 3.0)
        self.save(candidate_id, fields)
        if fields.complete() and self.rng.random() < 0.25:
            self.think(1.0, 3.0)
            self.mark_done(candidate_id, fields)

    def open(self, candidate_id) -> Form | None:
        """The candidate's page; checks that it shows what was last saved."""
        response = self.session.get("candidate page GET", self.page_url(candidate_id))
        page = response.page
        self.csrf = next(
            (
                f.value
                for form in page.forms
                for f in form.fields
                if f.name == "csrfmiddlewaretoken"
            ),
            "",
        )
        form = page.form("review-form")
        saved = self.state.acknowledged.get(candidate_id)
        if form is None:
            if saved is None or not saved.done:
                self.session.fail("candidate page GET", response, "the page has no review form")
            return None
        shown = ReviewFields(form)
        if saved is not None and (shown.version, shown.entries, shown.overall) != (
            saved.version,
            saved.entries,
            saved.overall,
        ):
            self.session.fail(
                "candidate page GET",
                response,
                f"the page shows version {shown.version}, not the last saved {saved.version} "
                "with what was saved",
            )
        return form

    def acknowledge(self, candidate_id, fields: "ReviewFields", version: int, done=False):
        fields.version = version
        self.state.acknowledged[candidate_id] = Saved(
            version, dict(fields.entries), fields.overall, done
        )
        self.state.saves += 1

    def autosave(self, candidate_id, fields: "ReviewFields"):
        response = self.session.post(
            "autosave POST",
            self.page_url(candidate_id, "lagre/"),
            fields.posted(),
            expect=(200,),
            headers=AUTOSAVE_HEADERS,
        )
        try:
            version = int(response.json()["version"])
        except (ValueError, KeyError, TypeError):
            self.session.fail("autosave POST", response, "the answer has no version")
        self.acknowledge(candidate_id, fields, version)

    def save(self, candidate_id, fields: "ReviewFields"):
        url = self.page_url(candidate_id)
        response = self.session.post("save POST", url, fields.posted())
        if response.location != url:
            self.session.fail("save POST", response, f"saving led to {response.location}")
        self.acknowledge(candidate_id, fields, fields.version + 1)
        self.open(candidate_id)  # the browser follows the redirect; checked against the save

    def mark_done(self, candidate_id, fields: "ReviewFields"):
        url = self.page_url(candidate_id, "ferdig/")
        response = self.session.post("mark done POST", url, fields.posted())
        if response.location != self.page_url(candidate_id):
            self.session.fail("mark done POST", response, f"led to {response.location}")
        # Saving what the form holds and marking it done are two changes.
        self.acknowledge(candidate_id, fields, fields.version + 2, done=True)


class ReviewFields:
    """The review form's values, changed as a juror would and posted whole."""

    def __init__(self, form: Form):
        self.form = form
        self.version = int(form.value("version") or 0)
        self.overall = form.value("overall_comment") or ""
        self.criteria = sorted(
            {int(m.group(1)) for n in form.names() if (m := re.match(r"^c(\d+)-score$", n))}
        )
        self.scale = {
            c: sorted(int(f.value) for f in form.named(f"c{c}-score")) for c in self.criteria
        }
        self.entries = {}
        for c in self.criteria:
            score = next((int(f.value) for f in form.named(f"c{c}-score") if f.checked), None)
            evidence = next((f.value for f in form.named(f"c{c}-evidence") if f.checked), "")
            self.entries[c] = (score, form.value(f"c{c}-comment") or "", evidence)

    def change(self, rng: random.Random):
        criterion = rng.choice(self.criteria)
        score, comment, evidence = self.entries[criterion]
        what = rng.random()
        if what < 0.6 or score is None:
            score = rng.choice(self.scale[criterion])
        elif what < 0.8:
            comment = rng.choice(content.SENTENCES)
        else:
            evidence = rng.choice(EVIDENCE_MARKS)
        self.entries[criterion] = (score, comment, evidence)
        if rng.random() < 0.2:
            self.overall = " ".join(rng.choice(content.SENTENCES) for _ in range(2))

    def complete(self) -> bool:
        return all(score is not None for score, _c, _e in self.entries.values())

    def posted(self) -> list[tuple[str, str]]:
        pairs = [
            ("csrfmiddlewaretoken", self.form.value("csrfmiddlewaretoken")),
            ("version", str(self.version)),
        ]
        for c in self.criteria:
            score, comment, evidence = self.entries[c]
            if score is not None:
                pairs.append((f"c{c}-score", str(score)))
            pairs.append((f"c{c}-evidence", evidence))
            pairs.append((f"c{c}-comment", comment))
        pairs.append(("overall_comment", self.overall))
        return pairs
