"""One nominator's way through the nomination form, as a browser makes it.

Each step is a GET of the step's page (its form read for the CSRF token, the wizard's own
fields and the field names) and a POST of the filled-in form, which must redirect to the next
step. The journey: the call page and the site's CSS and JS (once, as a browser caches them),
the candidate (a municipality chosen from the page's list by its number), the nominator, the
reason, the criteria (answers, links, one evidence file: a PDF), the attachments (a PNG, and
for some a second PDF, in one post), the summary (checked to show the files), consent and
submit (for some twice at once, a double click), and the receipt with its reference.

What was sent is kept in `Expected`, so that the check can compare it with the database.
"""

import hashlib
import random
import re
import threading
from dataclasses import dataclass, field

from . import content
from .client import Session, StepFailed, Upload
from .pages import REFERENCE, Form
from .stats import Stopped

WIZARD = "nomination_wizard"
STEPS = ("kandidat", "innsender", "begrunnelse", "kriterier", "vedlegg", "oppsummering")
STEP_ORDER = [
    "call page",
    "static files",
    *(f"{step} {method}" for step in STEPS for method in ("GET", "POST")),
    "receipt GET",
]
KINDS = ("organisation", "organisation", "person", "municipality", "state", "other")
# Think time before leaving each page, in seconds at --think 1: a person's time on the page
# (about 20 minutes for the whole form, most of it on the criteria) divided by 12, the
# compression of the deadline profile (an hour of arrivals in five minutes).
THINK = {
    "call page": (5.0, 15.0),
    "kandidat": (2.0, 5.0),
    "innsender": (5.0, 10.0),
    "begrunnelse": (10.0, 30.0),
    "kriterier": (25.0, 75.0),
    "vedlegg": (5.0, 15.0),
    "oppsummering": (5.0, 15.0),
}


@dataclass
class ExpectedFile:
    criterion_id: int | None
    name: str
    size: int
    sha256: str
    content_type: str


@dataclass
class Expected:
    """What the nominator sent, and what the server answered."""

    email: str
    municipality_id: int | None = None
    municipality_number: str = ""
    fields: dict = field(default_factory=dict)  # nominator details and reason, as stored
    answers: dict = field(default_factory=dict)  # criterion id: (text, evidence URL)
    files: list[ExpectedFile] = field(default_factory=list)
    token: str = ""
    reference: str = ""
    double_submit: bool = False


@dataclass
class Options:
    think: float  # scale of the think times; 0: none
    double_submit_share: float
    popular: tuple[str, ...]
    reason_limit: int = 1500
    answer_limit: int = 3000


def _expected_files(uploads, criterion_id=None):
    return [
        ExpectedFile(
            criterion_id,
            upload.filename,
            len(upload.content),
            hashlib.sha256(upload.content).hexdigest(),
            upload.content_type,
        )
        for upload in uploads
    ]


