"""Fetching: the guarded HTTP client, its address guard and decoding, robots.txt, politeness, poll rounds.

The modules listed in __all__ are the phase's public surface: code outside the
phase imports only those; addresses, decoding and robots work inside fetch() and poll rounds.
"""

__all__ = ["fetch", "politeness", "rounds"]
