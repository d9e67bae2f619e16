"""No code path but the guarded client makes outbound HTTP: a static scan of every newsbrief module.

Why static: a runtime socket guard sees only the paths the tests happen to run,
while this scan reads every module, run by a test or not. What it cannot see is
code that hides its imports (getattr on strings and the like); such code would
not pass review either. Each exemption below says why it is one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import newsbrief

PACKAGE = Path(newsbrief.__file__).parent

# Dotted names whose use means a network connection outside the guard.
FORBIDDEN = (
    "httpx",
    "httpcore",
    "requests",
    "urllib3",
    "aiohttp",
    "pycurl",
    "websocket",
    "websockets",
    "urllib.request",
    "http.client",
    "xmlrpc.client",
    "ftplib",
    "socket",
    "asyncio.open_connection",
    "feedparser.http",
    # trafilatura's own fetcher, and the parts of it that call the fetcher
    "trafilatura.fetch_url",
    "trafilatura.fetch_response",
    "trafilatura.downloads",
    "trafilatura.feeds",
    "trafilatura.sitemaps",
    "trafilatura.spider",
    "trafilatura.cli",
    "trafilatura.cli_utils",
)

# Module (relative to the package) -> the forbidden names it may use, and why.
EXEMPT = {
    "pipeline/fetching/fetch.py": ("httpx", "httpcore"),  # the guarded client itself
    "pipeline/fetching/addresses.py": ("socket",),  # getaddrinfo and inet_aton for the guard; it connects nowhere
    # The LLM endpoint is configured by the operator, not read from a feed or a page,
    # so it is not a fetch of untrusted URLs; its client lives there alone.
    "pipeline/briefs/llm.py": ("httpx", "httpcore"),
}

FEEDPARSER_PARSE = ("feedparser.parse", "feedparser.api.parse")
BYTES_SUFFIXES = ("bytes", "body")  # feedparser.parse(page_bytes), parse(response.body)


def _covers(prefix: str, name: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


class _Scan(ast.NodeVisitor):
    """Walks one module, resolving names through its imports, and collects violations."""

    def __init__(self, exempt: tuple[str, ...]):
        self.exempt, self.aliases, self.found = exempt, {}, []
        self.functions: list[ast.AST] = []

    def _use(self, dotted: str, node: ast.AST) -> None:
        if any(_covers(p, dotted) for p in FORBIDDEN) and not any(_covers(p, dotted) for p in self.exempt):
            self.found.append(f"line {node.lineno}: uses {dotted}")

    def _dotted(self, node: ast.AST) -> str | None:
        """The dotted name an expression like a.b.c stands for, through import aliases."""
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name) or node.id not in self.aliases:
            return None
        return ".".join([self.aliases[node.id], *reversed(parts)])

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._use(alias.name, node)
            if alias.asname:  # "import a.b as x" binds x to a.b
                self.aliases[alias.asname] = alias.name
            else:  # "import a.b" binds a
                top = alias.name.split(".")[0]
                self.aliases[top] = top

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:  # a relative import stays inside newsbrief
            return
        for alias in node.names:
            dotted = f"{node.module}.{alias.name}"
            self._use(dotted, node)
            self.aliases[alias.asname or alias.name] = dotted

    def visit_Attribute(self, node: ast.Attribute) -> None:
        dotted = self._dotted(node)
        if dotted is not None:
            self._use(dotted, node)
        else:
            self.generic_visit(node)

    def visit_FunctionDef(self, node) -> None:
        self.functions.append(node)
        self.generic_visit(node)
        self.functions.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Call(self, node: ast.Call) -> None:
        target = self._dotted(node.func)
        if target in FEEDPARSER_PARSE:
            self._check_feed_argument(node)
        if target in ("importlib.import_module", "builtins.__import__") or (
            isinstance(node.func, ast.Name) and node.func.id == "__import__"
        ):
            for arg in node.args[:1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    self._use(arg.value, node)
        self.generic_visit(node)

    def _check_feed_argument(self, call: ast.Call) -> None:
        """feedparser.parse fetches a str that looks like a URL or opens one that names a file: bytes only."""
        args = call.args[:1] or [kw.value for kw in call.keywords if kw.arg == "url_file_stream_or_string"]
        if not args or not self._is_bytes(args[0]):
            shown = ast.unparse(args[0]) if args else "nothing"
            self.found.append(f"line {call.lineno}: feedparser.parse({shown}) may not be given bytes")

    def _is_bytes(self, arg: ast.AST) -> bool:
        if isinstance(arg, ast.Constant):
            return isinstance(arg.value, bytes)
        if isinstance(arg, ast.Call):
            func = arg.func
            return (isinstance(func, ast.Name) and func.id in ("bytes", "bytearray")) or (
                isinstance(func, ast.Attribute) and func.attr == "encode"
            )
        name = arg.id if isinstance(arg, ast.Name) else arg.attr if isinstance(arg, ast.Attribute) else ""
        if name.lower().endswith(BYTES_SUFFIXES):
            return True
        # A plain name is accepted when the function checks isinstance(name, bytes) itself.
        return isinstance(arg, ast.Name) and bool(self.functions) and _checks_bytes(self.functions[-1], arg.id)


def _checks_bytes(function: ast.AST, name: str) -> bool:
    """Whether the function calls isinstance(name, bytes) (or a tuple with bytes)."""
    for node in ast.walk(function):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "isinstance"
            and len(node.args) == 2
            and isinstance(node.args[0], ast.Name)
            and node.args[0].id == name
        ):
            kinds = node.args[1].elts if isinstance(node.args[1], ast.Tuple) else [node.args[1]]
            if any(isinstance(k, ast.Name) and k.id == "bytes" for k in kinds):
                return True
    return False


def violations(source: str, module: str = "somewhere.py") -> list[str]:
    """Every outbound-HTTP path the scan finds in one module's source."""
    scan = _Scan(EXEMPT.get(module, ()))
    scan.visit(ast.parse(source))
    return scan.found


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_makes_outbound_http_except_through_the_guarded_client():
    found = {}
    for path in _modules():
        module = path.relative_to(PACKAGE).as_posix()
        problems = violations(path.read_text(encoding="utf-8"), module)
        if problems:
            found[module] = problems
    assert found == {}, "outbound HTTP outside pipeline/fetching/fetch.py; use newsbrief.pipeline.fetching.fetch.fetch"


