"""The import graph holds the shape of DESIGN.md: no circles, and a pipeline that knows nothing of Django.

Read statically with `ast`, so every import counts, run by a test or not: top-level
ones and those inside functions (a local import would otherwise hide a circle),
but not those under `if TYPE_CHECKING:`, which never run. Importing a submodule
first runs its parent packages; that is not an edge back from the submodule.
"""

from __future__ import annotations

import ast
from collections import deque
from dataclasses import dataclass
from pathlib import Path

import pytest

import newsbrief

PACKAGE = Path(newsbrief.__file__).parent

# The pipeline runs anywhere (CLI, web process, Ray worker): nothing of Django may come with it.
PIPELINE = "newsbrief.pipeline"
NOT_IN_THE_PIPELINE = (
    "django",
    "ninja",  # django-ninja
    "newsbrief.site",
    "newsbrief.scale",
    "newsbrief.settings",  # the project's Django wiring
    "newsbrief.urls",
    "newsbrief.wsgi",
    "newsbrief.__main__",
)


@dataclass(frozen=True)
class Import:
    """One imported name, absolute and dotted, and where the import is."""

    name: str
    line: int
    local: bool  # inside a function: runs at call time, but still a dependency
    type_checking: bool  # under `if TYPE_CHECKING:`: never runs


def module_name(path: Path, root: Path = PACKAGE) -> str:
    """The dotted module name of a file under the package root."""
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Imports(ast.NodeVisitor):
    """Collects every import of one module, made absolute."""

    def __init__(self, module: str, is_package: bool):
        self.package = module if is_package else module.rpartition(".")[0]
        self.found: list[Import] = []
        self.depth = 0  # functions entered
        self.type_checking = False

    def _add(self, name: str, node: ast.stmt) -> None:
        self.found.append(Import(name, node.lineno, self.depth > 0, self.type_checking))

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name, node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        base = node.module or ""
        if node.level:
            package = self.package.split(".")
            anchor = ".".join(package[: len(package) - node.level + 1])
            base = f"{anchor}.{base}" if base else anchor
        for alias in node.names:
            # "from pkg import name": name may be a submodule or an attribute; resolved against the modules later.
            self._add(f"{base}.{alias.name}" if alias.name != "*" else base, node)

    def visit_FunctionDef(self, node) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        if not _is_type_checking(node.test):
            self.generic_visit(node)
            return
        outer, self.type_checking = self.type_checking, True
        for child in node.body:
            self.visit(child)
        self.type_checking = outer
        for child in node.orelse:
            self.visit(child)


def imports_of(source: str, module: str, is_package: bool = False) -> list[Import]:
    """Every import in a module's source, with relative ones made absolute."""
    scan = _Imports(module, is_package)
    scan.visit(ast.parse(source))
    return scan.found


@dataclass(frozen=True)
class Edge:
    """One module importing another: where, and whether from inside a function."""

    target: str
    line: int
    local: bool


def _ancestors(module: str) -> list[str]:
    parts = module.split(".")
    return [".".join(parts[:n]) for n in range(1, len(parts))]


def resolve(name: str, modules: set[str]) -> str | None:
    """The module an imported name stands for: itself, or for `from pkg import attr`, the longest module prefix."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def graph(sources: dict[str, tuple[str, bool]]) -> dict[str, list[Edge]]:
    """The import graph of the given modules (name -> (source, is_package)), between those modules only.

    Importing a.b.c runs a and a.b first, so each is an edge too, except the
    importer's own parent packages, which are already running when it is imported.
    """
    modules = set(sources)
    edges: dict[str, list[Edge]] = {module: [] for module in modules}
    for module, (source, is_package) in sources.items():
        own = set(_ancestors(module))
        for item in imports_of(source, module, is_package):
            target = resolve(item.name, modules)
            if target is None or item.type_checking:
                continue
            for step in [*_ancestors(target), target]:
                if step != module and step not in own and step in modules:
                    edges[module].append(Edge(step, item.line, item.local))
    return edges


def cycles(edges: dict[str, list[Edge]]) -> list[list[tuple[str, Edge]]]:
    """One shortest circle through each group of modules that import one another, as (module, edge) steps."""
    found = []
    for group in _strongly_connected(edges):
        start = min(group)
        # Breadth-first from start, inside the group, back to start: the shortest circle through it.
        came_from: dict[str, tuple[str, Edge]] = {}
        queue = deque([start])
        while queue:
            here = queue.popleft()
            for edge in sorted(edges[here], key=lambda e: (e.target, e.line)):
                if edge.target not in group or edge.target in came_from:
                    continue
                came_from[edge.target] = (here, edge)
                if edge.target == start:
                    queue.clear()
                    break
                queue.append(edge.target)
        steps, at = [], start
        while True:
            before, edge = came_from[at]
            steps.append((before, edge))
            at = before
            if at == start:
                break
        found.append(list(reversed(steps)))
    return found


def _strongly_connected(edges: dict[str, list[Edge]]) -> list[set[str]]:
    """Tarjan's groups of more than one module (each reaches every other), iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted({e.target for e in edges[root]})))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted({e.target for e in edges[target]}))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.add(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(group)
    return groups


