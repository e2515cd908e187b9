"""`make bench`: how the platform's pages, score math and Excel export compare with the floor of
Django, pandas and openpyxl themselves, at the award's real size, on a full year and on ten
times that.

    .venv/bin/python benchmarks/bench.py [--json PATH] [--repeat N] [--skip-large] …

In a fresh database (a throw-away SQLite file, or a new database on the server DATABASE_URL
names) it builds the cycles of benchmarks/data.py (the real size: 40 candidates, 80 nominations,
5 jurors; a full year: every municipality, 3 nominations each, 10 jurors), then measures in one
run:

- each page as the median of repeated requests through Django's test client (the whole WSGI
  stack and production's middleware, without a socket), its number of queries, and its ratio to
  the floor view measured in the same rounds by the same kind of visitor;
- score_math.compute() against a plain pandas groupby of the same scores read in one query;
- the Excel export against a bare openpyxl write-only workbook with the same cells, and the
  export's peak memory (RSS of a fresh process doing only the export);
- all of it again on the synthetic award of ten times the size, and how each figure grew.

Requests are interleaved: every round asks each page of a group once, floors included, so a
busy moment on a shared machine touches them all alike and the ratios stay fair.
"""

import argparse
import datetime
import gc
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "benchmarks.settings")

# Budgets (docs/performance.md): ceilings for idiomatic Django code, not scores to beat.
REAL_PAGE_TARGET = 6.0  # × the floor view, at the award's real size
PAGE_TARGET = 15.0  # × the floor view, on a full year
MATH_TARGET = 2.0  # × the plain groupby
EXPORT_TARGET = 2.0  # × the bare openpyxl workbook
MEMORY_TARGET_MB = 300  # peak RSS of the export at ten times the data
GROWTH_TARGET = 10.0  # × the full year's time, for ten times the data
SCALE_NAMES = {"real": "real size", "1x": "full year", "10x": "10 × a full year"}


def log_in(client, user):
    """Logs a juror (or anyone) in on a test client, both factors. The one place that does it."""
    from accounts.testing import mark_verified

    client.force_login(user)
    mark_verified(client, user)
    return client


# --- Timing ---------------------------------------------------------------------------------------


@dataclass
class Item:
    """One thing measured: a page, or a computation."""

    key: str
    label: str
    run: Callable[[], object]
    check: Callable[[object], None] = lambda result: None
    kind: str = "page"  # page, cold (a page after a change, shown beside it), floor, math, export
    visitor: str = ""  # for pages: anonymous or juror (which floor it is compared with)
    prepare: Callable[[], object] | None = None  # before each run, not timed
    samples: list[float] = field(default_factory=list)
    queries: int | None = None
    floor_ms: float | None = None  # for pages: the median of their floor in the same rounds

    @property
    def median_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    def summary(self) -> dict:
        data = {
            "label": self.label,
            "kind": self.kind,
            "median_ms": round(self.median_ms, 3),
            "min_ms": round(min(self.samples) * 1000, 3),
            "max_ms": round(max(self.samples) * 1000, 3),
            "samples": len(self.samples),
        }
        if self.visitor:
            data["visitor"] = self.visitor
        if self.queries is not None:
            data["queries"] = self.queries
        return data


def interleaved(items: list[Item], repeat: int, warmup: int) -> None:
    """Warm every item up, then time `repeat` rounds of each item once."""
    for _ in range(warmup):
        for item in items:
            if item.prepare:
                item.prepare()
            item.check(item.run())
    for _ in range(repeat):
        for item in items:
            if item.prepare:
                item.prepare()
            gc.collect()  # no collection left over from the item before
            start = time.perf_counter()
            result = item.run()
            item.samples.append(time.perf_counter() - start)
            item.check(result)


def count_queries(item: Item) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if item.prepare:
        item.prepare()
    with CaptureQueriesContext(connection) as captured:
        item.check(item.run())
    item.queries = len(captured.captured_queries)


# --- Pages ----------------------------------------------------------------------------------------

