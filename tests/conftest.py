"""Redis for the tests, without asking anything of a newcomer's machine.

- REDIS_TEST_URL set: the Redis tests use that server, at exactly that URL (database included).
- otherwise: a throwaway `redis-server` from PATH on a free loopback port, for the whole session.
- neither: the Redis tests are skipped, with one line at the top of the run saying why and how to
  enable them; REQUIRE_REDIS_TESTS=1 (set by .ci/run) turns that into an error.
"""
from __future__ import annotations

import os

import pytest

from tests.support.redis_server import RedisServer, redis_server_binary

HOW_TO = "install Redis (redis-server on PATH) or set REDIS_TEST_URL=redis://host:port/db"


def _unavailable_reason() -> str | None:
    """Why some Redis tests cannot run here, or None if all can."""
    if redis_server_binary():
        return None
    if os.environ.get("REDIS_TEST_URL"):
        return ("Redis outage tests SKIPPED: they start and stop their own redis-server, "
                "and there is none on PATH; install Redis to run them")
    return f"Redis tests SKIPPED: no redis-server on PATH and REDIS_TEST_URL is not set; to run them, {HOW_TO}"


def _required() -> bool:
    return os.environ.get("REQUIRE_REDIS_TESTS", "") not in ("", "0")


def pytest_report_header(config):
    reason = _unavailable_reason()
    if reason:
        return None   # said by pytest_sessionstart, which shows even with -q
    if os.environ.get("REDIS_TEST_URL"):
        return "Redis tests: the server at REDIS_TEST_URL"
    return "Redis tests: a throwaway redis-server on a free loopback port"


def pytest_sessionstart(session):
    reason = _unavailable_reason()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if reason and reporter is not None:
        reporter.write_line(reason, yellow=True, bold=True)


def pytest_configure(config):
    reason = _unavailable_reason()
    if reason and _required():
        raise pytest.UsageError(f"REQUIRE_REDIS_TESTS is set, so no Redis test may be skipped, but: {reason}")


def _no_redis(what: str) -> None:
    if _required():
        pytest.fail(f"REQUIRE_REDIS_TESTS is set but {what}", pytrace=False)
    pytest.skip(f"{what} (see the line at the top of the run)")


@pytest.fixture(scope="session")
def redis_url():
    """A Redis URL the tests may write to (under random key prefixes, never FLUSHDB)."""
    configured = os.environ.get("REDIS_TEST_URL")
    if configured:
        yield configured
        return
    if not redis_server_binary():
        _no_redis("no redis-server on PATH and REDIS_TEST_URL is not set")
    server = RedisServer()
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture
def redis_server():
    """A private redis-server this test may stop, pause and restart (needs redis-server on PATH)."""
    if not redis_server_binary():
        _no_redis("no redis-server on PATH")
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()
