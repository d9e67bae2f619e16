"""Clustering: the story index that places each article in a story (compiled with mypyc)."""