HTTPS = {"secure": True}  # production redirects plain HTTP; behind the proxy every request is TLS


def client():
    from django.test import Client

    # CSRF checked as in production: a POST carries the token and the page's origin.
    return Client(enforce_csrf_checks=True)


def expect(status: int, text: str | None = None):
    def check(response):
        if response.status_code != status:
            raise AssertionError(
                f"{response.request['PATH_INFO']}: {response.status_code}, expected {status}"
            )
        if text is not None and text not in response.content.decode():
            raise AssertionError(f"{response.request['PATH_INFO']}: «{text}» not on the page")

    return check


def get(browser, path):
    return lambda: browser.get(path, **HTTPS)


def autosave(browser, year):
    """The review form's JavaScript posting the whole form after a change: each save alternates
    one score and names the version the last save returned, as the page does."""
    from django.urls import reverse

    from scoring import reviews

    cycle, candidate = year.cycle, year.candidate
    page = reverse("scoring:candidate", args=[cycle.pk, candidate.pk])
    url = reverse("scoring:autosave", args=[cycle.pk, candidate.pk])
    criteria = list(cycle.criteria.order_by("position"))
    state = {"n": 0}

    def save():
        if not state["n"]:
            # The juror opens the page (which sets the CSRF cookie) and starts typing.
            browser.get(page, **HTTPS)
            review = reviews.own_review(year.juror_member, candidate)
            state.update(
                {
                    "version": review.version,
                    "comment": review.overall_comment,
                    "scores": {s.criterion_id: s for s in review.scores.all()},
                }
            )
        state["n"] += 1
        data = {"version": state["version"], "overall_comment": state["comment"]}
        for k, criterion in enumerate(criteria):
            score = state["scores"][criterion.pk]
            value = score.value if k else 2 + state["n"] % 2
            data |= {
                f"c{criterion.pk}-score": value,
                f"c{criterion.pk}-comment": score.comment,
                f"c{criterion.pk}-evidence": score.evidence,
            }
        response = browser.post(
            url,
            data,
            headers={
                "X-CSRFToken": browser.cookies["csrftoken"].value,
                "Origin": "https://testserver",
                "X-Requested-With": "XMLHttpRequest",
                "Accept": "application/json",
            },
            **HTTPS,
        )
        if response.status_code == 200:
            state["version"] = response.json()["version"]
        return response

    return save


def change_a_review(year):
    """What every save, done mark and reopening does to the score math's inputs: the review is
    saved, which raises the cycle's results_version (scoring/signals.py); its scores stay as
    they are, so that every round measures the same."""
    from scoring.models import Review

    review = Review.objects.filter(member=year.juror_member, candidate=year.candidate)
    return lambda: review.get().save()


