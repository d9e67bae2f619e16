"""Enrichment: entities, topic tags and who-wants-what statements from one spaCy parse."""
