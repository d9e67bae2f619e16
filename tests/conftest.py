"""Fixtures shared by the whole suite."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SUITE_URL = os.environ.get("NEWSBRIEF_DATABASE_URL", "")
ON_POSTGRESQL = SUITE_URL.startswith(("postgres://", "postgresql://"))
# For a test that runs the commands on SQLite files of its own whatever the suite's database is:
# the suite's SQLite half runs it, and its PostgreSQL half would only repeat it.
OWN_SQLITE_FILES = pytest.mark.skipif(ON_POSTGRESQL, reason="runs on SQLite files of its own; the SQLite half runs it")
# pytest-django refuses the database to a test that asks for none of these, so such a test runs the
# same on either database; only a child process could reach the suite's database without them.
DATABASE_FIXTURES = frozenset({"db", "transactional_db", "django_db_setup", "django_db_blocker", "live_server",
                               "django_db_reset_sequences", "django_db_serialized_rollback"})
NO_DATABASE = pytest.mark.skip(reason="touches no database; the SQLite half runs it")


def requested_fixtures(item: pytest.Item) -> set[str]:
    """The fixtures a test asks for and those they ask for in turn, leaving out pytest-django's autouse ones."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return set()
    names, todo = set(), list(info.argnames)
    while todo:
        name = todo.pop()
        if name not in names:
            names.add(name)
            for fixture in info.name2fixturedefs.get(name, ()):
                todo.extend(fixture.argnames)
    return names


def touches_database(item: pytest.Item) -> bool:
    """Whether a test may reach the suite's database: it asks for it, or its module starts processes."""
    if item.get_closest_marker("django_db") or DATABASE_FIXTURES.intersection(requested_fixtures(item)):
        return True
    module = getattr(item, "module", None)
    return module is None or "subprocess" in vars(module)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """On PostgreSQL, run only the tests that can touch the database: the rest would repeat the SQLite half."""
    if ON_POSTGRESQL:
        for item in items:
            if not touches_database(item):
                item.add_marker(NO_DATABASE)


@pytest.fixture
def ferry_brief() -> Path:
    """A brief of our own in the reference text layout."""
    return FIXTURES / "ferry-brief.txt"


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Fail any test that tries to reach a host beyond loopback: tests never use the internet."""
    import ipaddress
    import socket

    real_connect = socket.socket.connect

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else None
        if host is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            if not ipaddress.ip_address(host.split("%")[0]).is_loopback:
                raise AssertionError(f"a test tried to connect to {host}: tests stay on loopback")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)