def page_groups(year, platform_slug: str):
    """The pages, by the phase the cycle must be in for them, each with its visitor."""
    from django.urls import reverse

    from nominations.defaults import AWARD_SLUG  # the call the wizard serves (main())

    cycle, candidate = year.cycle, year.candidate
    anonymous, juror, chair = client(), log_in(client(), year.juror), log_in(client(), year.chair)
    floor = reverse("bench_floor")

    def floors():
        return [
            Item("floor_anonymous", "floor view, anonymous", get(anonymous, floor), expect(200),
                 kind="floor", visitor="anonymous"),
            Item("floor_juror", "floor view, logged-in juror", get(juror, floor), expect(200),
                 kind="floor", visitor="juror"),
        ]  # fmt: skip

    candidate_url = reverse("scoring:candidate", args=[cycle.pk, candidate.pk])
    jury = [
        Item("juror_home", "juror's home", get(juror, reverse("scoring:home", args=[cycle.pk])),
             expect(200, "jury-progress"), visitor="juror"),
        Item("candidate_page", "candidate page (scoring)", get(juror, candidate_url),
             expect(200, "data-autosave-url"), visitor="juror"),
        Item("score_save", "score save (autosave)", autosave(juror, year), expect(200),
             visitor="juror"),
    ]  # fmt: skip
    deliberation_url = reverse("scoring:deliberation", args=[cycle.pk])
    deliberation = [
        Item("candidate_page_deliberation", "candidate page (others' reviews shown)",
             get(juror, candidate_url), expect(200, "other-reviews"), visitor="juror"),
        # The page keeps its figures until their data changes (score_math.cached(), under the
        # cycle's results_version): its first request after a change, then the ones after it.
        Item("deliberation_cold", "deliberation after a change (cold)",
             get(chair, deliberation_url), expect(200, "ranking-title"), kind="cold",
             visitor="juror", prepare=change_a_review(year)),
        Item("deliberation", "deliberation (chair)", get(chair, deliberation_url),
             expect(200, "ranking-title"), visitor="juror"),
    ]  # fmt: skip
    award = cycle.award.slug
    announced = [
        Item("announcement", "public announcement",
             get(anonymous, reverse("public:announcement", args=[award, cycle.year])),
             expect(200), visitor="anonymous"),
        Item("archive", "archive", get(anonymous, reverse("public:archive")), expect(200),
             visitor="anonymous"),
        Item("wizard_step", "wizard step 1 (the register)",
             get(anonymous, reverse("nominations:award_wizard_new", args=[AWARD_SLUG])),
             expect(200, 'name="kandidat-municipality"'),
             visitor="anonymous"),
        Item("platform_page", "platform page",
             get(anonymous, reverse("platforms:detail", args=[platform_slug])),
             expect(200, 'id="relasjonen-1e"'), visitor="anonymous"),
    ]  # fmt: skip
    return {"jury": (jury, floors()), "deliberation": (deliberation, floors()),
            "announced": (announced, floors())}  # fmt: skip


def enter_phase(year, phase: str) -> None:
    """Puts the cycle in the phase, with what the people using it have done by then."""
    from benchmarks.data import set_phase
    from scoring import reviews
    from scoring.demo_decision import decide_past_cycle

    if phase == "jury":
        set_phase(year.cycle, "jury")
        # The juror is at work on this candidate: the form, and the saves it makes.
        reviews.reopen(year.juror_member, year.candidate)
    elif phase == "deliberation":
        set_phase(year.cycle, "jury")
        reviews.mark_done(year.juror_member, year.candidate)
        set_phase(year.cycle, "deliberation")
        decide_past_cycle(year.cycle)  # the chair's choice, texts, sign-offs and lock
    else:
        set_phase(year.cycle, phase)


def measure_pages(
    year, platform_slug: str, repeat: int, warmup: int, pages_wanted=()
) -> list[Item]:
    measured = []
    for phase, (pages, floors) in page_groups(year, platform_slug).items():
        enter_phase(year, phase)  # every phase, so that later ones find what earlier ones did
        if pages_wanted:
            pages = [p for p in pages if p.key in pages_wanted]
            if not pages:
                continue
        items = pages + floors
        interleaved(items, repeat, warmup)
        for item in items:
            count_queries(item)
        for page in pages:
            floor = next(f for f in floors if f.visitor == page.visitor)
            page.floor_ms = floor.median_ms
        measured += items
    return measured


def profile(year, platform_slug: str, key: str, repeat: int) -> None:
    """The queries of one run of an item (a page's key, score_math or export), then its cProfile:
    top functions by total time in their own code and by cumulative time."""
    import cProfile
    import pstats

    for phase, (pages, _floors) in page_groups(year, platform_slug).items():
        enter_phase(year, phase)
        item = next((p for p in pages if p.key == key), None)
        if item is not None:
            break
    else:
        enter_phase(year, "deliberation")
        if key == "score_math":
            from scoring import score_math

            item = Item(key, key, lambda: score_math.compute(year.cycle))
        elif key == "export":
            item = Item(key, key, lambda: export(year))
        else:
            raise SystemExit(f"--profile: no item {key!r}")
    for _ in range(2):
        if item.prepare:
            item.prepare()
        item.check(item.run())
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if item.prepare:
        item.prepare()
    with CaptureQueriesContext(connection) as queries:
        item.run()
    print(f"--- {key}: the {len(queries)} queries of one run")
    for number, query in enumerate(queries, 1):
        print(f"{number:3}. {query['sql']}")
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        if item.prepare:
            item.prepare()  # profiled too; a single UPDATE
        item.run()
    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
    print(f"--- {key}: {repeat} runs, by own time")
    stats.sort_stats("tottime").print_stats(30)
    print(f"--- {key}: by cumulative time")
    stats.sort_stats("cumulative").print_stats(90)


