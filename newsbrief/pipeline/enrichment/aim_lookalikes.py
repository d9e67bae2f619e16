"""Lookalikes of cues: a verb of want or intent that, here, asks a question, sells, claims, reports or forecasts.

Each predicate reads spaCy's parse around one token and answers one question, so
that `aims` can say in one line why a cue states no one's aim ("asked whether …",
"offers all its models", "insists the fine is unjustified", "it will cost millions").
"""

from __future__ import annotations

from newsbrief.pipeline.enrichment import aim_parse as tree
from newsbrief.pipeline.enrichment.aim_words import (
    IMPERSONAL_VERBS,
    INTENT_MODALS,
    MODALS,
    QUESTION_WORDS,
    SPEECH_ACTS,
    TEMPORAL,
)


def asks_a_question(tok) -> bool:
    """Whether "ask" or "demand" puts a question ("asked whether …", "demanded how …") or is said of the one asked
    ("Asked about …")."""
    if tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "nsubj") for c in tok.children):
        return True
    clauses = [c for c in tok.children if c.dep_ in ("ccomp", "advcl", "dobj")]
    return any(t.lower_ in QUESTION_WORDS for c in clauses for t in c.subtree if t.i < c.i or t is c)


def sells(offer) -> bool:
    """Whether "offer" says what is on sale ("offers all its models", "are offering hybrid devices"): a present
    tense, an object, and no one offered to nor anything to be done."""
    return (
        offer.tag_ in ("VBZ", "VBP", "VBG")
        and any(c.dep_ == "dobj" for c in offer.children)
        and not any(c.dep_ in ("dative", "xcomp", "ccomp") or c.lower_ in MODALS for c in offer.children)
        # "offered to pay", not "offers a free version that allows you to manage …"
        and not any(c.dep_ in ("advcl", "xcomp") and tree.has_infinitive(c) for c in offer.children)
    )


def claims(tok) -> bool:
    """Whether "insist" asserts a fact or a state ("insisted the leadership had made advances", "insists the fine is
    unjustified") rather than demanding."""
    clause = next((c for c in tok.children if c.dep_ == "ccomp"), None)
    if clause is None:
        return False
    if tree.lemma(clause) == "be" or any(c.dep_ == "acomp" for c in clause.children):
        return True  # "insists the fine is unjustified": a state asserted, not an act demanded
    # A demand is a subjunctive or under a modal ("insisted the guards leave", "insists they must go"); a
    # tense states a fact: "insisted the comments were meant to …", "insists it is still considering …",
    # "insists its culture remains", "insisted we have a good record".
    auxes = [c for c in clause.children if c.dep_ in ("aux", "auxpass")]
    if any(c.lower_ in MODALS for c in auxes):
        return False
    return (clause.tag_ in ("VBD", "VBZ") or clause.lemma_ == "have" and not auxes
            or any(c.tag_ in ("VBD", "VBZ", "VBP") for c in auxes))


def refuses(clause) -> bool:
    """Whether a clause says a refusal with a modal of intent: "it would not bow", "he will never sign"."""
    return tree.negated(clause) and any(c.dep_ == "aux" and c.lower_ in INTENT_MODALS for c in clause.children)


def reports(say) -> bool:
    """Whether a verb of saying reports in a past or present tense ("said", "says", "has announced")."""
    return say.tag_ in ("VBD", "VBZ", "VBP") or (
        say.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have" for c in say.children)
    )


def impersonal(verb) -> bool:
    """Whether "it" of this verb is nobody: "it would cost …", "it will take us weeks …", "it will take until May"."""
    if verb.lemma_ in IMPERSONAL_VERBS:
        return True
    durations = [c for c in verb.children if c.dep_ in ("dobj", "npadvmod") and c.ent_type_ in TEMPORAL]
    until = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("until", "till")]  # "it will take until May"
    return verb.lemma_ == "take" and bool(durations or until)


def object_gap(verb) -> bool:
    """Whether a cue in a relative clause lacks the object the clause's noun is ("a race I want to do at some point",
    "something the agency wants to do"), as against "Halloran, who wants a toll"."""
    if verb.dep_ != "relcl":
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.tag_ in ("WDT", "WP"):
        return False  # the noun is the subject: "the union, which wants …"
    if any(t.tag_ in ("WRB", "WDT", "WP") and t.dep_ in ("advmod", "pobj") for t in verb.subtree):
        return False  # "the summer when they tried to buy …", "the relative with whom he planned to stay"
    infinitive = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    return not _has_object(verb) and (infinitive is None or not _has_object(infinitive))


def _has_object(verb) -> bool:
    """Whether a verb has its object, clause or complement ("wants a toll", "wants to do it")."""
    return any(c.dep_ in ("dobj", "ccomp", "attr", "oprd") for c in verb.children)


def says(verb, words=SPEECH_ACTS) -> bool:
    """Whether a verb says something rather than does it: one of `words` ("thank"), or "make it clear that …"."""
    if tree.lemma(verb) in words:
        return True
    return tree.lemma(verb) == "make" and any(c.lower_ == "clear" for c in verb.children)
