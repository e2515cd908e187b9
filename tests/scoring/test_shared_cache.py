"""The cache several app servers share (Redis, through core/cache.py): what one server keeps,
another uses while the data is unchanged and makes again once it changed; with Redis away the
pages still answer. The tests that need a Redis server use TEST_REDIS_URL, or REDIS_URL
(.ci/run starts one on 127.0.0.1), and are skipped without it, except in CI, where they fail."""

import datetime
import os
import socket
import time

import pytest
from django.core.cache import caches
from django.utils import timezone

from core.cache import ForgivingRedisCache
from scoring import kept, results_cache

from .test_deliberation import path, score_everyone

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliberating(jury):
    """The cycle in its deliberation phase, every review done (as in test_deliberation.py)."""
    cycle = jury.cycle
    cycle.deliberation_started_at = timezone.now() - datetime.timedelta(days=1)
    cycle.save(update_fields=["deliberation_started_at"])
    score_everyone(jury)
    return cycle


def redis_url() -> str:
    url = os.environ.get("TEST_REDIS_URL") or os.environ.get("REDIS_URL", "")
    if not url:
        message = (
            "No Redis to test against: start one on this machine (redis-server --port 6390 "
            '--bind 127.0.0.1 --save "") and set TEST_REDIS_URL=redis://127.0.0.1:6390/15.'
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


def server(location) -> ForgivingRedisCache:
    """The cache as one app server process has it: a connection pool of its own."""
    return ForgivingRedisCache(location, {"KEY_PREFIX": "afk-test-shared"})


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_what_one_server_keeps_another_uses_until_its_version_changes(monkeypatch):
    first, second = server(redis_url()), server(redis_url())
    first.clear()
    monkeypatch.setattr(kept, "cache", first)
    made = []
    assert kept.held_or_made("scoring:results:1", "v1", lambda: made.append(1) or {"a": 1}) == {
        "a": 1
    }

    monkeypatch.setattr(kept, "cache", second)
    assert kept.held_or_made("scoring:results:1", "v1", lambda: made.append(2) or {}) == {"a": 1}
    assert made == [1]  # the second server made nothing
    # A change of the data is a new version: the second server makes it again, and the first
    # then finds the new one.
    assert kept.held_or_made("scoring:results:1", "v2", lambda: made.append(3) or {"a": 2}) == {
        "a": 2
    }
    monkeypatch.setattr(kept, "cache", first)
    assert kept.held("scoring:results:1", "v1") is None
    assert kept.held("scoring:results:1", "v2") == {"a": 2}
    first.clear()


def test_the_deliberations_figures_made_on_one_server_are_the_ones_another_reads(
    jury, deliberating, monkeypatch
):
    first, second = server(redis_url()), server(redis_url())
    first.clear()
    monkeypatch.setattr(kept, "cache", first)
    made_here = results_cache.compute(deliberating)
    monkeypatch.setattr(kept, "cache", second)
    at = results_cache.version(deliberating)
    read_there = kept.held(f"scoring:results:{deliberating.pk}", at.digest)
    assert read_there is not None
    assert read_there.candidates.equals(made_here.candidates)
    assert read_there.jurors.equals(made_here.jurors)
    assert read_there.grand_mean == made_here.grand_mean
    first.clear()


def test_with_redis_away_reads_miss_writes_are_dropped_and_nothing_waits():
    away = server(f"redis://127.0.0.1:{closed_port()}/0")
    assert away.get("anything") is None
    away.set("anything", 1)  # no error
    assert away.get_many(["a", "b"]) == {}
    started = time.monotonic()
    for _ in range(50):  # while it is known to be away, it is not asked again
        assert away.get("anything", "default") == "default"
    assert time.monotonic() - started < 0.5
    with pytest.raises(Exception, match="(?i)connect"):
        away.ping()  # the health check is told


def test_the_deliberation_answers_with_redis_away(settings, login, jury, deliberating):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    assert isinstance(caches["default"], ForgivingRedisCache)
    client = login(jury.by_name["leder"])
    for _ in range(2):
        page = client.get(path("deliberation", deliberating))
        assert page.status_code == 200
        assert "Oslo" in page.content.decode()