# --- The score math -------------------------------------------------------------------------------


def plain_groupby(cycle):
    """The floor: the same scores read in one query, and pandas' groupby for each candidate's
    mean, median and spread of the jurors' means, best first."""
    import pandas as pd

    from scoring.models import Score

    rows = Score.objects.filter(
        review__candidate__cycle=cycle, review__done_at__isnull=False, value__isnull=False
    ).values_list("review__member_id", "review__candidate_id", "criterion_id", "value")
    scores = pd.DataFrame(list(rows), columns=["juror", "candidate", "criterion", "value"])
    per_review = scores.groupby(["juror", "candidate"])["value"].mean()
    table = per_review.groupby("candidate").agg(["mean", "median", "std", "count"])
    return table.sort_values("mean", ascending=False)


def measure_math(year, repeat: int, warmup: int) -> list[Item]:
    from scoring import score_math

    def same_size(computed):
        assert len(computed.candidates) == year.candidates

    items = [
        Item("score_math", "score math: score_math.compute()",
             lambda: score_math.compute(year.cycle), same_size, kind="math"),
        Item("score_math_floor", "floor: one query + pandas groupby",
             lambda: plain_groupby(year.cycle), kind="math"),
    ]  # fmt: skip
    interleaved(items, repeat, warmup)
    for item in items:
        count_queries(item)
    return items


# --- The export -----------------------------------------------------------------------------------


def export(year) -> bytes:
    """The secretariat's workbook (contacts included, the fullest export), as the download
    makes it: in a temporary file. The bytes are read back after the work."""
    from scoring.workbook import workbook_file

    with workbook_file(year.cycle, year.secretariat, include_contacts=True) as stream:
        return stream.read()


def cells_of(content: bytes) -> list[tuple[str, list[tuple]]]:
    """Every sheet's cell values, read back from a workbook."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True)
    sheets = [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in book]
    book.close()
    return sheets


def bare_workbook(sheets) -> bytes:
    """The floor: openpyxl's write-only workbook with the same values, nothing else (no
    styles, widths, panes or filters)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def measure_export(year, repeat: int, warmup: int) -> tuple[list[Item], dict]:
    content = export(year)
    sheets = cells_of(content)
    cells = sum(len(row) for _title, rows in sheets for row in rows)
    items = [
        Item("export", "Excel export (scoring/workbook.py)", lambda: export(year), kind="export"),
        Item("export_floor", "floor: bare openpyxl write-only", lambda: bare_workbook(sheets),
             kind="export"),
    ]  # fmt: skip
    interleaved(items, repeat, warmup)
    count_queries(items[0])
    sizes = {
        "cells": cells,
        "rows": {title: len(rows) for title, rows in sheets},
        "bytes": len(content),
    }
    return items, sizes


