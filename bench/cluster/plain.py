"""The scaling run with story clustering as plain Python, passing over its compiled build: the baseline.

    .venv/bin/python -m bench.cluster.plain STORIES TIMED

Prints one JSON object: the timed articles' predicted and true stories, and the
assignments per CPU second.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

MODULES = tuple(f"newsbrief.pipeline.clustering.{name}" for name in ("cluster", "level", "params", "terms", "vectors"))


class SourceFinder:
    """Finds the clustering modules' Python sources ahead of their compiled builds."""

    @staticmethod
    def find_spec(name: str, path=None, target=None):
        """The spec of a clustering module's .py file; None for every other module."""
        if name not in MODULES:
            return None
        folder = Path(importlib.util.find_spec("newsbrief.pipeline.clustering").origin).parent
        return importlib.util.spec_from_file_location(name, folder / (name.rpartition(".")[2] + ".py"))


def main() -> None:
    """Run the scaling part on the plain modules and print its results as JSON."""
    sys.meta_path.insert(0, SourceFinder)
    from bench.cluster.__main__ import scaling  # after the finder, so that the sources load

    for name in MODULES:
        assert sys.modules[name].__file__.endswith(".py"), f"{name} did not load from source"
    predicted, truth, speed, _, memory = scaling(int(sys.argv[1]), int(sys.argv[2]))
    print(json.dumps({"predicted": predicted, "truth": truth, "speed": speed, "memory": memory}))


if __name__ == "__main__":
    main()
