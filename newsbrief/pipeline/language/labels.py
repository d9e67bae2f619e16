"""The few words a brief prints itself, in the article's language."""

from __future__ import annotations

# The closing's opening words; a language without an entry gets the English one.
CLOSING_PREFIXES = {
    "en": "In summary, ",
}


def closing_prefix(language: str) -> str:
    """The words that open a brief's closing in this language ("In summary, " in English)."""
    base = (language or "en").split("-")[0].lower()
    return CLOSING_PREFIXES.get(base, CLOSING_PREFIXES["en"])
