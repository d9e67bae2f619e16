"""Enrichment: entities, topic tags and who-wants-what statements from one spaCy parse.

The modules listed in __all__ are the phase's public surface: code outside the
phase imports only those (the site checks stored aims with aim_reading); aims, topics and their word lists run inside enrich().
"""

__all__ = ["aim_reading", "enrich", "entities"]
