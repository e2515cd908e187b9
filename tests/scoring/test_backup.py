"""The backup: `manage.py dumpdata` of a whole cycle loads with `loaddata` into an empty database
(migrated, in a process of its own, as docs/backup.md's restore says) with nothing lost — every row
of every table and every attachment's content compared."""

import datetime
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from nominations import secretariat, services
from nominations.models import Attachment, Candidate, Eligibility, Nomination, NominationStatus
from platforms.management.commands.backup_fingerprint import fingerprint
from scoring import conflicts, decision, reviews
from scoring.models import ConflictKind, JuryComment

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
# docs/backup.md's backup: everything but what `migrate` makes anew (content types, permissions)
# and the sessions; references to those by their natural keys.
DUMP_OPTIONS = {
    "natural_foreign": True,
    "exclude": ["contenttypes", "auth.permission", "sessions"],
}
PLAIN = "Kommunen har et frivillighetsråd. Rådet møtes fire ganger i året."


def whole_cycle(jury, django_user_model):
    """A cycle from the call to the locked result, through the real rules, with files."""
    cycle = jury.cycle
    criteria = list(cycle.criteria.order_by("position"))
    candidates = list(cycle.candidates.select_related("municipality").order_by("pk"))
    # Files, one of them evidence for a criterion; a draft with its saved form; a withdrawal.
    for i, nomination in enumerate(Nomination.objects.filter(cycle=cycle).order_by("pk")[:3]):
        Attachment.objects.create(
            nomination=nomination,
            criterion=criteria[0] if i == 1 else None,
            file=ContentFile(b"%PDF-1.4\n" + bytes([i]) * 300 + b"\n%%EOF\n", name="upload"),
            original_name=f"vedtak-{i}.pdf",
            content_type="application/pdf",
            size=313,
        )
    Nomination.objects.create(
        cycle=cycle,
        municipality=candidates[0].municipality,
        nominator_name="Per Utkast",
        nominator_email="per@example.org",
        wizard_state={"step": "begrunnelse", "step_data": {"kandidat": {"k": ["1"]}}},
    )
    services.withdraw(Nomination.objects.submitted().filter(cycle=cycle).last(), "Angrer.")
    # The secretariat: a group with rights, a staff member in it, the admin's own log.
    group = Group.objects.create(name="Sekretariat")
    group.permissions.set(Permission.objects.filter(content_type__app_label="nominations"))
    siri = django_user_model.objects.create_user("siri", password="pw", is_staff=True)
    siri.groups.add(group)
    LogEntry.objects.log_actions(siri.pk, [cycle], ADDITION, change_message="Opprettet.")
    secretariat.screen(
        Candidate.objects.filter(pk=candidates[-1].pk), Eligibility.ELIGIBLE, "", by=siri
    )
    # The jury: a conflict declared and one lifted, every review done, a comment.
    cato, bjorn = jury.by_name["cato"], jury.by_name["bjorn"]
    conflicts.declare(
        cato, [conflicts.Declaration(candidates[-1], ConflictKind.LIVES_OR_WORKS)], by=cato.user
    )
    conflicts.declare(
        bjorn, [conflicts.Declaration(candidates[0], ConflictKind.OTHER, "Nabo")], by=bjorn.user
    )
    conflicts.lift(bjorn.conflicts.all(), by=siri, reason="Feil meldt.")
    for member in jury.members.select_related("user", "jury__cycle"):
        for position, candidate in enumerate(candidates):
            if member == cato and candidate == candidates[-1]:
                continue
            entries = {
                c.pk: reviews.Entry(value=1 + (position + c.position) % 5, comment="Ok")
                for c in criteria
            }
            reviews.save(member, candidate, entries, "Samlet sett godt.", 0)
            reviews.mark_done(member, candidate)
    JuryComment.objects.create(candidate=candidates[0], author=siri, text="Husk vedtaket.")
    # The deliberation: finalists, the winner, the texts, every sign-off, the lock.
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=1)
    cycle.save(update_fields=["deliberation_started_at"])
    chair = jury.by_name["leder"]
    actor = decision.Deliberator(user=chair.user, cycle=chair.jury.cycle, member=chair)
    result = decision.choose(actor, candidates[:3], candidates[0])
    texts = decision.Texts(
        justification=PLAIN,
        justification_criteria=criteria[:2],
        paragraphs={f.pk: (PLAIN, criteria[2:3]) for f in result.finalists.all()},
    )
    decision.save_texts(actor, texts, decision.text_digest(decision.load_result(cycle)))
    digest = decision.text_digest(decision.load_result(cycle))
    for member in decision.jury_members(cycle):
        decision.sign_off(member, digest)
    decision.lock(actor)


