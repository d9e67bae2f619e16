"""Briefs: sentences, the extractive summarizer, the optional model rewrite, the reference text layout."""
