"""Whether a sentence can stand alone: as a lead sentence, a key point or the closing.

A sentence taken out of its article loses what came before it. Two kinds do not
survive that: one that opens on a word pointing back ("He said …", "This means …")
when the sentence it points to is left out, and a quotation whose speaker is named
elsewhere ("'It's enough,' …" with no "said"). A third is mended rather than left
out: a connective that only ties a sentence to the one before ("However, …", "But …")
is cut off, and the rest of the sentence stands alone.
The word lists cover English, German, French and Spanish, the languages of the
real pages measured.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsbrief.pipeline.briefs.sentences import SPEECH_VERBS, Sentence

# Words that, opening a sentence, point back to one before it.
NEEDS_ANTECEDENT = frozenset(
    "however but and so also yet still meanwhile instead nevertheless moreover furthermore besides then "
    "he she it they him them his her its their this these that those such "
    "er sie ihm ihn ihr ihre sein seine seiner dies diese dieser dieses aber doch jedoch deshalb daher "
    "dabei damit dazu dennoch trotzdem außerdem zudem auch "
    "il elle ils elles mais cependant pourtant "
    "él ella ellos ellas pero esto además".split()
)
# After "This" or "Diese" these nouns make a time ("This week …"), which points nowhere.
TIME_NOUNS = frozenset(
    "week year month morning afternoon evening night weekend summer winter spring autumn fall season "
    "time woche jahr monat morgen abend sommer winter saison".split()
)
_DEMONSTRATIVES = frozenset("this these that those diese dieser dieses".split())
# Words that name who speaks, beyond the English speech verbs the splitter knows.
ATTRIBUTION = SPEECH_VERBS | frozenset(
    "according warned argued stressed noted claimed admitted declared announced "
    "sagte sagt sagten erklärte erklärt betonte betont meinte meint berichtete schrieb teilte laut "
    "dit déclaré affirme affirmé explique expliqué selon "
    "dijo afirmó explicó según declaró señaló".split()
)
OPENING_QUOTES = "\"“„«‘‚'`"
CLOSING_QUOTES = "\"”»’'“"
_WORD = re.compile(r"\w+")
_GERMAN_PRONOUN_SUBJECT = re.compile(r"\w+(?:\s\w+)?\s(?:er|sie)\b(?=[\s,])")
# The end of a quotation that opens a sentence, where its attribution begins: '…," he said', '… , ” she added'.
_QUOTE_END = re.compile(r"[,.!?…]\s*[\"”’'»]\s+(?=\w)")
_FINAL = re.compile(r"[.!?…。！？][\"'”’»)\]]*$")
_QUESTION = re.compile(r"[?？][\"'”’»)\]]*$")


def is_complete(text: str) -> bool:
    """Whether a sentence ends as a sentence does; a heading, teaser, caption or cut fragment does not."""
    return bool(_FINAL.search(text.rstrip()))


def is_question(text: str) -> bool:
    """Whether a sentence asks rather than states: it ends on a question mark, maybe inside a quotation."""
    return bool(_QUESTION.search(text.rstrip()))


def needs_antecedent(text: str) -> bool:
    """Whether a sentence opens on a word pointing back to a sentence before it."""
    if text.lstrip()[:1] in OPENING_QUOTES:
        return False  # a quotation opens on the speaker's words; is_bare_quote judges it
    tokens = _WORD.findall(text[:60].lower())
    first, second = (tokens + ["", ""])[:2]
    if first in _DEMONSTRATIVES and second in TIME_NOUNS:
        return False
    if (first, second) == ("auch", "wenn"):
        return False  # "even if": a conjunction
    if (first, second) == ("sin", "embargo"):
        return True  # "however"
    third = (tokens + ["", "", ""])[2]
    if first == "in" and second in _DEMONSTRATIVES | {"such"} and third not in TIME_NOUNS:
        return True  # "In this way …", "In that case …"
    # German puts the verb second, so a pronoun subject often comes second or third ("Ist sie
    # zu knapp …", "Dann sagte er …"); a capital "Sie" is the polite "you", which points nowhere.
    if _GERMAN_PRONOUN_SUBJECT.match(text.lstrip()):
        return True
    return first in NEEDS_ANTECEDENT


def is_bare_quote(text: str) -> bool:
    """Whether a sentence is a quotation, or the end of one, that never says who speaks."""
    t = text.strip()
    opens = t[:1] in OPENING_QUOTES
    tail = t.rstrip(" …")
    # The end of a quotation whose start is in another sentence: "… kick them outside.'"
    ends = tail[-1:] in CLOSING_QUOTES and tail[-2:-1] in ".!?,…"
    unmatched = ends and not any(q in t[:-1] for q in "“„«‘") and t[:-1].count('"') % 2 == 0 and " '" not in t
    if not (opens or unmatched):
        return False
    if opens and _never_closes(t):
        return True  # the speaker, if any, is named after the sentence ends
    return not set(_WORD.findall(t.lower())) & ATTRIBUTION


def _never_closes(text: str) -> bool:
    """Whether the quotation a sentence opens on is still open at its end ("When the director says …")."""
    if text[0] == '"':
        return text.count('"') % 2 == 1
    if text[0] in "'‘‚`":
        # An apostrophe inside a word ("don't") is no closing quote; one before a space or mark is.
        return not re.search(r"['’](?!\w)", text[1:])
    return not any(q in text[1:] for q in CLOSING_QUOTES)


def speaker_points_back(text: str) -> bool:
    """Whether a sentence opening on a quotation names its speaker only by a word pointing back: '"…," he said.'"""
    if text.lstrip()[:1] not in OPENING_QUOTES:
        return False
    end = _QUOTE_END.search(text)
    return end is not None and needs_antecedent(text[end.end() :])


# Connectives that only join a sentence to the one before it: cut off, the rest stands alone
# ("However, the plan was dropped." → "The plan was dropped."). The adverbs need their comma
# ("Still, …" but not "Still waters …"); the coordinating conjunctions do not. German
# adverbs ("Jedoch kam …") take the verb's place and cannot be cut.
_CONNECTIVE = re.compile(
    r"""(?:(?:however|meanwhile|nevertheless|nonetheless|moreover|furthermore|besides|instead|additionally
          |in\ addition|also|still|so|afterwards?|at\ the\ same\ time|in\ the\ meantime|on\ the\ other\ hand|by\ contrast
          |in\ contrast|sin\ embargo|además|cependant|pourtant)\s*,
        | (?:but|and|yet|aber|doch|und|mais|pero)\b,?
      )\s+(?=\w)""",
    re.X | re.I,
)


def without_connective(s: Sentence, paragraph: str) -> Sentence:
    """The sentence without a connective that ties it to the one before ("However, …"), its span narrowed."""
    m = _CONNECTIVE.match(paragraph, s.start, s.end)
    if not m:
        return s
    rest = " ".join(paragraph[m.end() : s.end].split())
    if not rest[:1].isalpha():
        return s
    # The sentence now opens here, so its first word takes a capital, as after a full stop.
    return replace(s, text=rest[0].upper() + rest[1:], start=m.end())
