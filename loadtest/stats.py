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


def step_table(samples: dict[str, list[float]], errors: list[Error], order: list[str]):
    failed = Counter(e.step for e in errors)
    names = [s for s in order if s in samples or s in failed]
    names += sorted(set(samples) - set(names))
    rows = []
    for name in names:
        values = samples.get(name, [])
        rows.append(
            {
                "step": name,
                "requests": len(values),
                "errors": failed.get(name, 0),
                "p50_ms": round(percentile(values, 0.50) * 1000) if values else None,
                "p95_ms": round(percentile(values, 0.95) * 1000) if values else None,
                "p99_ms": round(percentile(values, 0.99) * 1000) if values else None,
                "max_ms": round(max(values) * 1000) if values else None,
            }
        )
    return rows


def format_table(rows: list[dict]) -> str:
    header = f"{'step':<28}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}"
    header += f"{'p99 ms':>9}{'max ms':>9}"
    lines = [header, "-" * len(header)]
    for row in rows:
        cells = ["–" if row[k] is None else str(row[k]) for k in ("p50_ms", "p95_ms", "p99_ms")]
        cells.append("–" if row["max_ms"] is None else str(row["max_ms"]))
        lines.append(
            f"{row['step']:<28}{row['requests']:>9}{row['errors']:>8}"
            + "".join(f"{cell:>9}" for cell in cells)
        )
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
