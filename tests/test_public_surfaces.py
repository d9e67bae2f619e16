"""Each phase of the pipeline has a small public surface: the modules its `__all__` lists.

Code outside a phase (another phase, the site, the backfill engines) imports only
those; the rest of the phase is its own business and may change freely. Tests and
benchmarks may reach inside.
"""

from __future__ import annotations

import importlib

import pytest

from tests.test_import_graph import graph, package_sources

PHASES = ("fetching", "sources", "extraction", "duplicates", "language", "briefs", "enrichment", "clustering")


def surface_violations(edges: dict, phases: dict[str, list[str]]) -> list[str]:
    """Each import, from outside a phase, of one of its modules that its `__all__` does not list."""
    found = []
    for module, module_edges in sorted(edges.items()):
        for edge in module_edges:
            for phase, public in phases.items():
                inside = module == phase or module.startswith(f"{phase}.")
                if inside or not edge.target.startswith(f"{phase}."):
                    continue
                name = edge.target.removeprefix(f"{phase}.").split(".")[0]
                if name not in public:
                    found.append(f"{module} (line {edge.line}) imports {edge.target}, not in {phase}.__all__")
    return found


def _phases() -> dict[str, list[str]]:
    return {f"newsbrief.pipeline.{name}": importlib.import_module(f"newsbrief.pipeline.{name}").__all__
            for name in PHASES}


@pytest.mark.parametrize("phase", PHASES)
def test_each_phase_lists_modules_it_has(phase):
    package = importlib.import_module(f"newsbrief.pipeline.{phase}")
    for name in package.__all__:
        importlib.import_module(f"{package.__name__}.{name}")


def test_code_outside_a_phase_imports_only_its_public_modules():
    assert surface_violations(graph(package_sources()), _phases()) == []


def test_an_import_of_a_phase_s_inner_module_is_caught():
    sources = {
        "p": ("", True),
        "p.phase": ("__all__ = ['front']", True),
        "p.phase.front": ("from p.phase import inner", False),
        "p.phase.inner": ("", False),
        "p.site": ("from p.phase.front import thing\nfrom p.phase.inner import other", False),
    }
    found = surface_violations(graph(sources), {"p.phase": ["front"]})
    assert found == ["p.site (line 2) imports p.phase.inner, not in p.phase.__all__"]


def test_no_two_modules_share_a_name():
    """A name says what a module does, so it is one module's; Django's own conventions excepted."""
    # The project's and the app's urls.py are where every Django developer looks for them;
    # management commands are named by their verbs, migrations by Django.
    names: dict[str, list[str]] = {}
    for module, (_source, is_package) in package_sources().items():
        if is_package or ".management.commands." in module or ".migrations." in module:
            continue
        last = module.rpartition(".")[2]
        if last not in ("urls", "__main__"):
            names.setdefault(last, []).append(module)
    shared = {name: modules for name, modules in names.items() if len(modules) > 1}
    assert shared == {}
