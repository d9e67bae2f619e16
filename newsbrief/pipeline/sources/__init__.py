"""Sources: feeds, feed discovery, OPML lists and files on disk, read into entries.

The modules listed in __all__ are the phase's public surface: code outside the
phase imports only those.
"""

__all__ = ["discovery", "disk", "feeds", "opml"]
