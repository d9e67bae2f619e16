"""Extraction benchmark: newsbrief's extract() against trafilatura.extract on the AEB pages."""