def chain(steps: list[tuple[str, Edge]]) -> str:
    """A circle as a readable chain: a (line 3) -> b (line 9, in a function) -> a."""
    shown = []
    for module, edge in steps:
        where = f"line {edge.line}" + (", in a function" if edge.local else "")
        shown.append(f"{module} ({where})")
    return " -> ".join([*shown, steps[0][0]])


def package_sources() -> dict[str, tuple[str, bool]]:
    """Every module of the package: its dotted name -> (source, whether it is a package)."""
    return {
        module_name(path): (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def test_no_modules_of_the_package_import_one_another_in_a_circle():
    circles = [chain(steps) for steps in cycles(graph(package_sources()))]
    assert circles == [], "import circles (each shown once, shortest first):\n" + "\n".join(circles)


def _covers(prefix: str, name: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def layer_violations(source: str, module: str, is_package: bool = False) -> list[str]:
    """What a pipeline module imports of Django, the site or the scale layer; type-only imports count too."""
    return [
        f"line {item.line}: imports {item.name}"
        for item in imports_of(source, module, is_package)
        if any(_covers(forbidden, item.name) for forbidden in NOT_IN_THE_PIPELINE)
    ]


def test_the_pipeline_imports_nothing_of_django_the_site_or_the_scale_layer():
    found = {}
    for module, (source, is_package) in package_sources().items():
        if _covers(PIPELINE, module) and (problems := layer_violations(source, module, is_package)):
            found[module] = problems
    assert found == {}


# The checks themselves, on small sources: each can fail.

def _sources(modules: dict[str, str]) -> dict[str, tuple[str, bool]]:
    """Plain modules of package p, by dotted name."""
    return {"p": ("", True), **{name: (source, False) for name, source in modules.items()}}


@pytest.mark.parametrize(
    "modules",
    [
        {"p.a": "import p.b", "p.b": "from p import a"},
        {"p.a": "from p.b import thing", "p.b": "def later():\n    from p.a import other"},
        {"p.a": "from . import b", "p.b": "from .c import x", "p.c": "import p.a"},
        {"p.a": "import p.b.c", "p.b": "from p import a", "p.b.c": ""},  # through p.b, run before p.b.c
    ],
    ids=["top-level", "local-import", "relative-three", "through-a-package"],
)
def test_a_circle_is_found_and_shown_as_a_chain(modules):
    found = cycles(graph(_sources(modules)))
    assert len(found) == 1
    shown = chain(found[0])
    assert shown.startswith("p.a (") and shown.endswith(" -> p.a")


@pytest.mark.parametrize(
    "modules",
    [
        {"p.a": "import p.b", "p.b": "import os"},
        {"p.a": "from p import b",
         "p.b": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from p.a import A"},
        {"p.a": "import p.b",
         "p.b": "import typing\nif typing.TYPE_CHECKING:\n    import p.a\nelse:\n    import os"},
    ],
    ids=["one-way", "type-checking-only", "typing-dot-type-checking"],
)
def test_one_way_imports_are_no_circle(modules):
    assert cycles(graph(_sources(modules))) == []


def test_a_submodule_importing_its_own_package_is_no_circle():
    sources = {"p": ("from p.a import x", True), "p.a": ("from p import b\nx = 1", False), "p.b": ("", False)}
    assert cycles(graph(sources)) == []


def test_a_circle_may_pass_through_a_package_s_init():
    # p.r imports p.q.b alone, but that runs p.q's __init__ first, which imports p.q.a.
    sources = {"p": ("", True), "p.q": ("from p.q.a import x", True), "p.q.a": ("x = 1", False),
               "p.q.b": ("", False), "p.r": ("import p.q.b", False)}
    assert cycles(graph(sources)) == []
    sources["p.q.a"] = ("import p.r\nx = 1", False)
    assert chain(cycles(graph(sources))[0]) == "p.q (line 1) -> p.q.a (line 1) -> p.r (line 1) -> p.q"


@pytest.mark.parametrize(
    "source",
    [
        "import django",
        "from django.db import models",
        "def f():\n    from django.conf import settings",
        "from ninja import Schema",
        "from newsbrief.site.models import Article",
        "import newsbrief.scale.stages",
        "from newsbrief import settings",
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from newsbrief.site.models import Article",
        "from ...site import models",
    ],
)
def test_the_layer_check_catches_the_pipeline_reaching_for_django(source):
    assert layer_violations(source, "newsbrief.pipeline.briefs.summarize") != []


@pytest.mark.parametrize(
    "source",
    [
        "import ast",
        "from newsbrief.pipeline import types",
        "from ..duplicates import keys",
        "from newsbrief import config",
        "import newsbrief.sitemaps_of_our_own",
    ],
)
def test_the_layer_check_lets_the_pipeline_import_itself_and_plain_python(source):
    assert layer_violations(source, "newsbrief.pipeline.briefs.summarize") == []
