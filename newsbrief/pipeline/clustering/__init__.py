"""Clustering: the story index that places each article in a story (compiled with mypyc).

The modules listed in __all__ are the phase's public surface: code outside the
phase imports only those; terms and vectors are the index's own.
"""

__all__ = ["cluster", "cluster_jsonl"]
