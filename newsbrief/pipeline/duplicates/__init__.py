"""Duplicates: exact keys (canonical URL, content hash) and near-duplicate MinHash signatures."""