class Nominator:
    def __init__(self, number: int, session: Session, options: Options, seed: int):
        self.number = number
        self.session = session
        self.options = options
        self.rng = random.Random(seed)
        self.expected = Expected(email=f"nominator{number:04d}@lasttest.example.org")
        self.token = None
        self.form_url = "/nominer/ny/"  # until the call page has linked the award's own

    # --- the journey ----------------------------------------------------------------------

    def run(self) -> str:
        """Goes through the form; returns how it ended (the error itself is recorded)."""
        try:
            self.visit_call()
            self.candidate()
            self.nominator()
            self.reason()
            self.criteria()
            self.attachments()
            self.submit()
            self.receipt()
        except Stopped:
            return "stopped before the receipt"
        except StepFailed:
            return "failed"
        except Exception as error:  # a fault of the load test itself: shown, never hidden
            self.session.recorder.error(self.session.actor, "load test", None, repr(error))
            return "failed"
        return "receipt"

    def think(self, page):
        low, high = THINK[page]
        self.session.recorder.pause(self.rng.uniform(low, high) * self.options.think)

    def url(self, step):
        # The form's first address names its award (/<award>/nominer/ny/), as the call links it.
        return f"/nominer/{self.token}/{step}/" if self.token else self.form_url

    def visit_call(self):
        page = self.session.get("call page", "/nominer/").page
        forms = [link for link in page.links if link.endswith("/nominer/ny/")]
        if not forms:
            self.session.fail("call page", None, "the call page has no link to the form")
        self.form_url = forms[0]
        if not page.assets:
            self.session.fail("call page", None, "the call page links no stylesheet or script")
        for asset in page.assets:  # fetched once: the browser keeps them
            self.session.get("static files", asset)
        self.think("call page")

    def open_step(self, step) -> Form:
        response = self.session.get(f"{step} GET", self.url(step))
        form = response.page.form("wizard-form")
        if form is None or form.value(f"{WIZARD}-current_step") != step:
            self.session.fail(f"{step} GET", response, "the page has no form for this step")
        return form

    def send_step(self, step, form: Form, values: dict, files=(), expect_next=None):
        """Posts the form with `values` (field names without the step's prefix)."""
        pairs = [
            (name, value)
            for name, value in form.submission()
            if not name.startswith(f"{step}-") or name[len(step) + 1 :] not in values
        ]
        for name, value in values.items():
            for item in value if isinstance(value, list) else [value]:
                pairs.append((f"{step}-{name}", item))
        response = self.session.post(f"{step} POST", self.url(step), pairs, files)
        if expect_next and not re.search(expect_next, response.location):
            self.session.fail(
                f"{step} POST", response, f"redirected to {response.location}, not the next step"
            )
        return response

    def candidate(self):
        form = self.open_step("kandidat")
        options = {
            re.search(r"\((\d{2,4})\)$", label).group(1): value
            for value, label in form.named("kandidat-municipality")[0].options
            if value and re.search(r"\((\d{2,4})\)$", label)
        }
        popular = [n for n in self.options.popular if n in options]
        if popular and self.rng.random() < 0.7:
            number = self.rng.choice(popular)
        else:
            number = self.rng.choice(sorted(options))
        self.expected.municipality_id = int(options[number])
        self.expected.municipality_number = number
        self.think("kandidat")
        response = self.send_step(
            "kandidat", form, {"municipality": options[number]}, expect_next=r"/innsender/$"
        )
        self.token = re.match(r"/nominer/([^/]+)/", response.location).group(1)

    def nominator(self):
        form = self.open_step("innsender")
        kind = self.rng.choice(KINDS)
        place = f"Kommune {self.expected.municipality_number}"
        values = {
            "nominator_name": content.person(self.rng),
            "nominator_email": self.expected.email,
            "nominator_phone": f"9{self.rng.randint(1000000, 9999999)}"
            if self.rng.random() < 0.6
            else "",
            "nominator_kind": kind,
            "organisation_name": content.organisation(self.rng, place)
            if kind == "organisation"
            else "",
            "organisation_number": content.organisation_number(self.rng)
            if kind == "organisation"
            else "",
        }
        self.expected.fields.update(values)
        self.think("innsender")
        self.send_step("innsender", form, values, expect_next=r"/begrunnelse/$")

    def reason(self):
        form = self.open_step("begrunnelse")
        reason = content.text(self.rng, self.options.reason_limit, at_least=200)
        self.expected.fields["reason"] = reason
        self.think("begrunnelse")
        self.send_step("begrunnelse", form, {"reason": reason}, expect_next=r"/kriterier/$")

    def criteria(self):
        form = self.open_step("kriterier")
        ids = [int(m) for n in form.names() if (m := _match(r"^kriterier-answer_(\d+)$", n))]
        if not ids:
            self.session.fail("kriterier GET", None, "the page shows no criteria")
        values, files = {}, []
        evidence_for = self.rng.choice(ids)
        for criterion_id in ids:
            answered = self.rng.random() < 0.9
            text = content.text(self.rng, self.options.answer_limit) if answered else ""
            url = f"https://k{self.expected.municipality_number}.kommune.test/vedtak/{criterion_id}"
            url = url if answered and self.rng.random() < 0.4 else ""
            values[f"answer_{criterion_id}"] = text
            values[f"evidence_url_{criterion_id}"] = url
            self.expected.answers[criterion_id] = (text, url)
        place = f"Kommune {self.expected.municipality_number}"
        name = content.document_name(self.rng, place, "pdf")
        evidence = Upload(
            f"kriterier-evidence_file_{evidence_for}",
            name,
            "application/pdf",
            content.pdf(self.rng, name, self.rng.randint(150_000, 1_200_000)),
        )
        files.append(evidence)
        self.expected.files += _expected_files(files, evidence_for)
        self.think("kriterier")
        self.send_step("kriterier", form, values, files, expect_next=r"/vedlegg/$")

    def attachments(self):
        form = self.open_step("vedlegg")
        place = f"Kommune {self.expected.municipality_number}"
        files = [
            Upload(
                "vedlegg-files",
                f"Bilde fra frivillighetskonferansen i {place} ({self.number}).png",
                "image/png",
                content.png(self.rng, self.rng.randint(200, 420), self.rng.randint(150, 320)),
            )
        ]
        if self.rng.random() < 0.4:
            name = content.document_name(self.rng, place, "pdf")
            files.append(
                Upload(
                    "vedlegg-files",
                    name,
                    "application/pdf",
                    content.pdf(self.rng, name, self.rng.randint(100_000, 600_000)),
                )
            )
        self.expected.files += _expected_files(files)
        self.think("vedlegg")
        self.send_step("vedlegg", form, {}, files, expect_next=r"/oppsummering/$")

    def submit(self):
        response = self.session.get("oppsummering GET", self.url("oppsummering"))
        form = response.page.form("wizard-form")
        missing = [f.name for f in self.expected.files if _html_text(f.name) not in response.text]
        if form is None or missing:
            self.session.fail(
                "oppsummering GET", response, f"the summary does not show {missing or 'a form'}"
            )
        self.think("oppsummering")
        values = {"consent": "on"}
        if self.rng.random() < self.options.double_submit_share:
            self.expected.double_submit = True
            self.double_submit(form, values)
        else:
            self.send_step("oppsummering", form, values, expect_next=r"/kvittering/$")

    def double_submit(self, form, values):
        """A double click: the same POST twice at once. Both must lead to the one receipt."""
        outcomes = []

        def click():
            try:
                outcomes.append(
                    self.send_step("oppsummering", form, values, expect_next=r"/kvittering/$")
                )
            except (StepFailed, Stopped) as error:
                outcomes.append(error)

        second = threading.Thread(target=click)
        second.start()
        click()
        second.join()
        for outcome in outcomes:
            if isinstance(outcome, Exception):
                raise outcome

    def receipt(self):
        path = f"/nominasjon/{self.token}/kvittering/"
        response = self.session.get("receipt GET", path)
        found = REFERENCE.search(response.text)
        if not found:
            self.session.fail("receipt GET", response, "the receipt shows no reference")
        self.expected.token = self.token
        self.expected.reference = found.group(0)


def _match(pattern, text):
    found = re.match(pattern, text)
    return found.group(1) if found else None


def _html_text(text: str) -> str:
    """As Django's templates escape it."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#x27;")
    )
