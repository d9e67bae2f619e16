"""A language's stop words: the function words ("der", "und", "هذا") that are never a topic and that open sentences."""

from __future__ import annotations

import importlib
import re
from functools import lru_cache


@lru_cache(maxsize=64)
def stop_words(language: str) -> frozenset[str]:
    """The language's stop words as spaCy's language data lists them, lowercased; empty when it has none."""
    if not re.fullmatch(r"[a-z]{2,3}", language or ""):
        return frozenset()
    try:
        module = importlib.import_module(f"spacy.lang.{language}.stop_words")  # ships inside spacy
    except ImportError:
        return frozenset()
    return frozenset(word.lower() for word in module.STOP_WORDS)
