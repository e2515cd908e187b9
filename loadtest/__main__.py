"""`python -m loadtest` (`make loadtest`): see docs/load-test.md and --help."""

import argparse
import json
import math
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

from . import checks, juror, nominator, stats
from .client import Session
from .server import HOST, Gunicorn, environment, free_port, fresh_database

PROFILES = {
    # The last hour before the deadline, compressed 12 times: the nominators arrive over five
    # minutes, more and more of them towards the end, and spend a twelfth of a person's time
    # on each page (about 110 s in all); the jurors pause between changes.
    "deadline": {"ramp_up": 300.0, "think": 1.0},
    # The server's ceiling: everyone at once, no pauses.
    "stress": {"ramp_up": 0.0, "think": 0.0},
}


def arguments(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m loadtest",
        description=(
            "Starts gunicorn on 127.0.0.1 against a fresh database (SQLite, or PostgreSQL when "
            "DATABASE_URL is set: a new database on that server, dropped afterwards), drives "
            "nominators through the whole nomination form while jurors save scores, reports "
            "latency per step and every error, and checks what was stored. Exits 1 on any "
            "error or integrity failure."
        ),
    )
    parser.add_argument(
        "--profile",
        choices=PROFILES,
        default="deadline",
        help="deadline: the last hour compressed 12 times (default); stress: all at once, "
        "no pauses",
    )
    parser.add_argument("--nominators", type=int, default=200, help="(200)")
    parser.add_argument("--jurors", type=int, default=5, help="(5)")
    parser.add_argument(
        "--ramp-up", type=float, help="seconds over which the nominators arrive (profile's)"
    )
    parser.add_argument(
        "--think", type=float, help="scale of the pauses between pages; 0: none (profile's)"
    )
    parser.add_argument(
        "--double-submit",
        type=float,
        default=0.1,
        help="share of nominators who click Send twice at once (0.1)",
    )
    parser.add_argument("--duration", type=float, default=900, help="most seconds of traffic (900)")
    parser.add_argument(
        "--max-requests", type=int, help="most requests in all (25 per nominator, 600 per juror)"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn workers (2 × cores + 1)",
    )
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker (1)")
    parser.add_argument("--seed", type=int, default=2026, help="for the texts, files and choices")
    parser.add_argument(
        "--servers",
        type=int,
        choices=(1, 2),
        default=1,
        help="2: two app servers sharing PostgreSQL (DATABASE_URL), Redis and an S3 store, "
        "with an e-mail worker, driven alternately, with faults (loadtest/multiserver.py)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder (logs, files)")
    options = parser.parse_args(argv)
    profile = PROFILES[options.profile]
    options.ramp_up = profile["ramp_up"] if options.ramp_up is None else options.ramp_up
    options.think = profile["think"] if options.think is None else options.think
    if options.max_requests is None:
        options.max_requests = 25 * options.nominators + 600 * options.jurors
    if options.duration >= 3600:
        parser.error("--duration must stay under the hour before the cycle's deadline")
    return options


def main(argv=None) -> int:
    options = arguments(argv)
    if options.servers == 2:
        from . import multiserver

        return multiserver.main(options)
    folder = Path(tempfile.mkdtemp(prefix="afk-loadtest-"))
    port = free_port()
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    try:
        with fresh_database(os.environ.get("DATABASE_URL"), folder) as url:
            os.environ.update(environment(folder, url, port))
            import django

            django.setup()
            from django.db import connections

            from .scenario import prepare

            started = time.monotonic()
            scenario = prepare(options.jurors, options.seed)
            setup_seconds = time.monotonic() - started
            connections.close_all()

            server = Gunicorn(port, dict(os.environ), options.workers, options.threads,
                              folder / "gunicorn.log")  # fmt: skip
            try:
                server.wait_until_ready()
                server.warm_up(options.workers)
                run = drive(options, port, scenario)
            finally:
                server.stop()
            failures = run["failures"] + integrity(run, scenario, folder)
            report = summary(options, database, setup_seconds, run, server.exceptions(), failures)
            print(report["text"])
            if options.json:
                options.json.write_text(json.dumps(report["data"], indent=2, ensure_ascii=False))
            ok = not run["recorder"].errors and not failures and not report["data"]["exceptions"]
            print("\nResult: OK" if ok else "\nResult: FAILED")
            return 0 if ok else 1
    finally:
        if options.keep:
            print(f"The run's folder is kept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def drive(options, port: int, scenario, make_session=None, during=None) -> dict:
    """The run. `make_session(recorder, actor)` gives each visitor its browser (by default
    one server's); `during(recorder)`, in a thread of its own, does what happens meanwhile."""
    recorder = stats.Recorder(options.max_requests, time.monotonic() + options.duration)
    if make_session is None:

        def make_session(recorder, actor):
            return Session(HOST, port, recorder, actor)

    rng = random.Random(options.seed)
    settings = nominator.Options(
        think=options.think,
        double_submit_share=options.double_submit,
        popular=scenario.popular,
    )
    nominators = [
        nominator.Nominator(
            number,
            make_session(recorder, f"nominator {number}"),
            settings,
            seed=options.seed * 100_000 + number,
        )
        for number in range(1, options.nominators + 1)
    ]
    # Arrivals grow steadily towards the deadline: a density rising linearly from none at the
    # start to twice the average at the end.
    arrivals = sorted(options.ramp_up * math.sqrt(rng.random()) for _ in nominators)
    jurors = [
        juror.Juror(
            make_session(recorder, account.username),
            scenario.jury_cycle_id,
            account,
            options.think,
            seed=options.seed * 1000 + index,
        )
        for index, account in enumerate(scenario.jurors[: options.jurors])
    ]
    active = {"now": 0, "peak": 0}
    lock = threading.Lock()

    def nominate(person, arrival):
        try:
            recorder.pause(arrival)
        except stats.Stopped:
            recorder.journey("nominator: never started")
            return
        with lock:
            active["now"] += 1
            active["peak"] = max(active["peak"], active["now"])
        outcome = person.run()
        with lock:
            active["now"] -= 1
        recorder.journey(f"nominator: {outcome}")

    def score(person):
        recorder.journey(f"juror: {person.run()}")

    threads = [
        threading.Thread(target=nominate, args=(p, a), daemon=True)
        for p, a in zip(nominators, arrivals, strict=True)
    ]
    juror_threads = [threading.Thread(target=score, args=(j,), daemon=True) for j in jurors]
    if during is not None:
        juror_threads.append(threading.Thread(target=during, args=(recorder,), daemon=True))
    for thread in juror_threads + threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, recorder.deadline - time.monotonic()) + 90)
    recorder.end("the nominators are done")
    for thread in juror_threads + threads:
        thread.join(timeout=90)
    seconds = recorder.now()
    stuck = [t for t in juror_threads + threads if t.is_alive()]
    failures = [f"{len(stuck)} visitors did not stop within 90 s of the end"] if stuck else []
    unfinished = options.nominators - recorder.finished["nominator: receipt"]
    failed = recorder.finished["nominator: failed"]
    if unfinished - failed > 0:
        failures.append(
            f"{unfinished - failed} nominators did not reach the receipt before the run ended "
            f"({recorder.stop_reason})"
        )
    return {
        "recorder": recorder,
        "seconds": seconds,
        "nominators": nominators,
        "jurors": jurors,
        "peak_in_form": active["peak"],
        "failures": failures,
    }


