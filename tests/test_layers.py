"""The layers of DESIGN.md hold: the pipeline knows nothing of Django or the database, and reads no settings.

What the pipeline imports is checked with the whole import graph, in tests/test_import_graph.py.
Here: no pipeline module imports newsbrief.config or reads the environment; the edges
(the site, the backfill engines) read the settings and hand the stages their values.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PIPELINE = Path(__file__).resolve().parent.parent / "newsbrief" / "pipeline"
# The standard TLS variables (as OpenSSL and httpx read them) choose the trust store; they are no newsbrief setting.
ENVIRONMENT_ALLOWED = {("fetching/fetch.py", "SSL_CERT_FILE"), ("fetching/fetch.py", "SSL_CERT_DIR")}


def settings_read(source: str, package: str) -> list[str]:
    """What a module does to read settings: imports of newsbrief.config, and each environment variable it reads."""
    found = []
    accounted: set[int] = set()  # os.environ nodes whose variable name was read off their .get("NAME") call
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"imports {a.name}" for a in node.names if a.name.startswith("newsbrief.config")]
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(node, package)
            found += [f"imports {base}.{a.name}" for a in node.names
                      if f"{base}.{a.name}".startswith("newsbrief.config") or base.startswith("newsbrief.config")]
            if base == "os":
                found += [f"imports os.{a.name}" for a in node.names if a.name in ("environ", "getenv")]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            if isinstance(func, ast.Attribute) and func.attr == "get" and _is_os(func.value, "environ"):
                accounted.add(id(func.value))
                found.append(f"reads {node.args[0].value}")
            elif _is_os(func, "getenv"):
                accounted.add(id(func))
                found.append(f"reads {node.args[0].value}")
    for node in ast.walk(tree):
        if (_is_os(node, "environ") or _is_os(node, "getenv")) and id(node) not in accounted:
            found.append(f"line {node.lineno}: uses os.{node.attr}")
    return found


def _is_os(node: ast.AST, attr: str) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == attr and isinstance(node.value, ast.Name) and node.value.id == "os"


def _absolute(node: ast.ImportFrom, package: str) -> str:
    if not node.level:
        return node.module or ""
    parts = package.split(".")
    anchor = ".".join(parts[: len(parts) - node.level + 1])
    return f"{anchor}.{node.module}" if node.module else anchor


def _package(path: Path) -> str:
    return ".".join(("newsbrief", "pipeline", *path.relative_to(PIPELINE).parent.parts))


@pytest.mark.parametrize("path", sorted(PIPELINE.rglob("*.py")), ids=lambda p: str(p.relative_to(PIPELINE)))
def test_pipeline_modules_read_no_settings(path):
    where = path.relative_to(PIPELINE).as_posix()
    reads = [r for r in settings_read(path.read_text(encoding="utf-8"), _package(path))
             if (where, r.removeprefix("reads ")) not in ENVIRONMENT_ALLOWED]
    assert not reads, f"{where} reads settings itself ({reads}): take the value as a parameter, built in config.py"


@pytest.mark.parametrize("source", [
    "from newsbrief import config",
    "import newsbrief.config",
    "from newsbrief.config import value",
    "from ... import config",
    "import os\nos.environ.get('NEWSBRIEF_LLM_URL')",
    "import os\nos.environ['NEWSBRIEF_LLM_URL']",
    "import os\nos.getenv('NEWSBRIEF_LLM_URL')",
    "from os import environ",
])  # fmt: skip
def test_the_check_catches_a_stage_reading_a_setting(source):
    assert settings_read(source, "newsbrief.pipeline.briefs") != []


def test_the_check_lets_plain_imports_through():
    assert settings_read("import os\nfrom newsbrief.pipeline import types\nos.path.join('a', 'b')",
                         "newsbrief.pipeline.briefs") == []
