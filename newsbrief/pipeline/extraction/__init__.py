"""Extraction: an entry's page (or feed text) turned into an article; the one place a block page is decided."""
