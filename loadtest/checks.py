"""After the run, in the database: what every receipt promised is stored, exactly once, and
every juror's last acknowledged save is what is stored. Returns the failures as sentences."""

import hashlib
from collections import Counter

from .juror import JurorState
from .mailbox import read_all
from .nominator import Expected
from .scenario import contact_address


def nominations(expected: list[Expected], cycle_id: int, prefix: str, year: int) -> list[str]:
    from nominations.models import Nomination, NominationStatus

    failures = []
    receipts = [e for e in expected if e.reference]
    rows = {
        n.token: n
        for n in Nomination.objects.filter(cycle_id=cycle_id).prefetch_related(
            "answers", "attachments"
        )
    }
    per_email = Counter(n.nominator_email for n in rows.values())
    for item in expected:
        if per_email[item.email] > 1:
            failures.append(f"{item.email} has {per_email[item.email]} nominations, not one")
    for item in receipts:
        row = rows.get(item.token)
        if row is None:
            failures.append(f"{item.reference}: the receipt's nomination is not in the database")
            continue
        failures += [f"{item.reference}: {problem}" for problem in _differences(item, row)]
    submitted = [n for n in rows.values() if n.status == NominationStatus.SUBMITTED]
    references = sorted(n.reference for n in submitted)
    wanted = [f"{prefix}-{year}-{number:04d}" for number in range(1, len(submitted) + 1)]
    if references != wanted:
        failures.append(
            f"the references are not {wanted[0] if wanted else '–'} … without gaps or repeats"
        )
    shown = {e.token for e in receipts}
    unseen = [n.reference for n in submitted if n.token not in shown]
    if unseen:
        failures.append(
            f"{len(unseen)} nominations are submitted but their nominator saw no receipt "
            f"(after an error): {', '.join(unseen[:5])}"
        )
    return failures


def _differences(item: Expected, row) -> list[str]:
    problems = []
    if row.reference != item.reference:
        problems.append(f"stored as {row.reference}")
    if row.status != "submitted":
        problems.append(f"its status is {row.status}")
    if row.municipality_id != item.municipality_id or row.candidate is None:
        problems.append("the municipality or candidate differs")
    elif row.candidate.municipality_id != row.municipality_id:
        problems.append("it is gathered under another municipality's candidate")
    for name, value in item.fields.items():
        if getattr(row, name) != value:
            problems.append(f"{name} differs")
    answers = {a.criterion_id: (a.text, a.evidence_url) for a in row.answers.all()}
    if answers != item.answers:
        wrong = sorted(
            k for k in item.answers.keys() | answers.keys() if answers.get(k) != item.answers.get(k)
        )
        problems.append(f"the answers to criteria {wrong} differ")
    stored = sorted(
        (a.criterion_id or 0, a.original_name, a.size, _sha256(a.file), a.content_type)
        for a in row.attachments.all()
    )
    sent = sorted(
        (f.criterion_id or 0, f.name, f.size, f.sha256, f.content_type) for f in item.files
    )
    if stored != sent:
        problems.append(f"{len(stored)} files stored, {len(sent)} sent, or their bytes differ")
    return problems


def _sha256(field) -> str:
    try:
        with field.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return "missing"


def mail(expected: list[Expected], cycle_id: int, folder) -> list[str]:
    """Each municipality nominated by others is told once; each receipt was e-mailed."""
    from nominations.models import Candidate, NominatorKind

    messages = read_all(folder)
    to = Counter(address for m in messages for address in m.get_all("To", []))
    failures = []
    for candidate in Candidate.objects.filter(cycle_id=cycle_id).select_related("municipality"):
        address = candidate.municipality.contact_email
        if not address:
            continue
        by_others = candidate.nominations.filter(status="submitted", is_municipality_material=False)
        by_others = by_others.exclude(nominator_kind=NominatorKind.MUNICIPALITY).exists()
        wanted = 1 if by_others else 0
        if to[address] != wanted or address != contact_address(candidate.municipality.number):
            failures.append(
                f"{candidate.municipality.name} was told {to[address]} times, not {wanted}"
            )
    for item in expected:
        if item.reference and to[item.email] < 2:  # the draft link, then the receipt
            failures.append(f"{item.reference}: {to[item.email]} e-mails to {item.email}")
    return failures


def reviews(jurors: list[JurorState], cycle_id: int) -> list[str]:
    from scoring.models import Review

    failures = []
    stored = {
        (r.member.user.username, r.candidate_id): r
        for r in Review.objects.filter(candidate__cycle_id=cycle_id)
        .select_related("member__user")
        .prefetch_related("scores")
    }
    for juror in jurors:
        for candidate_id, saved in juror.acknowledged.items():
            review = stored.get((juror.username, candidate_id))
            where = f"{juror.username}, candidate {candidate_id}"
            if review is None:
                failures.append(f"{where}: the review is not stored")
                continue
            scores = {s.criterion_id: (s.value, s.comment, s.evidence) for s in review.scores.all()}
            entries = {c: scores.get(c, (None, "", "")) for c in saved.entries}
            if review.version != saved.version:
                failures.append(
                    f"{where}: version {review.version} stored, {saved.version} acknowledged"
                )
            if entries != saved.entries or review.overall_comment != saved.overall:
                failures.append(f"{where}: the stored scores differ from the last save")
            if review.is_done != saved.done:
                failures.append(f"{where}: done is {review.is_done}, {saved.done} acknowledged")
    return failures
