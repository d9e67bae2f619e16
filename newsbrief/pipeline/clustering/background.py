"""How common each English word is in articles at large, before the archive has shown it: the IDF's prior.

An archive's own document frequencies say little while it is small: with a few
hundred articles, "per", "cent", "city" or "Paris" look as rare as a suspect's
name, and two unrelated stories that share them look alike. The IDF therefore
counts `ClusterParams.idf_prior` imagined articles that hold each word at the
rate general English text does (wordfreq's English list, shipped in its package),
beside the articles really seen; a word that general English does not know (a
rare name, a made-up place) gets none, as before. As the archive grows, its own
counts outweigh the prior.
"""

from __future__ import annotations

import math
from functools import lru_cache

import wordfreq  # type: ignore[import-not-found,import-untyped,unused-ignore]  # a build checks types without it installed

# An article's length in words, to turn a word's share of running text into the share of
# articles that hold it at least once (1 - e^(-words * share)): a typical news report.
ARTICLE_WORDS = 400
# Words rarer than this share of articles are left out: a thousand imagined articles would
# hold them less than once, and the smaller table is faster to look words up in.
RATE_FLOOR = 0.0005


@lru_cache(maxsize=1)
def english_rates() -> dict[str, float]:
    """The share of articles that hold each common English word (lower case, letters and digits only)."""
    rates = {}
    for word, share in wordfreq.get_frequency_dict("en", wordlist="large").items():
        rate = -math.expm1(-ARTICLE_WORDS * share)
        if rate >= RATE_FLOOR and word.isalnum() and not word.isdigit():  # wordfreq folds digits to 0s
            rates[word] = rate
    return rates


@lru_cache(maxsize=4)
def imagined_counts(articles: int) -> dict[str, float]:
    """How many of this many imagined articles hold each common English word."""
    return {word: articles * rate for word, rate in english_rates().items()}
