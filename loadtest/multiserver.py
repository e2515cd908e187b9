"""`python -m loadtest --servers 2`: the deadline hour on two app servers (docs/production.md).

Two gunicorn servers on two ports of 127.0.0.1 share a fresh PostgreSQL database (DATABASE_URL
names the server), a Redis and moto's S3 server (started here on free ports), and one e-mail
worker (`manage.py db_worker`) sends through SMTP to a server of ours. Every visitor's requests
go to the two servers in turn, as a proxy without sticky sessions sends them: a draft begun on
one is finished on the other, a file uploaded through one is downloaded through the other, a
juror's autosaves alternate. Meanwhile, the faults:

- the mail server is down from the start (nothing listens at its port), and started (aiosmtpd)
  a third into the run: every nomination is stored at once, every e-mail arrives once after it
  is back, none twice;
- Redis is stopped at half the run: pages still answer (core/cache.py), slower;
- the second app server is stopped at two thirds, taken out of the rotation first as a proxy's
  health check does: the other serves on, and nothing is lost.

After the traffic: the integrity checks of the single-server run, every file downloaded
through the server it was not uploaded to and compared byte for byte, the e-mail queue empty,
and a lockout counted on one server holding on the other. Exits 1 on any error.
"""

import email
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

from . import stats
from .client import Session, StepFailed
from .server import HOST, ROOT, Gunicorn, environment, free_port, fresh_database

SMTP_DOWN_SHARE, REDIS_STOP_SHARE, SERVER_STOP_SHARE = 1 / 3, 1 / 2, 2 / 3
MAIL_WAIT_SECONDS = 180  # after the traffic, for the worker to send what is queued


class Rotation:
    """The proxy's list of app servers in service; visitors take them in turn."""

    def __init__(self, ports):
        self.ports = list(ports)
        self.lock = threading.Lock()

    def take_out(self, port):
        with self.lock:
            self.ports.remove(port)

    def next_after(self, turn: int) -> int:
        with self.lock:
            return self.ports[turn % len(self.ports)]


class AlternatingSession(Session):
    """One browser whose every request goes to the next server in the rotation."""

    def __init__(self, rotation: Rotation, recorder, actor):
        super().__init__(HOST, rotation.ports[0], recorder, actor)
        self.rotation, self.turn = rotation, 0

    def request(self, step, method, path, body=None, headers=None, expect=(200,)):
        self.port = self.rotation.next_after(self.turn)
        self.turn += 1
        self.origin = f"https://{HOST}:{self.port}"
        if headers and "Origin" in headers:
            headers = {**headers, "Origin": self.origin}
        return super().request(step, method, path, body=body, headers=headers, expect=expect)


