"""Fixtures shared by the whole suite."""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SUITE_URL = os.environ.get("NEWSBRIEF_DATABASE_URL", "")
ON_POSTGRESQL = SUITE_URL.startswith(("postgres://", "postgresql://"))
# For a module that runs the commands on SQLite files of its own whatever the suite's database is:
# the suite's SQLite half runs it, and its PostgreSQL half would only repeat it.
OWN_SQLITE_FILES = pytest.mark.skipif(ON_POSTGRESQL, reason="runs on SQLite files of its own; the SQLite half runs it")


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
