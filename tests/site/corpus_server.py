"""A real HTTP server on loopback serving a copy of examples/, its feeds' links rewritten to point at it.

A link https://HOST/path in a feed becomes http://127.0.0.1:PORT/HOST/path, so every outlet
is one folder of this one server. Pages keep their own rel=canonical (https://HOST/...).
Answers carry an ETag and Last-Modified and honour If-None-Match; `routes` overrides
any path with a fixed answer (a 429, a block page), and every request is recorded.
"""

from __future__ import annotations

import email.utils
import hashlib
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.conftest import EXAMPLES

_TYPES = {".xml": "application/xml", ".html": "text/html", ".txt": "text/plain", ".opml": "text/x-opml"}


@dataclass(frozen=True)
class Answer:
    """A fixed answer for one path."""

    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


class CorpusServer:
    """The server, its folder, its overrides and what it was asked."""

    def __init__(self, root: Path):
        self.root = root
        self.routes: dict[str, Answer | Callable[[], Answer]] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.delay = 0.0  # seconds each answer waits, to see requests overlap
        self.in_flight = self.max_in_flight = 0
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    def start(self) -> CorpusServer:
        """Serve in a thread."""
        self._thread.start()
        return self

    def close(self) -> None:
        """Stop serving."""
        self._httpd.shutdown()
        self._httpd.server_close()

    def url(self, path: str) -> str:
        """The URL of a path under the root."""
        return f"{self.base}/{path.lstrip('/')}"

    def paths(self) -> list[str]:
        """The paths asked for, in order."""
        return [path for path, _ in self.requests]

    def answer(self, path: str, headers: dict[str, str]) -> Answer:
        """What the server says to a GET of path."""
        with self._lock:
            self.requests.append((path, headers))
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            time.sleep(self.delay)
            route = self.routes.get(path)
            if route is not None:
                return route() if callable(route) else route
            return self._file(path, headers)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _file(self, path: str, headers: dict[str, str]) -> Answer:
        file = (self.root / unquote(path).lstrip("/")).resolve()
        if not file.is_relative_to(self.root.resolve()) or not file.is_file():
            return Answer(404, b"not found")
        body = file.read_bytes()
        etag = f'W/"{hashlib.sha1(body).hexdigest()[:16]}"'
        modified = email.utils.formatdate(file.stat().st_mtime, usegmt=True)
        validators = (("ETag", etag), ("Last-Modified", modified))
        if headers.get("if-none-match") == etag:
            return Answer(304, b"", validators)
        kind = _TYPES.get(file.suffix, "application/octet-stream")
        return Answer(200, body, (("Content-Type", kind), *validators))


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # clients killed mid-request (the crash test) are expected


def _handler(server: CorpusServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):  # noqa: N802 (http.server's name)
            answer = server.answer(urlsplit(self.path).path, {k.lower(): v for k, v in self.headers.items()})
            self.send_response(answer.status)
            for name, value in answer.headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            try:
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client was killed mid-answer, on purpose

        def log_message(self, *args):
            pass

    return Handler


def copy_corpus(into: Path) -> Path:
    """A copy of examples/ that a test may change."""
    root = into / "web"
    shutil.copytree(EXAMPLES, root)
    return root


def outlet_hosts(root: Path) -> list[str]:
    """The outlets' host names: the folders named like hosts."""
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.name.endswith(".example"))


def rewrite_links(root: Path, base: str) -> list[str]:
    """Point every feed's links at the server; the feeds' URLs."""
    hosts = outlet_hosts(root)
    feeds = []
    for host in hosts:
        for feed in sorted((root / host).glob("*.xml")):
            text = feed.read_text(encoding="utf-8")
            for name in hosts:
                text = text.replace(f"https://{name}/", f"{base}/{name}/")
            feed.write_text(text, encoding="utf-8")
            feeds.append(f"{base}/{host}/{feed.name}")
    return feeds


def opml(feeds: list[str], extra: str = "") -> bytes:
    """An OPML subscription list of the feeds."""
    outlines = "".join(f'<outline type="rss" text="feed {n}" xmlUrl="{url}"/>' for n, url in enumerate(feeds))
    return (f'<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head>'
            f"<body>{outlines}{extra}</body></opml>").encode()


@dataclass(frozen=True)
class Corpus:
    """The served copy of examples/: the server, its folder, and the outlets' feed URLs."""

    server: CorpusServer
    root: Path
    feeds: list[str]

    def follow(self, *feeds: str) -> list:
        """Sources for the feeds (all the outlets' feeds when none are named), due now."""
        from newsbrief.site.models import Source

        return [Source.objects.create(url=url, name=url.split("/")[3], domain=url.split("/")[3], kind=Source.Kind.FEED)
                for url in feeds or self.feeds]


@pytest.fixture
def loopback(monkeypatch):
    """Let fetching reach 127.0.0.0/8, for this test only."""
    monkeypatch.setenv("NEWSBRIEF_FETCH_ALLOW", "127.0.0.0/8")
    monkeypatch.setenv("NEWSBRIEF_FETCH_DEADLINE", "10")


@pytest.fixture
def corpus(tmp_path, loopback):
    """examples/ served on loopback, feeds rewritten to link to the server."""
    root = copy_corpus(tmp_path)
    server = CorpusServer(root).start()
    try:
        yield Corpus(server, root, rewrite_links(root, server.base))
    finally:
        server.close()
