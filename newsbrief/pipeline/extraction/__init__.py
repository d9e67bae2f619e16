"""Extraction: an entry's page (or feed text) turned into an article; the one place a block page is decided.

The modules listed in __all__ are the phase's public surface: code outside the
phase imports only those; blocked (the block-page detector) is called by extract() alone.
"""

__all__ = ["extract"]
