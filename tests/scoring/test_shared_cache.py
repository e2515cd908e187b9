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
from scoring import score_math

from .helpers import score_everyone

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


def test_the_figures_one_server_keeps_another_uses_until_the_cycles_version_changes(
    jury, deliberating, monkeypatch
):
    first, second = server(redis_url()), server(redis_url())
    first.clear()
    monkeypatch.setattr(score_math, "cache", first)
    made_here = score_math.cached(deliberating)

    # The second server finds them: it computes nothing.
    made = []
    compute = score_math.compute
    monkeypatch.setattr(score_math, "compute", lambda cycle: made.append(cycle) or compute(cycle))
    monkeypatch.setattr(score_math, "cache", second)
    read_there = score_math.cached(deliberating)
    assert made == []
    assert read_there.candidates.equals(made_here.candidates)
    assert read_there.jurors.equals(made_here.jurors)
    assert read_there.grand_mean == made_here.grand_mean

    # The secretariat changes a criterion's weight: the cycle's version goes up, and the second
    # server makes the figures again, which the first then finds.
    first_criterion = deliberating.criteria.order_by("position").first()
    first_criterion.weight = 7
    first_criterion.save()
    deliberating.refresh_from_db()
    changed = score_math.cached(deliberating)
    assert made == [deliberating]
    assert not changed.candidates.equals(made_here.candidates)
    monkeypatch.setattr(score_math, "cache", first)
    assert score_math.cached(deliberating).candidates.equals(changed.candidates)
    assert made == [deliberating]
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
        page = client.get(f"/jury/{deliberating.pk}/drofting/")
        assert page.status_code == 200
        assert "Oslo" in page.content.decode()