def fresh_database(tmp_path):
    """An empty database of the suite's kind: a new SQLite file, or a new PostgreSQL database
    beside the test database. Returns its URL and a function that drops it."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", lambda: None
    import psycopg

    params = connection.settings_dict
    name = f"{params['NAME']}_restored"
    admin = psycopg.connect(
        dbname="postgres",
        user=params["USER"],
        password=params["PASSWORD"],
        host=params["HOST"],
        port=params["PORT"] or 5432,
        autocommit=True,
    )
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    url = (
        f"postgres://{params['USER']}:{params['PASSWORD']}@{params['HOST']}:"
        f"{params['PORT'] or 5432}/{name}"
    )
    return url, drop


def manage(env, *args) -> str:
    done = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def differences(source: dict, restored: dict) -> list[str]:
    found = []
    for label in sorted(set(source) | set(restored)):
        before, after = source.get(label), restored.get(label)
        if before is None or after is None:
            found.append(f"{label}: only in the {'restored' if before is None else 'source'}")
        elif before["data"] != after["data"]:
            lost = [row for row in before["data"] if row not in after["data"]]
            came = [row for row in after["data"] if row not in before["data"]]
            found.append(
                f"{label}: {before['rows']} rows, {after['rows']} restored; "
                f"{lost[:1]} became {came[:1]}"
            )
    return found


def test_a_dumped_cycle_loads_into_an_empty_database_with_nothing_lost(
    tmp_path, jury, conflict, django_user_model
):
    whole_cycle(jury, django_user_model)
    dump = tmp_path / "backup.json"
    call_command("dumpdata", output=str(dump), verbosity=0, **DUMP_OPTIONS)
    media = tmp_path / "media"
    shutil.copytree(settings.MEDIA_ROOT, media)
    source = fingerprint(with_rows=True)

    url, drop = fresh_database(tmp_path)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": "restore-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DEBUG": "",
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(media),
    }
    try:
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "loaddata", str(dump), "--verbosity", "0")
        restored = json.loads(manage(env, "backup_fingerprint", "--rows"))
        # New rows after the restore get new keys: the sequences follow the loaded rows.
        manage(
            env,
            "shell",
            "-c",
            "from django.contrib.auth.models import Group; Group.objects.create(name='Ny'); "
            "from scoring.models import JuryComment; c = JuryComment.objects.first(); "
            "JuryComment.objects.create(candidate=c.candidate, author=c.author, text='Ny')",
        )
    finally:
        drop()

    assert differences(source, restored) == []
    # The dump held the whole cycle, and every file's content came back.
    for label in (
        "platforms.clause",
        "nominations.municipality",
        "nominations.municipality_predecessors",
        "nominations.criterion",
        "nominations.criterionclause",
        "nominations.scalepoint",
        "nominations.candidate",
        "nominations.nomination",
        "nominations.answer",
        "nominations.attachment",
        "nominations.auditentry",
        "scoring.jurymember",
        "scoring.conflict",
        "scoring.review",
        "scoring.score",
        "scoring.jurycomment",
        "scoring.result",
        "scoring.finalist",
        "scoring.finalist_criteria",
        "scoring.result_justification_criteria",
        "scoring.signoff",
        "auth.user",
        "auth.group_permissions",
        "auth.user_groups",
        "admin.logentry",
    ):
        assert source[label]["rows"] > 0, label
    files = restored["nominations.attachment"]["data"]
    assert len(files) == 3 and all(len(row["file:sha256"]) == 64 for row in files)
    assert {row["status"] for row in restored["nominations.nomination"]["data"]} == set(
        NominationStatus.values
    )