def integrity(run, scenario, folder: Path) -> list[str]:
    from django.conf import settings

    expected = [n.expected for n in run["nominators"] if n.token]
    return (
        checks.nominations(
            expected, scenario.open_cycle_id, scenario.reference_prefix, scenario.open_year
        )
        + checks.mail(expected, scenario.open_cycle_id, settings.LOADTEST_MAILBOX)
        + checks.reviews([j.state for j in run["jurors"]], scenario.jury_cycle_id)
    )


def summary(options, database, setup_seconds, run, exceptions, failures) -> dict:
    recorder = run["recorder"]
    seconds = run["seconds"]
    requests = sum(len(v) for v in recorder.samples.values())
    receipts = [n.expected for n in run["nominators"] if n.expected.reference]
    saves = sum(j.state.saves for j in run["jurors"])
    rows = stats.step_table(
        recorder.samples, recorder.errors, nominator.STEP_ORDER + juror.STEP_ORDER, seconds
    )
    width = 60 if seconds > 240 else 15
    over_time = stats.windows(recorder.timeline, width)
    files = sum(len(e.files) for e in receipts)
    uploaded = sum(f.size for e in receipts for f in e.files)
    lines = [
        f"Load test, profile {options.profile}: {options.nominators} nominators (arriving over "
        f"{options.ramp_up:g} s, pauses ×{options.think:g}, {options.double_submit:.0%} "
        f"double submits), {options.jurors} jurors",
        f"Server: gunicorn, {options.workers} workers × {options.threads} threads, {database}, "
        f"{os.cpu_count()} cores; setup {setup_seconds:.1f} s",
        f"Traffic: {seconds:.1f} s, {requests} requests, {requests / seconds:.1f} requests/s; "
        f"{len(receipts)} receipts ({len(receipts) / seconds * 60:.1f} per minute), "
        f"{files} files ({uploaded / 1e6:.0f} MB); {saves} juror saves acknowledged; "
        f"at most {run['peak_in_form']} nominators in the form at once",
        f"Ended: {recorder.stop_reason}",
        "",
        stats.format_table(rows),
        "",
        f"Over time (all requests, per {width} s):",
        stats.format_windows(over_time, width),
        "",
        "Journeys: " + ", ".join(f"{k} {v}" for k, v in sorted(recorder.finished.items())),
        "Errors: " + ("none" if not recorder.errors else f"{len(recorder.errors)}"),
    ]
    if recorder.errors:
        lines.append(stats.format_errors(recorder.errors))
    grouped = {}
    for line in exceptions:
        grouped[line] = grouped.get(line, 0) + 1
    lines.append("Server exceptions: " + ("none" if not exceptions else str(len(exceptions))))
    lines += [f"  {count:>4} × {line}" for line, count in grouped.items()]
    reviews = sum(len(j.state.acknowledged) for j in run["jurors"])
    checked = (
        f"{len(receipts)} receipts with their answers and {files} files byte for byte, "
        f"{reviews} reviews as last saved"
    )
    lines.append(
        "Integrity: " + (f"OK ({checked})" if not failures else f"{len(failures)} failures")
    )
    lines += [f"  {failure}" for failure in failures[:60]]
    data = {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "options": {k: str(v) if isinstance(v, Path) else v for k, v in vars(options).items()},
        "database": database,
        "cores": os.cpu_count(),
        "setup_seconds": round(setup_seconds, 1),
        "seconds": round(seconds, 1),
        "requests": requests,
        "requests_per_second": round(requests / seconds, 1),
        "receipts": len(receipts),
        "juror_saves": saves,
        "peak_in_form": run["peak_in_form"],
        "steps": rows,
        "over_time": over_time,
        "journeys": dict(recorder.finished),
        "errors": stats.errors_as_dicts(recorder.errors),
        "exceptions": grouped,
        "failures": failures,
    }
    return {"text": "\n".join(lines), "data": data}


if __name__ == "__main__":
    sys.exit(main())