class Mailbox:
    """The SMTP server (aiosmtpd) that the worker sends to, writing each message it receives as
    the file mailbox the single-server run's checks read."""

    def __init__(self, port: int, folder: Path):
        self.port, self.folder, self.controller = port, folder, None

    def start(self):
        from aiosmtpd.controller import Controller

        folder = self.folder

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                folder.mkdir(parents=True, exist_ok=True)
                name = uuid.uuid4().hex
                (folder / f".{name}.tmp").write_bytes(envelope.original_content)
                os.replace(folder / f".{name}.tmp", folder / f"{name}.eml")
                return "250 OK"

        self.controller = Controller(Handler(), hostname=HOST, port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()


class Process:
    def __init__(self, command, log: Path, env=None):
        self.log = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def wait_for_port(port: int, what: str, timeout=30):
    import socket

    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        try:
            socket.create_connection((HOST, port), 1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{what} did not answer on {HOST}:{port} within {timeout} s")


def main(options) -> int:
    from .__main__ import drive, integrity, summary

    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("--servers 2 needs PostgreSQL: set DATABASE_URL (README, 'Load test')")
    if not shutil.which("redis-server"):
        raise SystemExit("--servers 2 needs redis-server (apt-get install redis-server)")
    folder = Path(tempfile.mkdtemp(prefix="afk-loadtest-2-"))
    services = []
    try:
        redis_port, s3_port, smtp_port = free_port(), free_port(), free_port()
        redis = Process(
            ["redis-server", "--port", str(redis_port), "--bind", HOST, "--save", "",
             "--appendonly", "no", "--dir", str(folder)],
            folder / "redis.log",
        )  # fmt: skip
        services.append(redis)
        bin_folder = Path(sys.executable).parent
        services.append(
            Process(
                [str(bin_folder / "moto_server"), "-H", HOST, "-p", str(s3_port)],
                folder / "moto.log",
            )
        )
        wait_for_port(redis_port, "redis-server")
        wait_for_port(s3_port, "moto_server")
        ports = [free_port(), free_port()]
        with fresh_database(os.environ["DATABASE_URL"], folder) as url:
            os.environ.update(environment(folder, url, ports[0]))
            os.environ.update(
                REDIS_URL=f"redis://{HOST}:{redis_port}/0",
                AWS_STORAGE_BUCKET_NAME="afk-loadtest",
                AWS_S3_ENDPOINT_URL=f"http://{HOST}:{s3_port}",
                AWS_ACCESS_KEY_ID="test",
                AWS_SECRET_ACCESS_KEY="test",
                AWS_S3_REGION_NAME="us-east-1",
                TASKS_BACKEND="database",
                LOADTEST_SMTP="1",
                EMAIL_HOST=HOST,
                EMAIL_PORT=str(smtp_port),
                EMAIL_TIMEOUT="5",
                EMAIL_RETRY_SECONDS="2",
                ALLOWED_HOSTS=HOST,
            )
            import boto3
            import django

            boto3.client(
                "s3", endpoint_url=os.environ["AWS_S3_ENDPOINT_URL"], region_name="us-east-1"
            ).create_bucket(Bucket="afk-loadtest")
            django.setup()
            from django.db import connections

            from .scenario import prepare

            started = time.monotonic()
            scenario = prepare(options.jurors + 1, options.seed)  # one more for the lockout
            setup_seconds = time.monotonic() - started
            connections.close_all()

            workers = max(2, options.workers // 2)  # the cores are shared by both servers
            options.workers = workers  # as the summary reports it: per server
            servers = [
                Gunicorn(port, dict(os.environ), workers, options.threads,
                         folder / f"gunicorn-{index}.log")
                for index, port in enumerate(ports, start=1)
            ]  # fmt: skip
            worker = Process(
                [sys.executable, "manage.py", "db_worker", "--interval", "0.5", "--no-reload",
                 "--no-startup-delay"],
                folder / "db_worker.log",
                env=dict(os.environ),
            )  # fmt: skip
            mailbox = Mailbox(smtp_port, Path(os.environ["LOADTEST_MAILBOX"]))
            rotation = Rotation(ports)
            events = []
            try:
                for server in servers:
                    server.wait_until_ready()
                    server.warm_up(workers)

                def faults(recorder):
                    begun = time.monotonic()
                    length = recorder.deadline - begun

                    def at(share):
                        time.sleep(max(0.0, begun + share * length - time.monotonic()))
                        return time.monotonic() - begun

                    events.append(f"{at(SMTP_DOWN_SHARE):.0f} s: the mail server is started")
                    mailbox.start()
                    events.append(f"{at(REDIS_STOP_SHARE):.0f} s: Redis is stopped")
                    redis.stop()
                    events.append(
                        f"{at(SERVER_STOP_SHARE):.0f} s: app server 2 is taken out and stopped"
                    )
                    rotation.take_out(ports[1])
                    servers[1].stop()

                run = drive(
                    options,
                    ports[0],
                    scenario,
                    make_session=lambda recorder, actor: AlternatingSession(
                        rotation, recorder, actor
                    ),
                    during=faults,
                )
                # The checks' own requests, after the run's recorder has stopped.
                after = stats.Recorder(10_000, time.monotonic() + 600)
                failures = list(run["failures"])
                failures += downloads_through_the_other_server(run, ports[0], after)
                failures += lockout_holds_on_both(ports[0], scenario.jurors[-1], after)
                failures += mail_sent_once(run, folder)
                failures += [f"after: {e.actor}, {e.step}: {e.reason}" for e in after.errors]
            finally:
                for server in servers:
                    server.stop()
                worker.stop()
                mailbox.stop()
            failures += integrity(run, scenario, folder)
            exceptions = [line for server in servers for line in server.exceptions()]
            report = summary(options, "PostgreSQL, 2 app servers", setup_seconds, run,
                             exceptions, failures)  # fmt: skip
            print(report["text"])
            print("Faults: " + "; ".join(events))
            if options.json:
                import json

                report["data"]["faults"] = events
                options.json.write_text(json.dumps(report["data"], indent=2, ensure_ascii=False))
            ok = not run["recorder"].errors and not failures and not report["data"]["exceptions"]
            print("\nResult: OK" if ok else "\nResult: FAILED")
            return 0 if ok else 1
    finally:
        for service in services:
            service.stop()
        if options.keep:
            print(f"The run's folder is kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def downloads_through_the_other_server(run, port: int, recorder) -> list[str]:
    """Every stored file of every receipt, downloaded through its nomination's private link
    from the server still running (half of them were uploaded through the other)."""
    from nominations.models import Attachment

    failures = []
    receipts = {e.token: e for n in run["nominators"] if (e := n.expected).reference}
    session = Session(HOST, port, recorder, "downloads")
    for item in Attachment.objects.filter(nomination__token__in=receipts).select_related(
        "nomination"
    ):
        expected = receipts[item.nomination.token]
        path = f"/nominasjon/{item.nomination.token}/vedlegg/{item.token}/"
        try:
            response = session.get("download (other server)", path)
        except StepFailed:
            failures.append(f"{expected.reference}: {item.original_name} not downloaded")
            continue
        digest = hashlib.sha256(response.body).hexdigest()
        if digest not in {f.sha256 for f in expected.files}:
            failures.append(f"{expected.reference}: {item.original_name} differs when downloaded")
    return failures


def lockout_holds_on_both(port: int, account, recorder) -> list[str]:
    """Wrong passwords for one account, alternately on the two servers (the second is stopped
    by now: its turns go to the first, as the proxy sends them), up to the limit; then the
    right password is refused as locked out on each."""
    from django.conf import settings

    from .pages import parse

    def attempt(password):
        session = Session(HOST, port, recorder, "lockout")
        form = session.get("lockout: login GET", "/konto/logg-inn/").page.form("narrow-form")
        fields = dict(form.submission())
        fields.update(username=account.username, password=password)
        return session.post(
            "lockout: login POST", "/konto/logg-inn/", list(fields.items()), expect=(200, 302, 429)
        )

    try:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            attempt("wrong-password-0123456789")
        answer = attempt(account.password)
    except StepFailed:
        return ["the lockout check could not log in"]
    if answer.status != 429:
        heading = parse(answer.text).heading if answer.body else answer.location
        return [f"the right password after the lockout got {answer.status} ({heading})"]
    return []


def mail_sent_once(run, folder: Path) -> list[str]:
    """Waits for the worker to empty the queue; then no e-mail arrived twice."""
    from django.db import connections
    from django_tasks_db.models import DBTaskResult

    ends = time.monotonic() + MAIL_WAIT_SECONDS
    pending = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"])
    while pending.exists() and time.monotonic() < ends:
        time.sleep(1)
    failures = []
    if pending.exists():
        failures.append(f"{pending.count()} e-mails still queued {MAIL_WAIT_SECONDS} s after")
    failed = DBTaskResult.objects.filter(status="FAILED").count()
    if failed:
        failures.append(f"{failed} e-mails given up by the worker")
    mailbox = Path(os.environ["LOADTEST_MAILBOX"])
    messages = [email.message_from_bytes(p.read_bytes()) for p in sorted(mailbox.glob("*.eml"))]
    same = Counter((m["To"], m["Subject"], m.get_payload()) for m in messages)
    twice = sum(1 for count in same.values() if count > 1)
    if twice:
        failures.append(f"{twice} e-mails arrived more than once")
    sent = DBTaskResult.objects.filter(status="SUCCESSFUL", return_value__sent=True).count()
    if sent != len(messages):
        failures.append(f"the worker sent {sent} e-mails, {len(messages)} arrived")
    connections.close_all()
    return failures
