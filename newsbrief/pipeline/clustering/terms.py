"""The terms story clustering compares, counted per field: words, names, numbers and entities."""

from __future__ import annotations

import itertools
import operator
import re
import string
from collections import Counter

# Function words, attribution verbs and calendar words that every story shares;
# they would only blur the difference between two stories of one topic.
STOPWORDS = frozenset(
    "a about above after again against all also am an and any are as at be because been before being "
    "below between both but by can could did do does doing down during each few for from further had "
    "has have having he her here hers herself him himself his how i if in into is it its itself just "
    "me more most my myself no nor not now of off on once only or other our ours out over own same "
    "she should so some such than that the their theirs them themselves then there these they this "
    "those through to too under until up very was we were what when where which while who whom why "
    "will with would you your yours yourself us "
    "said says say told tell according reported reports report http https www com html htm "
    "mr mrs ms dr new year years day days time week weeks monday tuesday wednesday thursday "
    "friday saturday sunday people may like get got many much well even still back last make made "
    "take took going went go".split()
)
_ASCII_PUNCTUATION = string.punctuation.encode("ascii")
_PUNCTUATION_TO_SPACE = bytes.maketrans(_ASCII_PUNCTUATION, b" " * len(_ASCII_PUNCTUATION))
_WIDE_PUNCTUATION = ("\u2019", "\u2018", "\u201c", "\u201d", "\u2014", "\u2013", "\u2026", "\u00ab", "\u00bb")
# Dropped words: stopwords and single letters (the "s" of "Trump's", the "U" and "S" of "U.S.").
_DROP = STOPWORDS | frozenset(string.ascii_lowercase)
TITLE_WEIGHT = 2  # a title word counts as often as two mentions in the text: the title names the event

# Each field is normalised on its own and then weighted, so that a long text's
# many words cannot drown the few names and numbers that tell two stories of
# one topic apart ("23 pirates" and "26 pirates"; "Jackson" and "Williams").
# On bench/cluster, names and numbers each at the weight of all the words
# separate same-story from same-topic pairs best (ROC AUC 0.89 for words alone,
# 0.93 with both); the entities a caller passes weigh ClusterParams.entity_weight.
WORDS, NAMES, NUMBERS, ENTITIES = "", "^", "#", "@"  # term prefixes: fields never share a term
_DROP_NAMES = frozenset(NAMES + w for w in _DROP)  # "The", "In", "He" open sentences; they name nothing
_FIRST = operator.itemgetter(0)
_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)


def normalise_entity(name: str) -> str:
    """An entity name as one term: casefolded, without possessive or a leading "the"."""
    name = " ".join(_POSSESSIVE.sub("", name).casefold().split())
    return ENTITIES + (name[4:] if name.startswith("the ") else name)


def tokens(text: str) -> list[str]:
    """The text split into runs of letters and digits ("Trump's" gives "Trump" and "s")."""
    # Punctuation becomes space through a byte table and str.split does the rest, all in C:
    # a quarter of the cost of a Unicode regular expression, on the hot path of every assignment.
    if not text.isascii():
        for mark in _WIDE_PUNCTUATION:
            if mark in text:
                text = text.replace(mark, " ")
    return text.encode("utf-8", "replace").translate(_PUNCTUATION_TO_SPACE).decode("utf-8", "replace").split()


def count_fields(title: str, text: str, entities: tuple[str, ...] = ()) -> dict[str, Counter]:
    """The article's term counts, per field (WORDS, NAMES, NUMBERS, ENTITIES); empty fields left out."""
    found = tokens(text)
    words = Counter(map(str.lower, found))
    if title:  # titles are often in title case, so their capitals say nothing: words and numbers only
        for word in map(str.lower, tokens(title)):
            words[word] += TITLE_WEIGHT
    for dropped in _DROP.intersection(words):
        del words[dropped]
    numbers = Counter({NUMBERS + n: words.pop(n) for n in list(filter(str.isdigit, words))})
    # The capitalised tokens are picked and counted in C, then folded to lower case per distinct name:
    # a third of the cost of a comprehension over every token.
    names: Counter = Counter()
    for name, count in Counter(itertools.compress(found, map(str.isupper, map(_FIRST, found)))).items():
        names[NAMES + name.lower()] += count
    for dropped in _DROP_NAMES.intersection(names):
        del names[dropped]
    fields = {WORDS: words, NAMES: names, NUMBERS: numbers}
    if entities:
        fields[ENTITIES] = Counter(normalise_entity(e) for e in entities if e.strip())
    return {field: counts for field, counts in fields.items() if counts}
