"""Timings per step, every error, the request cap, and the printed report."""

import math
import threading
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass


class Stopped(Exception):
    """The run is over (time, request cap, or the nominators are done): stop quietly."""


@dataclass
class Error:
    at: float  # seconds since the start of the run
    actor: str
    step: str
    status: int | None  # None: no answer (connection refused, reset, timed out)
    reason: str


class Recorder:
    """Shared by every simulated visitor's thread."""

    def __init__(self, max_requests: int, deadline: float):
        self.started = time.monotonic()
        self.max_requests = max_requests
        self.deadline = deadline  # time.monotonic() after which no request is started
        self.stop = threading.Event()
        self.stop_reason = ""
        self._lock = threading.Lock()
        self.requests = 0
        self.samples: dict[str, list[float]] = defaultdict(list)
        self.timeline: list[tuple[float, float]] = []  # (seconds since the start, duration)
        self.errors: list[Error] = []
        self.finished = Counter()  # what each kind of journey ended as

    def now(self) -> float:
        return time.monotonic() - self.started

    def end(self, reason: str):
        with self._lock:
            if not self.stop.is_set():
                self.stop_reason = reason
                self.stop.set()

    def allow(self):
        """Called before each request; raises Stopped once the run is over."""
        if self.stop.is_set():
            raise Stopped
        if time.monotonic() >= self.deadline:
            self.end("the time limit was reached")
            raise Stopped
        with self._lock:
            if self.requests >= self.max_requests:
                stop = True
            else:
                self.requests += 1
                stop = False
        if stop:
            self.end("the request cap was reached")
            raise Stopped

    def sample(self, step: str, seconds: float):
        with self._lock:
            self.samples[step].append(seconds)
            self.timeline.append((self.now(), seconds))

    def error(self, actor: str, step: str, status: int | None, reason: str):
        with self._lock:
            self.errors.append(Error(round(self.now(), 2), actor, step, status, reason[:200]))

    def journey(self, outcome: str):
        with self._lock:
            self.finished[outcome] += 1

    def pause(self, seconds: float):
        """Think time; cut short when the run ends."""
        if seconds > 0 and self.stop.wait(seconds):
            raise Stopped


def percentile(values: list[float], q: float) -> float:
    """Nearest rank: the smallest value with at least q of the values at or below it."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q * len(ordered)) - 1)]


def step_table(samples: dict[str, list[float]], errors: list[Error], order, seconds: float):
    failed = Counter(e.step for e in errors)
    names = [s for s in order if s in samples or s in failed]
    names += sorted(set(samples) - set(names))
    rows = []
    for name in names:
        values = samples.get(name, [])

        def ms(q, values=values):
            return round(percentile(values, q) * 1000) if values else None

        rows.append(
            {
                "step": name,
                "requests": len(values),
                "per_second": round(len(values) / seconds, 2) if seconds else None,
                "errors": failed.get(name, 0),
                "p50_ms": ms(0.50),
                "p95_ms": ms(0.95),
                "p99_ms": ms(0.99),
                "max_ms": round(max(values) * 1000) if values else None,
            }
        )
    return rows


def windows(timeline: list[tuple[float, float]], width: float) -> list[dict]:
    """Requests per second and latency in each `width` seconds of the run."""
    buckets: dict[int, list[float]] = defaultdict(list)
    for ended, seconds in timeline:
        buckets[int(ended // width)].append(seconds)
    return [
        {
            "from_s": round(index * width),
            "per_second": round(len(values) / width, 1),
            "p50_ms": round(percentile(values, 0.50) * 1000),
            "p95_ms": round(percentile(values, 0.95) * 1000),
        }
        for index, values in sorted(buckets.items())
    ]


def format_windows(rows: list[dict], width: float) -> str:
    return "\n".join(
        f"  {row['from_s']:>4}–{row['from_s'] + width:<4.0f} s {row['per_second']:>6} requests/s"
        f"   p50 {row['p50_ms']:>5} ms   p95 {row['p95_ms']:>5} ms"
        for row in rows
    )


def format_table(rows: list[dict]) -> str:
    columns = ("requests", "per_second", "errors", "p50_ms", "p95_ms", "p99_ms", "max_ms")
    titles = ("requests", "per s", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms")
    header = f"{'step':<22}" + "".join(f"{t:>9}" for t in titles)
    lines = [header, "-" * len(header)]
    for row in rows:
        cells = ["–" if row[c] is None else str(row[c]) for c in columns]
        lines.append(f"{row['step']:<22}" + "".join(f"{cell:>9}" for cell in cells))
    return "\n".join(lines)


def format_errors(errors: list[Error], limit: int = 40) -> str:
    """Every error, grouped by step, status and reason, with how many and when first seen."""
    groups: dict[tuple, list[Error]] = defaultdict(list)
    for error in errors:
        groups[(error.step, error.status, error.reason)].append(error)
    lines = []
    for (step, status, reason), items in sorted(groups.items(), key=lambda g: g[1][0].at):
        shown = "no answer" if status is None else str(status)
        lines.append(
            f"  {len(items):>4} × {step} → {shown}: {reason} "
            f"(first at {items[0].at:.1f} s, {items[0].actor})"
        )
    if len(lines) > limit:
        lines = lines[:limit] + [f"  … and {len(lines) - limit} more kinds (see --json)"]
    return "\n".join(lines)


def errors_as_dicts(errors: list[Error]) -> list[dict]:
    return [asdict(e) for e in errors]
