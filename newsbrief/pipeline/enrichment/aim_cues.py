"""Cues that real news uses beside the verbs of want: nouns, "is to", verbs of decision, and reported "should".

Each reader takes the sentence reader of `aims` (for its subject and actor
resolution) and a token, and returns what `aims._Sentence._read` returns:
(cue words, aim tokens, subject token, polarity, speaker fallback allowed, agent),
or None when the token is no such cue.

- "Beijing's demands to roll back tariffs", "an EU demand for Turkey to recognise
  Cyprus": the owner of a noun of want is the actor.
- "Blair has been a leading advocate of Turkish membership", "… an opponent of …".
- "Fiat is to close the plant", "Alibaba is set to raise $12.9bn", "Ukraine has agreed
  to pay more", "Opel threatened to cut jobs", "is looking to develop": decided intentions.
- "Blair should set out an exit strategy, Kennedy said": the speaker wants what the
  reported "should" or "must" clause asks for.
"""

from __future__ import annotations

from newsbrief.pipeline.enrichment import aim_parse as tree
from newsbrief.pipeline.enrichment.aim_words import (
    ADVOCATE_NOUNS,
    DECISION_VERBS,
    DEMAND_MODALS,
    OPPONENT_NOUNS,
    OWNED_WANT_NOUNS,
    REPORTING_VERBS,
)
from newsbrief.pipeline.types import Polarity


_OPEN_CONDITIONS = frozenset("if whether unless".split())


def read(reader, tok, lemma: str):
    """The cue at `tok`, if it is one of this module's kinds."""
    if any(c.dep_ == "mark" and c.lower_ in _OPEN_CONDITIONS for c in tok.children):
        return None  # "if Trump agrees to …", "whether he will agree to …": no one has decided
    if tok.pos_ == "NOUN" and lemma in OWNED_WANT_NOUNS:
        return _owned_noun(reader, tok)
    if tok.pos_ == "NOUN" and lemma in ADVOCATE_NOUNS | OPPONENT_NOUNS:
        return _advocate(reader, tok, lemma)
    if tok.pos_ in ("VERB", "AUX") and lemma in DECISION_VERBS:
        return _decision(reader, tok)
    if tok.pos_ == "AUX" and lemma == "be":
        return _is_to(reader, tok)
    if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ in DEMAND_MODALS for c in tok.children):
        return _reported_demand(reader, tok)
    return None


def _infinitive(tok):
    """The "to …" clause a word governs ("demands to roll back …", "agreed to pay …"), or None."""
    return next(
        (c for c in tok.children
         if c.dep_ in ("xcomp", "acl", "ccomp") and c.i > tok.i and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)),
        None,
    )


def _owned_noun(reader, tok):
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is None:  # "an EU demand for …": a name in front of the noun owns it
        owner = next((c for c in tok.children if c.dep_ == "compound" and reader.table.at(reader.paragraph, c.i)), None)
    if owner is None:
        return None
    clause = _infinitive(tok)
    if clause is not None:
        aim = list(clause.subtree)
    else:
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "for" and c.i > tok.i), None)
        aim = tree.after(prep) if prep is not None else []
    if not aim:
        return None
    actor = reader._resolve(owner)
    return (tok.text, aim, None, Polarity.WANTS, False, actor) if actor is not None else None


def _advocate(reader, tok, lemma: str):
    if tok.dep_ != "attr" or tree.lemma(tok.head) != "be":
        return None
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    aim = tree.after(of) if of is not None else []
    if not aim:
        return None
    polarity = Polarity.REJECTS if lemma in OPPONENT_NOUNS else Polarity.WANTS
    return f"{tok.text} of", aim, reader._subject(tok.head), polarity, False, None


def _decision(reader, tok):
    clause = _infinitive(tok)
    if clause is None:
        return None
    negated = tree.negated(tok)
    polarity = Polarity.REJECTS if negated else Polarity.WANTS
    cue = tree.cue_words(tok)
    return (cue if cue.endswith(" to") else cue + " to"), list(clause.subtree), reader._subject(tok), polarity, True, None


def _is_to(reader, tok):
    clause = _infinitive(tok)
    if clause is None or clause.tag_ != "VB" or clause.dep_ != "xcomp":
        return None
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    polarity = Polarity.REJECTS if tree.negated(tok) else Polarity.WANTS
    return f"{tok.text} to", list(clause.subtree), subject, polarity, False, None


def _reported_demand(reader, tok):
    """ "X should Y", reported by someone named: the speaker wants X to Y; not the subject."""
    say = tok.head if tok.dep_ in ("ccomp", "parataxis") else None
    if say is None or tree.lemma(say) not in REPORTING_VERBS:
        return None
    speaker = next((c for c in say.children if c.dep_ == "nsubj"), None)
    actor = reader._resolve(speaker) if speaker is not None else None
    if actor is None:
        return None
    negations = {c.i for c in tok.children if c.dep_ == "neg"}
    aim = [t for t in tok.subtree if t.i not in negations and not (t.dep_ == "mark" and t.head is tok)]
    polarity = Polarity.REJECTS if negations else Polarity.WANTS
    modal = next(c for c in tok.children if c.dep_ == "aux" and c.lower_ in DEMAND_MODALS)
    return modal.text, aim, None, polarity, False, actor
