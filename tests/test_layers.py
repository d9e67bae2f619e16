"""The layers of DESIGN.md hold: the pipeline knows nothing of Django or the database."""

import ast
from pathlib import Path

import pytest

PIPELINE = Path(__file__).resolve().parent.parent / "newsbrief" / "pipeline"


def _imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("path", sorted(PIPELINE.rglob("*.py")), ids=lambda p: p.name)
def test_pipeline_modules_do_not_import_django_or_the_site(path):
    forbidden = {name for name in _imports(path) if name.split(".")[0] == "django" or name.startswith("newsbrief.site")}
    assert not forbidden, f"{path.name} imports {sorted(forbidden)}"