def test_the_scan_reads_the_guarded_client_itself():
    source = (PACKAGE / "pipeline/fetching/fetch.py").read_text(encoding="utf-8")
    assert violations(source, "pipeline/fetching/fetch.py") == []
    assert any("httpx" in problem for problem in violations(source, "pipeline/elsewhere.py"))


@pytest.mark.parametrize(
    "source",
    [
        "import httpx",
        "import httpx as h",
        "from httpx import Client",
        "import requests",
        "import urllib.request",
        "from urllib import request",
        "from urllib.request import urlopen",
        "import urllib\nurllib.request.urlopen('http://x')",
        "import http.client",
        "from http import client",
        "import socket\nsocket.create_connection(('x', 80))",
        "import aiohttp",
        "import urllib3",
        "import trafilatura\ntrafilatura.fetch_url('http://x')",
        "import trafilatura as t\nt.fetch_response('http://x')",
        "from trafilatura import fetch_url",
        "from trafilatura.downloads import fetch_url",
        "from trafilatura.feeds import find_feed_urls",
        "from trafilatura.sitemaps import sitemap_search",
        "import importlib\nimportlib.import_module('requests')",
        "__import__('httpx')",
        "import feedparser\nfeedparser.parse('https://example.com/feed')",
        "import feedparser\nfeedparser.parse(url)",
        "import feedparser as fp\nfp.parse(path)",
        "from feedparser import parse\nparse(text)",
        "import feedparser\nfeedparser.parse(*args)",
        "import feedparser\nfeedparser.parse(url_file_stream_or_string=url)",
        "import feedparser\ndef f(data):\n    return feedparser.parse(data)",
    ],
)
def test_scan_catches_outbound_http(source):
    assert violations(source) != []


@pytest.mark.parametrize(
    "source",
    [
        "from urllib.parse import urlsplit",
        "import urllib.parse\nurllib.parse.quote('x')",
        "from http import HTTPStatus",
        "import trafilatura\ntrafilatura.extract(page)",
        "import trafilatura\ntrafilatura.load_html(page)",
        "import feedparser\nfeedparser.parse(b'<rss/>')",
        "import feedparser\nfeedparser.parse(feed_bytes)",
        "import feedparser\nfeedparser.parse(response.body, sanitize_html=True)",
        "import feedparser\nfeedparser.parse(text.encode('utf-8'))",
        "import feedparser\ndef f(data):\n    if not isinstance(data, bytes):\n        raise TypeError\n"
        "    return feedparser.parse(data)",
        "from newsbrief.pipeline.fetching.fetch import fetch\nfetch('https://example.com/')",
    ],
)
def test_scan_lets_safe_code_through(source):
    assert violations(source) == []
