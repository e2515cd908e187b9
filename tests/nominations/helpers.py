"""What the nomination tests share: test files with real signatures, and a clerk who fills
the nomination form through the test client."""

import io
import re
import zipfile

from nominations.models import Municipality


def pdf_bytes():
    return b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


VALID_ORG_NUMBER = "974760673"  # Brønnøysundregistrene's own number: a valid check digit


def municipality(number, year=2026):
    return Municipality.objects.valid_in(year).get(number=number)


def wizard_key(response):
    # The management form's prefix follows the view's class name.
    match = re.search(r'name="([a-z_]+)-current_step"', response.content.decode())
    return match.group(1) if match else "nomination_wizard"


def draft_version(response):
    """The draft's version the step's page carries (None before the draft exists)."""
    match = re.search(r'name="draft_version" value="(\d+)"', response.content.decode())
    return match.group(1) if match else None


def step_fields(response, step):
    """What the step's page posts besides its fields: the wizard's step and the draft's version."""
    fields = {f"{wizard_key(response)}-current_step": step}
    version = draft_version(response)
    if version is not None:
        fields["draft_version"] = version
    return fields


class Clerk:
    """Drives the form through the test client like a person with a browser."""

    def __init__(self, client, cycle, on_commit):
        self.client = client
        self.cycle = cycle
        self.token = None
        # Each request commits as in production, so its e-mails go out (on_commit) at once.
        self.on_commit = on_commit

    def url(self, step):
        if self.token:
            return f"/nominer/{self.token}/{step}/"
        return f"/{self.cycle.award.slug}/nominer/ny/"

    def post(self, step, data, files=None):
        page = self.client.get(self.url(step))
        payload = step_fields(page, step)
        payload.update({f"{step}-{key}": value for key, value in data.items()})
        payload.update({f"{step}-{key}": value for key, value in (files or {}).items()})
        with self.on_commit(execute=True):
            response = self.client.post(self.url(step), payload)
        if response.status_code == 302 and "/nominer/" in response["Location"]:
            found = re.match(r"/nominer/([^/]+)/", response["Location"])
            if found and found.group(1) != "ny":
                self.token = found.group(1)
        return response

    def candidate(self, number="1812"):
        return self.post("kandidat", {"municipality": municipality(number, self.cycle.year).pk})

    def nominator(self, **overrides):
        data = {
            "nominator_name": "Kari Nordmann",
            "nominator_email": "kari@example.org",
            "nominator_phone": "",
            "nominator_kind": "organisation",
            "organisation_name": "Sømna frivilligsentral",
            "organisation_number": VALID_ORG_NUMBER,
        }
        data.update(overrides)
        return self.post("innsender", data)

    def reason(self, text="Sømna har et aktivt frivillighetsråd."):
        return self.post("begrunnelse", {"reason": text})

    def criteria(self, answers=None, files=None):
        data = {}
        for criterion in self.cycle.criteria.all():
            data[f"answer_{criterion.pk}"] = (answers or {}).get(
                criterion.position, f"Svar på {criterion.title}."
            )
            data[f"evidence_url_{criterion.pk}"] = ""
        return self.post("kriterier", data, files)

    def attachments(self, files=None):
        return self.post("vedlegg", {}, {"files": files} if files else None)

    def submit(self, consent=True):
        return self.post("oppsummering", {"consent": "on"} if consent else {})

    def complete(self, number="1812"):
        for response in (
            self.candidate(number),
            self.nominator(),
            self.reason(),
            self.criteria(),
            self.attachments(),
        ):
            assert response.status_code == 302, response.content.decode()[:3000]
        return self.submit()


def to_attachments(clerk):
    """Through the first four steps, to the attachments."""
    clerk.candidate()
    clerk.nominator()
    clerk.reason()
    clerk.criteria()
