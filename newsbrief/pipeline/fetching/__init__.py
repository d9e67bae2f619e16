"""Fetching: the guarded HTTP client, its address guard and decoding, robots.txt, politeness, poll rounds, charsets.

The modules listed in __all__ are the phase's public surface: code outside the
phase imports only those; addresses, decoding and robots work inside fetch() and poll rounds;
charsets turns fetched bytes into text for the phases that read pages and feeds.
"""

__all__ = ["charsets", "fetch", "politeness", "rounds"]
