"""Whether an article's sentence can stand alone in a story brief, by the article briefs' own rules.

A story brief prints one outlet's sentence among other outlets' sentences, so each
must read without the sentences around it in its article. The rules are the article
briefs' (standalone.py, residue.py), called here, not restated: no page residue, no
bare quotation, no opening word pointing back ("He said …", "This means …"), a whole
sentence; a connective that only ties a sentence to the one before ("However, …") is
cut off rather than the sentence left out, and a quotation whose speaker is only a
word pointing back ("'I will talk about staffing,' he said.") names nobody once out of
its article.
"""

from __future__ import annotations

from dataclasses import replace

from newsbrief.pipeline.briefs import residue, standalone
from newsbrief.pipeline.briefs.sentences import Sentence
from newsbrief.pipeline.briefs.summarize import word_count
from newsbrief.pipeline.types import BriefSentence

FIT_WORDS = (6, 60)  # a sentence shorter or longer than this does not stand in a lead or as a key point


def stands_alone(text: str) -> bool:
    """Whether a sentence can stand alone in a story brief: a whole sentence (no lowercase start: a piece of an
    address or a cut line), no question, a fitting length, no page residue, no bare quotation, and nothing (its
    opening word, or its quotation's speaker) pointing back to a sentence left out."""
    if text[:1].islower() or standalone.is_question(text) or text.endswith("…"):
        return False
    return (FIT_WORDS[0] <= word_count(text) <= FIT_WORDS[1] and standalone.is_complete(text)
            and not standalone.needs_antecedent(text) and not standalone.is_bare_quote(text)
            and not standalone.speaker_points_back(text) and not residue.is_residue(text))  # fmt: skip


def mended(s: BriefSentence) -> BriefSentence:
    """An article brief's sentence without a connective that ties it to the one before ("However, …"), its span
    narrowed to what is left; other sentences as they are."""
    if s.span is None:
        return s
    whole = Sentence(s.text, s.span.paragraph, 0, len(s.text))
    alone = standalone.without_connective(whole, s.text)
    if alone is whole:
        return s
    # The text may be the paragraph's words with spaces collapsed, so the cut measured on it is at most the cut in
    # the paragraph: the narrowed span still holds the sentence.
    return replace(s, text=alone.text, span=replace(s.span, start=s.span.start + alone.start))