def peak_memory(year) -> dict:
    """The export's peak memory, in a fresh process doing only that: RSS, the memory the server
    process really holds (C buffers of zlib, numpy and the database driver included, which
    tracemalloc would not see), with the baseline before the export to tell them apart."""
    from django.conf import settings
    from django.db import connection

    env = dict(
        os.environ,
        BENCH_DATABASE_NAME=str(connection.settings_dict["NAME"]),
        BENCH_STATIC_ROOT=str(settings.STATIC_ROOT),
        BENCH_MEDIA_ROOT=str(settings.MEDIA_ROOT),
    )
    output = subprocess.run(
        [sys.executable, __file__, "--memory-child", str(year.cycle.pk), str(year.secretariat.pk)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def rss_mb(field: str) -> float:
    """The process's resident memory now (VmRSS) or at its highest (VmHWM), in MiB. Read from
    /proc, not getrusage: ru_maxrss survives exec, so a child would start with its parent's."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def memory_child(cycle_pk: int, user_pk: int) -> None:
    import django

    django.setup()
    from django.contrib.auth import get_user_model

    from nominations.models import Cycle
    from scoring.workbook import workbook_file

    cycle = Cycle.objects.select_related("award").get(pk=cycle_pk)
    user = get_user_model().objects.get(pk=user_pk)
    gc.collect()
    baseline = rss_mb("VmRSS")
    with workbook_file(cycle, user, include_contacts=True) as stream:  # as the download does
        peak = rss_mb("VmHWM")
        size = stream.seek(0, io.SEEK_END)
    print(json.dumps({"baseline_mb": round(baseline, 1), "peak_mb": round(peak, 1),
                      "export_mb": round(peak - baseline, 1), "bytes": size}))  # fmt: skip


# --- The run --------------------------------------------------------------------------------------


@dataclass
class Scale:
    name: str  # "1x" or "10x"
    data: dict
    items: list[Item]
    export_sizes: dict
    memory: dict

    def item(self, key) -> Item:
        return next(i for i in self.items if i.key == key)


def measure_scale(name, year, args, platform_slug) -> Scale:
    large = name == "10x"
    repeat = args.large_repeat if large else args.repeat
    export_repeat = args.large_export_repeat if large else args.export_repeat
    items, sizes, memory = [], {}, {}
    if "pages" in args.only:
        say(f"{name}: pages ({repeat} rounds)")
        items += measure_pages(year, platform_slug, repeat, args.warmup, args.pages)
    if "math" in args.only:
        say(f"{name}: score math ({repeat} rounds)")
        items += measure_math(year, repeat, args.warmup)
    if "export" in args.only:
        say(f"{name}: export ({export_repeat} rounds)")
        # At 10× the 1× run has warmed everything up, and one export takes most of a minute.
        export_items, sizes = measure_export(year, export_repeat, 0 if large else 1)
        items += export_items
        say(f"{name}: the export's peak memory")
        memory = peak_memory(year)
    data = {
        "candidates": year.candidates,
        "nominations": year.nominations,
        "jurors": year.jurors,
        "reviews": year.reviews,
        "scores": year.scores,
    }
    return Scale(name, data, items, sizes, memory)


def say(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def machine() -> dict:
    import django
    import openpyxl
    import pandas
    from django.db import connection

    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        import lxml  # noqa: F401

        has_lxml = True
    except ImportError:
        has_lxml = False
    with connection.cursor() as cursor:
        cursor.execute(
            "select sqlite_version()" if connection.vendor == "sqlite" else "show server_version"
        )
        db_version = cursor.fetchone()[0]  # fmt: skip
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit,
        "cpu": model,
        "cores": len(os.sched_getaffinity(0)),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        "django": django.get_version(),
        "pandas": pandas.__version__,
        "openpyxl": openpyxl.__version__,
        "lxml": has_lxml,
        "database": f"{connection.vendor} {db_version}",
    }  # fmt: skip


def fresh_database():
    """A new, empty, migrated database; dropped again at the end."""
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)

    def drop():
        import shutil

        from django.conf import settings

        connection.creation.destroy_test_db(old_name, verbosity=0)
        for folder in (settings.STATIC_ROOT, settings.MEDIA_ROOT, settings.BENCH_DATABASE_DIR):
            if folder:
                shutil.rmtree(folder, ignore_errors=True)

    return drop


def prepare() -> None:
    """What a deployment has before the first request: static files collected, the platform
    texts and the municipality register loaded."""
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("bootstrap", stdout=io.StringIO())


def run(args) -> dict:
    import django

    django.setup()
    from benchmarks import data
    from nominations.defaults import AWARD_SLUG, PLATFORM_SLUG
    from nominations.models import Award

    drop = fresh_database()
    try:
        say("preparing: migrations done; static files, platform texts, register")
        prepare()
        report = {"machine": machine(), "settings": settings_summary(args), "scales": {}}
        year = datetime.date.today().year
        award = Award.objects.get(slug=AWARD_SLUG)
        data.open_cycle(award, year + 1)  # the call the wizard serves
        say("building the award's real size")
        started = time.perf_counter()
        real = data.build_real(year - 1)
        real_build_s = time.perf_counter() - started
        scales = []
        if not args.profile:
            scales.append(measure_scale("real", real, args, PLATFORM_SLUG))
            scales[0].data["build_s"] = round(real_build_s, 1)
        say("building the large cycle")
        started = time.perf_counter()
        large = data.build_large(year)
        build_s = time.perf_counter() - started
        if args.profile:
            target = large
            if args.profile_large:
                target = data.build_synthetic(year, award.platform)
            profile(target, PLATFORM_SLUG, args.profile, args.repeat)
            return {}
        scales.append(measure_scale("1x", large, args, PLATFORM_SLUG))
        scales[-1].data["build_s"] = round(build_s, 1)
        if not args.skip_large:
            say("building the synthetic award, ten times the large cycle")
            started = time.perf_counter()
            synthetic = data.build_synthetic(year, award.platform)
            build_s = time.perf_counter() - started
            scales.append(measure_scale("10x", synthetic, args, PLATFORM_SLUG))
            scales[-1].data["build_s"] = round(build_s, 1)
        report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        for scale in scales:
            report["scales"][scale.name] = scale_report(scale)
        report["targets"] = targets(scales)
        return report
    finally:
        drop()


def settings_summary(args) -> dict:
    from django.conf import settings

    return {
        "repeat": args.repeat,
        "large_repeat": args.large_repeat,
        "export_repeat": args.export_repeat,
        "large_export_repeat": args.large_export_repeat,
        "warmup": args.warmup,
        "debug": settings.DEBUG,
        "client": "django.test.Client (whole WSGI stack, production middleware, no socket)",
        "memory": "peak RSS (VmHWM) of a fresh process doing one export, MiB",
    }


def ratio(scale: Scale, key: str, floor_key: str) -> float | None:
    keys = {i.key for i in scale.items}
    if key not in keys or floor_key not in keys:
        return None
    return round(scale.item(key).median_ms / scale.item(floor_key).median_ms, 2)


def scale_report(scale: Scale) -> dict:
    items = {}
    for item in scale.items:
        entry = item.summary()
        if item.floor_ms is not None:
            entry["floor_ms"] = round(item.floor_ms, 3)
            entry["x_floor"] = round(item.median_ms / item.floor_ms, 2)
        items[item.key] = entry
    return {
        "data": scale.data,
        "items": items,
        "score_math_x_floor": ratio(scale, "score_math", "score_math_floor"),
        "export_x_floor": ratio(scale, "export", "export_floor"),
        "export_workbook": scale.export_sizes,
        "export_memory": scale.memory,
    }


def met(value, limit) -> dict:
    return {"value": value, "limit": limit, "met": value is not None and value <= limit}


def page_targets(scale: Scale, limit: float) -> dict:
    return {
        i.key: met(round(i.median_ms / i.floor_ms, 2), limit)
        for i in scale.items
        if i.kind == "page"
    }


def targets(scales: list[Scale]) -> dict:
    """Each budget with its figure and whether it is met (docs/performance.md). The
    deliberation's first request after a change is reported beside it, not held to a budget."""
    by_name = {scale.name: scale for scale in scales}
    result = {}
    if "real" in by_name:
        result["real_pages_x_floor"] = page_targets(by_name["real"], REAL_PAGE_TARGET)
    one = by_name["1x"]
    result["pages_x_floor"] = page_targets(one, PAGE_TARGET)
    for name, scale in by_name.items():
        suffix = "" if name == "1x" else f"_{name}"
        if ratio(scale, "score_math", "score_math_floor") is not None:
            result[f"score_math_x_floor{suffix}"] = met(
                ratio(scale, "score_math", "score_math_floor"), MATH_TARGET
            )
        if ratio(scale, "export", "export_floor") is not None:
            result[f"export_x_floor{suffix}"] = met(
                ratio(scale, "export", "export_floor"), EXPORT_TARGET
            )
    if "10x" in by_name:
        ten = by_name["10x"]
        result["growth_10x"] = {
            item.key: met(round(ten.item(item.key).median_ms / item.median_ms, 2), GROWTH_TARGET)
            for item in one.items
            if item.kind not in ("floor", "cold") and not item.key.endswith("_floor")
        }
        result["queries_constant"] = {
            item.key: {
                "1x": item.queries,
                "10x": ten.item(item.key).queries,
                "met": item.queries == ten.item(item.key).queries,
            }
            for item in one.items
            if item.kind in ("page", "cold")
        }
        if ten.memory:
            result["export_peak_mb_10x"] = met(ten.memory["peak_mb"], MEMORY_TARGET_MB)
    return result


# --- The table ------------------------------------------------------------------------------------


def verdicts(targets_: dict) -> list[str]:
    """One line a budget: met, or which items miss it."""

    def verdict(entries):
        missed = [key for key, entry in entries.items() if not entry["met"]]
        return "met" if not missed else "NOT met by " + ", ".join(missed)

    lines = []
    if "real_pages_x_floor" in targets_:
        lines.append(
            f"every page ≤ {REAL_PAGE_TARGET:g} × the floor (real size): "
            f"{verdict(targets_['real_pages_x_floor'])}"
        )
    lines.append(
        f"every page ≤ {PAGE_TARGET:g} × the floor (full year): "
        f"{verdict(targets_['pages_x_floor'])}"
    )
    for key, entry in targets_.items():
        for prefix, text in (
            ("score_math_x_floor", f"score math ≤ {MATH_TARGET:g} × the groupby"),
            ("export_x_floor", f"export ≤ {EXPORT_TARGET:g} × bare openpyxl"),
        ):
            if key.startswith(prefix):
                scale = key[len(prefix) + 1 :] or "1x"
                lines.append(
                    f"{text} ({SCALE_NAMES[scale]}): "
                    f"{'met' if entry['met'] else 'NOT met'} ({entry['value']})"
                )
    if "growth_10x" in targets_:
        lines.append(
            f"10 × the data ≤ {GROWTH_TARGET:g} × the time: {verdict(targets_['growth_10x'])}"
        )
        lines.append(f"the same queries at 10 ×: {verdict(targets_['queries_constant'])}")
    if "export_peak_mb_10x" in targets_:
        peak = targets_["export_peak_mb_10x"]
        lines.append(
            f"export peak < {MEMORY_TARGET_MB} MiB at 10 ×: "
            f"{'met' if peak['met'] else 'NOT met'} ({peak['value']} MiB)"
        )
    return lines


def rows(report: dict) -> tuple[list[str], list[list[str]]]:
    """The figures as a table: a row an item, ms / queries / × floor for each scale, and the
    growth from the full year to ten times that."""
    scales = report["scales"]
    head = ["median of repeated runs"]
    for name in scales:
        head += [f"{name} ms", "q", "× floor"]
    if "10x" in scales and "1x" in scales:
        head.append("growth")
    keys = list(dict.fromkeys(key for scale in scales.values() for key in scale["items"]))
    body = []
    for key in keys:
        label = next(s["items"][key]["label"] for s in scales.values() if key in s["items"])
        row = [label]
        for scale in scales.values():
            item = scale["items"].get(key)
            if item is None:
                row += ["", "", ""]
                continue
            row += [
                f"{item['median_ms']:.1f}",
                str(item.get("queries", "")),
                f"{item['x_floor']:.2f}" if "x_floor" in item else "",
            ]
        if "growth" in head:
            one, ten = scales["1x"]["items"].get(key), scales["10x"]["items"].get(key)
            row.append(f"{ten['median_ms'] / one['median_ms']:.2f}" if one and ten else "")
        body.append(row)
    return head, body


def about(report: dict) -> list[str]:
    m = report["machine"]
    lines = [
        f"Run of {m['date']} (commit {m['commit']}): {m['cores']} cores {m['cpu']}, "
        f"load {m['load_average_at_start']} → {m.get('load_average_at_end')}; "
        f"Python {m['python']}, Django {m['django']}, pandas {m['pandas']}, openpyxl "
        f"{m['openpyxl']} (lxml {'installed' if m['lxml'] else 'not installed'}), {m['database']}.",
        "",
    ]
    for name, scale in report["scales"].items():
        d = scale["data"]
        lines.append(
            f"- {name} ({SCALE_NAMES.get(name, name)}): {d['candidates']} candidates, "
            f"{d['nominations']} nominations, {d['jurors']} jurors, {d['reviews']} reviews, "
            f"{d['scores']} scores (built in {d.get('build_s', '?')} s)"
        )
    for name, scale in report["scales"].items():
        if scale.get("export_memory"):
            mem, book = scale["export_memory"], scale["export_workbook"]
            lines.append(
                f"- {name}: score math {scale['score_math_x_floor']} × the groupby; export "
                f"{scale['export_x_floor']} × bare openpyxl ({book['cells']:,} cells, "
                f"{book['bytes'] / 1e6:.1f} MB), peak RSS {mem['peak_mb']} MiB "
                f"({mem['baseline_mb']} MiB before the export)"
            )
    return lines


def table(report: dict) -> str:
    head, body = rows(report)
    widths = [max(len(r[i]) for r in [head, *body]) for i in range(len(head))]
    lines = about(report) + [""]

    def line(cells):
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    lines.append(line(head))
    lines.append("-" * len(lines[-1]))
    lines += [line(row) for row in body]
    lines += ["", "Budgets:"] + [f"  {line}" for line in verdicts(report["targets"])]
    return "\n".join(lines)


def markdown(report: dict) -> str:
    """The run as docs/performance.md shows it: the machine, the table and the budgets."""
    head, body = rows(report)
    lines = about(report) + ["", "| " + " | ".join(head) + " |"]
    lines.append("| --- |" + " ---: |" * (len(head) - 1))
    lines += ["| " + " | ".join(row) + " |" for row in body]
    lines += ["", "Budgets:", ""] + [f"- {line}" for line in verdicts(report["targets"])]
    return "\n".join(lines)


def parse(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, help="write the figures as JSON to this file")
    parser.add_argument("--repeat", type=int, default=30, help="rounds per page at 1× (30)")
    parser.add_argument("--large-repeat", type=int, default=5, help="rounds per page at 10× (5)")
    parser.add_argument("--export-repeat", type=int, default=5, help="exports timed at 1× (5)")
    parser.add_argument(
        "--large-export-repeat", type=int, default=2, help="exports timed at 10× (2)"
    )
    parser.add_argument("--warmup", type=int, default=2, help="untimed rounds first (2)")
    parser.add_argument(
        "--skip-large", action="store_true", help="skip the synthetic award of ten times the data"
    )
    parser.add_argument(
        "--profile",
        metavar="KEY",
        help="instead, profile one item (e.g. deliberation) with cProfile",
    )
    parser.add_argument(
        "--profile-large", action="store_true", help="profile on the data of ten times the size"
    )
    parser.add_argument(
        "--only",
        type=lambda text: set(text.split(",")),
        default={"pages", "math", "export"},
        help="measure only these, comma-separated: pages, math, export (all)",
    )
    parser.add_argument(
        "--pages",
        type=lambda text: set(text.split(",")),
        default=set(),
        help="measure only these pages, by key (e.g. deliberation,juror_home)",
    )
    parser.add_argument(
        "--markdown",
        type=Path,
        metavar="JSON",
        help="print a run's figures for docs/performance.md from its JSON file",
    )
    parser.add_argument("--memory-child", nargs=2, type=int, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse(argv)
    if args.memory_child:
        memory_child(*args.memory_child)
        return 0
    if args.markdown:
        print(markdown(json.loads(args.markdown.read_text())))
        return 0
    report = run(args)
    if args.profile:
        return 0
    print(table(report))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
        print(f"\nFigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
