"""The compiled build of story clustering (setup.py, mypyc): in use where it can be, never stale, alike."""

import pickle
import shutil
from pathlib import Path

import pytest

from newsbrief.pipeline.clustering import cluster, level, params
from newsbrief.pipeline.clustering import terms as cluster_terms
from newsbrief.pipeline.clustering import vectors as cluster_vectors
from newsbrief.pipeline.clustering.cluster import Assignment, ClusterParams, MergeEvent, StoryIndex

COMPILED = (cluster, level, params, cluster_terms, cluster_vectors)


@pytest.mark.skipif(shutil.which("cc") is None, reason="no C compiler: clustering runs as plain Python")
def test_clustering_runs_compiled_where_a_compiler_is_at_hand():
    for module in COMPILED:
        assert Path(module.__file__).suffix == ".so", f"{module.__name__} runs uncompiled: reinstall (make install)"


@pytest.mark.parametrize("module", COMPILED, ids=lambda m: m.__name__)
def test_a_compiled_module_is_newer_than_its_source(module):
    built = Path(module.__file__)
    source = built.parent / (module.__name__.rpartition(".")[2] + ".py")
    assert built == source or built.stat().st_mtime >= source.stat().st_mtime, (
        f"{built.name} was built before {source.name} last changed: rebuild it (make install)"
    )


def test_every_clustering_value_survives_pickling_in_either_build():
    index = StoryIndex()
    index.assign("ferry-1", "Ferry strikes pier", "The ferry Dawn Star struck the Bellmoor pier in fog.")
    values = [ClusterParams(join=0.3), MergeEvent("a", "b"), Assignment("s", False, "c", 0.5, (MergeEvent("a", "b"),))]
    for value in values:
        assert pickle.loads(pickle.dumps(value)) == value
    assert pickle.loads(pickle.dumps(index)).to_dict() == index.to_dict()
