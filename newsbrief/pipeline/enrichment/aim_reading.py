"""Aims that read: the phrase that completes "X wants …" or "X rejects …", and the check that an aim does.

An aim is cut from the text as it is written (`aim_parse.aim_span`); a verb phrase
is then given the form the reading needs: "to stay to watch over his boat" after
"wants", "joining NATO" after "rejects" (the text's "will not join NATO").
`reads` is the check on text alone that the site applies to what it shows: balanced
quote marks and brackets, and no dangling word or punctuation at either edge.
"""

from __future__ import annotations

import re

from newsbrief.pipeline.enrichment import aim_parse as tree
from newsbrief.pipeline.enrichment.aim_words import DEMAND_MODALS
from newsbrief.pipeline.types import Polarity

# Words that leave a phrase open when it ends on them ("… to", "… of the") or begins with them.
# ("should": "the UK should" has lost its verb; "all they can" has not)
_OPEN_ENDS = frozenset("to of and or but nor the a an for with by that than from in on at as into its their his her should must".split())
_OPEN_STARTS = frozenset("and or but nor than of by".split())
_WH_WORDS = frozenset("what which who whom whatever".split())
_PAIRS = (("“", "”"), ("(", ")"), ("[", "]"))
# Two-syllable verbs stressed on the last, which double their consonant: "committing", "preferring".
_DOUBLED = frozenset(
    "quit commit admit submit permit omit emit refer prefer transfer confer defer deter control patrol compel expel "
    "propel occur recur regret forget begin equip rebut upset outbid".split()
)
_VOWELS = "aeiou"
# A pronoun subject as the object of "wants": "he should set out …" reads "wants him to set out …".
OBJECT_FORMS = {"he": "him", "she": "her", "they": "them", "we": "us", "i": "me"}


def gerund(verb: str) -> str:
    """The -ing form of an English verb's base form ("join" → "joining", "stop" → "stopping", "raise" → "raising")."""
    word = verb.lower()
    if word in ("be", "see", "flee", "agree", "free") or word.endswith(("ee", "ye", "oe")):
        stem = word
    elif word.endswith("ie"):
        stem = word[:-2] + "y"
    elif word.endswith("e") and len(word) > 2:
        stem = word[:-1]
    elif word in _DOUBLED or (
        len(re.findall(f"[{_VOWELS}]+", word)) == 1 and re.search(f"[^{_VOWELS}][{_VOWELS}][^{_VOWELS}wxy]$", word)
    ):  # one syllable ending consonant-vowel-consonant: "stop", "plan", "cut"
        stem = word + word[-1]
    else:
        stem = word
    form = stem + "ing"
    return form.capitalize() if verb[:1].isupper() else form


HOPING_VERBS = frozenset("hope wish trust".split())
HOPED_MODALS = frozenset("will would 'll".split())


def phrase(span, polarity: Polarity) -> str:
    """The text of an aim's tokens (`aim_parse.aim_span`) as it completes "X wants …" or "X rejects …".

    A verb phrase takes "to" after "wants" and the -ing form after "rejects"; a clause of
    demand loses its modal the same way ("the mayor should publish …" → "the mayor to
    publish …" / "the mayor publishing …").
    """
    if not span:
        return ""
    first = span[0]
    opens = first.is_sent_start or first.i > 0 and first.doc[first.i - 1].is_sent_start and first.doc[first.i - 1].is_punct
    if opens and first.is_title and first.tag_ in ("DT", "PDT", "PRP$", "PRP", "WDT") and first.lower_ != "i":
        span_text = {first.i: first.lower_}  # "The mayor should …" opened the sentence, not the aim (names keep capitals)
    else:
        span_text = {}
    return _phrase(span, polarity, span_text)


def _phrase(span, polarity: Polarity, swaps: dict[int, str]) -> str:
    inside = {t.i for t in span}
    head = next(t for t in span if t.head.i == t.i or t.head.i not in inside)
    wants = polarity is Polarity.WANTS
    lead = span[0]  # the verb, the "be" of a passive or a progressive ("to be defined by …", "to be distributing
    # them"), or an adverb before the verb ("to eventually have …")
    verb = span[1] if lead.tag_ == "RB" and lead.dep_ == "advmod" and len(span) > 1 else lead
    if verb.tag_ == "VB" and (verb.i == head.i or (verb.dep_ in ("auxpass", "aux") and verb.head.i == head.i)) and (
        lead is verb or lead.head.i == head.i
    ):
        if wants:
            return "to " + tree.aim_text(span, swaps)
        progressive = verb.dep_ == "aux" and head.tag_ == "VBG"  # "will not be vaccinating" rejects "vaccinating"
        return tree.aim_text(span, {**swaps, verb.i: "" if progressive else gerund(verb.text)})
    if lead.i == head.i and lead.tag_ == "VBG" and lead.dep_ == "ccomp" and wants:
        return "to " + tree.aim_text(span, {**swaps, lead.i: lead.lemma_})  # "said he would be meeting …": to meet …
    auxes = [c for c in head.children if c.dep_ in ("aux", "auxpass") and c.i in inside]
    # what one hopes will happen reads as what one wants to happen: "hopes this will lead to …" → "this to lead to …"
    hoped = head.dep_ == "ccomp" and tree.lemma(head.head) in HOPING_VERBS
    modal = next((c for c in auxes if c.lower_ in DEMAND_MODALS or hoped and c.lower_ in HOPED_MODALS), None)
    subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.i in inside for c in head.children)
    subjects = {c.i: OBJECT_FORMS[c.lower_] for c in head.children if c.dep_ == "nsubj" and c.lower_ in OBJECT_FORMS}
    if modal is None and hoped and wants and subject and not auxes and head.tag_ in ("VBZ", "VBP"):
        return tree.aim_text(span, {**swaps, **subjects, head.i: "to " + head.lemma_})  # "hope he comes clean"
    if modal is None or not subject:
        return tree.aim_text(span, swaps)
    # "he should set out …" → "him to set out …" / "him setting out …"
    if wants:
        return tree.aim_text(span, {**swaps, **subjects, modal.i: "to"})
    verb = next((c for c in [*auxes, head] if c.i > modal.i and c.tag_ == "VB"), None)
    return tree.aim_text(span, {**swaps, **subjects, modal.i: "", **({verb.i: gerund(verb.text)} if verb is not None else {})})


def reads(aim: str) -> bool:
    """Whether an aim's text is a phrase that can stand after "X wants": balanced, nothing left hanging."""
    words = re.findall(r"[\w'’-]+", aim)
    if not words:
        return False
    if aim.count('"') % 2 or any(aim.count(a) != aim.count(b) for a, b in _PAIRS):
        return False
    if re.match(r"^[^\w“\"'(£$€]", aim) or re.search(r"[,;:(\[“-]$", aim):
        return False
    if len(words) == 1 and words[0].lower() in _WH_WORDS:
        return False  # "doing what we wanted": the aim is what "what" stands for, which is not here
    return words[-1].lower() not in _OPEN_ENDS and words[0].lower() not in _OPEN_STARTS
