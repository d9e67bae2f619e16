"""Whether a statement's aim reads: a grammatical phrase after "X wants …" / "X rejects …", cut whole from its sentence.

An aim reads when all three hold:

1. **Balanced and closed** (`aim_reading.reads`, the check the site applies too):
   quote marks and brackets balanced, no word or punctuation left hanging at an edge.
2. **No dropped words**: its words are one unbroken run of the evidence sentence's
   words. The reading may reshape the run's first verb ("join" → "joining", "quitting" →
   "quit"), put a pronoun subject in its object form ("he should" → "him to"), add a
   "to" before it, and turn a modal of demand into "to" ("the mayor should publish" →
   "the mayor to publish"); nothing else may change, and quote marks do not count.
3. **A phrase that completes the sentence**: parsed as "They want AIM." (or "They
   reject AIM."), the verb is the root and the aim opens with one of its complements
   (object, infinitive, clause); what follows may hang on the verb only as an
   adverbial ("… instead", "… if it came with a fund", "… in exchange for …").

The third test trusts the same small parser the extractor uses, so it can fail a
good aim the parser misreads; the share is a floor more than an exact figure.
"""

from __future__ import annotations

import re

from newsbrief.pipeline.enrichment import entities
from newsbrief.pipeline.enrichment.aim_reading import OBJECT_FORMS, gerund, reads

_WORD = re.compile(r"[\w'’%$£€.-]*\w")
_MODALS = frozenset("should must will would shall".split())
_COMPLEMENTS = frozenset("dobj xcomp ccomp attr oprd acomp dative".split())
_ADVERBIALS = frozenset("advcl advmod prep npadvmod dobj".split())


def words(text: str) -> list[str]:
    """Lowercased words, quote marks and punctuation between words left out."""
    return [w.lower().replace("’", "'") for w in _WORD.findall(text)]


def unbroken(aim: str, evidence: str) -> bool:
    """Whether the aim's words are one run of the evidence's words, allowing only the reading's reshaping."""
    a, e = words(aim), words(evidence)
    return any(_aligns(a, e, start) for start in range(len(e)))


def _aligns(a: list[str], e: list[str], j: int) -> bool:
    i, changed = 0, 0
    while i < len(a):
        if j < len(e) and a[i] == e[j]:
            i, j = i + 1, j + 1
        elif j < len(e) and (a[i] == gerund(e[j]) or gerund(a[i]) == e[j]) and changed < 2:
            i, j, changed = i + 1, j + 1, changed + 1  # "joining" for "join", or "quit" for "quitting"
        elif j < len(e) and OBJECT_FORMS.get(e[j]) == a[i] and changed < 2:
            i, j, changed = i + 1, j + 1, changed + 1  # "him to set out" for "he should set out"
        elif a[i] == "to" and changed < 2:
            i, changed = i + 1, changed + 1  # "to" added before a verb
            if j < len(e) and e[j] in _MODALS:
                j += 1  # "should" turned into "to"
        elif j < len(e) and e[j] in _MODALS and i > 0 and changed < 2:
            j, changed = j + 1, changed + 1  # "should" left out before an -ing form
        else:
            return False
    return True


def completes(aim: str, polarity: str, model: str = entities.DEFAULT_MODEL) -> bool:
    """Whether "They want AIM." parses with the aim as one complement of the verb."""
    doc = entities.load_model(model)(f"They {'want' if polarity == 'wants' else 'reject'} {aim}.")
    verb = doc[1]
    if verb.dep_ != "ROOT":
        return False
    body = {t.i for t in doc[2:-1]} if doc[-1].is_punct else {t.i for t in doc[2:]}
    heads = [c for c in verb.children if c.i in body]
    if not heads or heads[0].dep_ not in _COMPLEMENTS or min(t.i for t in heads[0].subtree) != 2:
        return False
    # what follows the complement may hang on the verb as the parser likes: "… instead", "… while the bridge is closed"
    return all(c.dep_ in _ADVERBIALS for c in heads[1:]) and {t.i for c in heads for t in c.subtree} >= body


def aim_reads(aim: str, polarity: str, evidence: str) -> bool:
    """All three tests of the module's docstring."""
    return reads(aim) and unbroken(aim, evidence) and completes(aim, polarity)
