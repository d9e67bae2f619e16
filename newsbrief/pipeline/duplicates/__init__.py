"""Duplicates: exact keys (canonical URL, content hash) and near-duplicate MinHash signatures.

The modules listed in __all__ are the phase's public surface: code outside the
phase imports only those.
"""

__all__ = ["keys", "neardup"]
