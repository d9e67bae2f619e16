"""The headline left out of the top of the article's text, however the feed or the page dresses it.

A feed's title often carries the site's name ("Kestrel Bridge to reopen - WSJ",
"Kestrel Bridge to reopen | The Calder Post") where the page's text begins with
the bare headline; the page's own title may be the bare one or the dressed one.
"""

from __future__ import annotations

import re

# " - Site", " | Site", " – Site", " — Site", " · Site", " :: Site", " » Site": a separator with spaces
# around it, then a site's name (short, and with no separator of its own).
_SEPARATOR = r"\s+(?:[-|–—·»]|::)\s+"
_SITE_SUFFIX = re.compile(_SEPARATOR + r"(?:(?!" + _SEPARATOR + r").){1,60}$")
_SITE_PREFIX = re.compile(r"^(?:(?!" + _SEPARATOR + r").){1,60}" + _SEPARATOR)
_EDGE_PUNCTUATION = " \t\n.:;!?\"'“”‘’«»"


def _comparable(text: str) -> str:
    return " ".join(text.split()).strip(_EDGE_PUNCTUATION).casefold()


def headline_forms(titles: list[str]) -> set[str]:
    """Each title as the text may print it: whole, without a site's name after it, or without one before it."""
    forms = set()
    for title in titles:
        title = " ".join(title.split())
        forms.update(_comparable(form) for form in (title, _SITE_SUFFIX.sub("", title), _SITE_PREFIX.sub("", title)))
    forms.discard("")
    return forms


def without_headline(text: str, titles: list[str]) -> str:
    """The text without a first paragraph that only repeats the headline (in any of the titles' forms)."""
    first, _, rest = text.partition("\n\n")
    return rest if rest and _comparable(first) in headline_forms(titles) else text
