"""The closing of a brief: one sentence that sums the article up, after "In summary,".

The closing is the article's most central sentence that can stand alone and that the
page does not print already: a sentence many others share their terms with, which is
where an article states its central claim. It is never a headline (no final mark, or
the title again), a teaser, a caption, a code line or other page residue, a question
(an interview's questions are the interviewer's, not the article's claims), a bare
quotation, a sentence pointing back to one left out, one the article prints twice
(pull quotes, teasers repeated on the page) or one saying again what the lead or a
key point says. Where no sentence qualifies the brief has no closing: none beats a
bad one. The words come from one source sentence, so the closing stays traceable.
"""

from __future__ import annotations

from dataclasses import replace

from newsbrief.pipeline.briefs.sentences import Sentence
from newsbrief.pipeline.briefs.standalone import is_complete, is_question
from newsbrief.pipeline.language.labels import CLOSING_PREFIXES, NEUTRAL_PREFIX, without_closing_prefix
from newsbrief.pipeline.types import BriefSentence, Span

CLOSING_MIN_WORDS = 8  # shorter sentences are rarely a claim worth closing on
# The first two letters of every summing-up opening, a cheap test before the full one.
_OPENINGS = frozenset(p[:2].casefold() for p in (*CLOSING_PREFIXES.values(), NEUTRAL_PREFIX))


def qualifies(s: Sentence, words: int, room: int) -> bool:
    """Whether a sentence has the form of a closing: a statement of fitting length with its final mark."""
    text = s.text.rstrip()
    return CLOSING_MIN_WORDS <= words <= room and is_complete(text) and not is_question(text)


def without_prefix(s: Sentence, paragraph: str) -> Sentence:
    """The sentence without the summing-up words it opens with ("In summary, …"), its span narrowed."""
    if s.text[:2].casefold() not in _OPENINGS:
        return s  # most sentences: no summing-up words can open them
    rest = without_closing_prefix(s.text)
    removed = s.text[: len(s.text) - len(rest)].rstrip()
    if not removed or not rest or not paragraph.startswith(removed, s.start):
        return s
    start = s.start + len(removed)
    while paragraph[start].isspace():
        start += 1
    return replace(s, text=rest, start=start)


def closing_sentence(s: Sentence, prefix: str, keep_capital: bool) -> BriefSentence:
    """The closing: the prefix, then the sentence, its first letter lowered after a comma unless a name."""
    body = s.text
    # After a comma the sentence goes on in lower case; after "Zusammengefasst:" it starts anew.
    if prefix.rstrip().endswith(",") and not keep_capital:
        body = body[0].lower() + body[1:]
    return BriefSentence(prefix + body, Span(s.paragraph, s.start, s.end), "extractive")
