"""Builds newsbrief. Story clustering, the hot path of every article, is compiled with mypyc.

The compiled modules are the same Python source: where no C compiler is at hand the
build skips them and they run as plain Python, only slower (bench/cluster).
"""

from mypyc.build import mypycify
from setuptools import setup

CLUSTERING = [
    "newsbrief/pipeline/clustering/cluster.py",
    "newsbrief/pipeline/clustering/level.py",
    "newsbrief/pipeline/clustering/params.py",
    "newsbrief/pipeline/clustering/terms.py",
    "newsbrief/pipeline/clustering/vectors.py",
]

extensions = mypycify(CLUSTERING, group_name="newsbrief_clustering")
for extension in extensions:
    extension.optional = True  # a failed compile leaves the pure-Python module in place
setup(ext_modules=extensions)
