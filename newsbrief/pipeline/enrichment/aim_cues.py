"""Cues that real news uses beside the verbs of want: nouns, "is to", verbs of decision, and reported "should".

Each reader takes the sentence reader of `aims` (for its subject and actor
resolution) and a token, and returns what `aims._Sentence._read` returns:
(cue words, aim tokens, subject token, polarity, speaker fallback allowed, agent),
or None when the token is no such cue.

- "Beijing's demands to roll back tariffs", "an EU demand for Turkey to recognise
  Cyprus": the owner of a noun of want is the actor.
- "For Putin, A and B are key priorities", "Putin's objectives remain firm, including
  A": the nouns of aim, their owner named by a possessive or "for".
- "MG Rover's proposed tie-up with …": the owner of a proposed or planned thing.
- "Moscow may consider a peacekeeping force": openness, a want.
- "In efforts to keep the talks going, Varga …": the one who acts makes the effort.
- "Blair has been a leading advocate of Turkish membership", "… an opponent of …".
- "Fiat is to close the plant", "Alibaba is set to raise $12.9bn", "Ukraine has agreed
  to pay more", "Opel threatened to cut jobs", "is looking to develop": decided intentions.
- "Blair should set out an exit strategy, Kennedy said": the speaker wants what the
  reported "should" or "must" clause asks for.
- "We would rather move a thousand people for nothing than leave one in danger": the
  first choice is wanted (read as a modal cue by `aims`), the one after "than" refused.
"""

from __future__ import annotations

from newsbrief.pipeline.enrichment import aim_parse as tree
from newsbrief.pipeline.enrichment.aim_words import (
    ABANDON_VERBS,
    ADVOCATE_NOUNS,
    AIM_NOUNS,
    DECISION_VERBS,
    DEMAND_MODALS,
    GIVING_VERBS,
    JUDGING_VERBS,
    NEED_VERBS,
    OPENNESS_VERBS,
    OPPONENT_NOUNS,
    EXPECTED_CHANGES,
    MARKET_WORDS,
    OWNED_WANT_NOUNS,
    OWNING_VERBS,
    OWN_WORDS_VERBS,
    QUESTION_WORDS,
    REPORTING_VERBS,
    SPEAKER_PRONOUNS,
)
from newsbrief.pipeline.types import EntityKind, Polarity


_RATHER = frozenset("rather sooner".split())
_PLANNED = frozenset("proposed planned intended".split())
_POSSIBLE = frozenset("may might could would".split())
_STATES = frozenset("become be prove remain".split())


def read(reader, tok, lemma: str):
    """The cue at `tok`, if it is one of this module's kinds."""
    if tok.pos_ == "NOUN" and lemma in OWNED_WANT_NOUNS:
        return _owned_noun(reader, tok)
    if tok.pos_ == "NOUN" and lemma in AIM_NOUNS:
        return _aim_noun(reader, tok)
    if tok.dep_ == "amod" and tok.lower_ in _PLANNED and tok.head.pos_ == "NOUN":
        return _planned(reader, tok)
    if tok.pos_ == "NOUN" and lemma in ADVOCATE_NOUNS | OPPONENT_NOUNS:
        return _advocate(reader, tok, lemma)
    if tok.pos_ == "VERB" and lemma in OPENNESS_VERBS and any(
        c.dep_ == "aux" and c.lower_ in _POSSIBLE for c in tok.children
    ):
        return _open_to(reader, tok)
    if tok.pos_ in ("VERB", "AUX") and lemma in DECISION_VERBS and _infinitive(tok) is not None:
        return _decision(reader, tok)  # "set" without "to" may be a reported demand: "Blair should set out …"
    if tok.pos_ == "AUX" and lemma == "be":
        return _is_to(reader, tok)
    if tok.pos_ in ("VERB", "AUX") and lemma in NEED_VERBS and _infinitive(tok) is not None:
        return _we_need(reader, tok)
    if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ in DEMAND_MODALS for c in tok.children):
        return reported_demand(reader, tok)
    if tok.pos_ in ("VERB", "AUX") and _chooser(tok) is not None:
        return _rather_than(reader, tok)
    return None


def prefers(verb) -> bool:
    """Whether a verb is the preferred choice of "would rather … than …" ("would sooner …")."""
    return any(c.dep_ == "advmod" and c.lower_ in _RATHER for c in verb.children) and any(
        c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in verb.children
    )


def than_choice(verb) -> list:
    """The tokens of the choice "than …" that a preferring verb sets aside (empty if none)."""
    return [t for c in verb.subtree if c.i > verb.i and _chooser(c) is not None and _chooser(c).i == verb.i
            for t in c.subtree]


def _chooser(tok):
    """The preferring verb whose "than" clause `tok` heads, if any."""
    if not any(c.lower_ == "than" and c.i < tok.i for c in tok.children) or tok.pos_ not in ("VERB", "AUX"):
        return None
    head = tok.head
    while head.i != head.head.i and head.pos_ not in ("VERB", "AUX"):
        head = head.head
    return head if head.i != tok.i and prefers(head) else None


def _rather_than(reader, tok):
    """ "would rather move a thousand people than leave one in danger": the "than" choice is refused."""
    than = next((c for c in tok.children if c.lower_ == "than" and c.i < tok.i), None)
    if than is None:
        return None
    aim = [t for t in tok.subtree if t.i != than.i]
    return "would rather … than", aim, reader._subject(_chooser(tok)), Polarity.REJECTS, True, None


def _infinitive(tok):
    """The "to …" clause a word governs ("demands to roll back …", "agreed to pay …"), or None."""
    return next(
        (c for c in tok.children
         if c.i > tok.i and any(a.lower_ == "to" and a.dep_ == "aux" for a in c.children)
         and (c.dep_ in ("xcomp", "acl", "ccomp") or _works_to(tok, c)) and _moves_to(tok, c)),
        None,
    )


def _works_to(verb, clause) -> bool:
    """ "Unite is working to secure a deal", which the parser reads as a clause of purpose; not "to work guard
    duty to plug gaps" nor "working on a call for proposals for instruments to fly"."""
    return clause.dep_ == "advcl" and tree.lemma(verb) == "work" and clause.left_edge.i - verb.i <= 2


def _moves_to(verb, clause) -> bool:
    """ "Parry has moved to scotch claims": "move" decides only with its infinitive right after it ("has moved
    up to number seven" climbs a chart)."""
    return tree.lemma(verb) != "move" or clause.left_edge.i == verb.i + 1


def _rival_owner(reader, subject, pronoun) -> bool:
    """Whether an object between the clause's subject and a possessive pronoun names someone the pronoun may
    stand for as well: a person for "his" or "her", an organisation or place for "its" or "their"."""
    person = pronoun.lower_ in ("his", "her")
    for t in subject.sent:
        if subject.i < t.i < pronoun.i and t.dep_ in ("dobj", "pobj", "dative"):
            m = reader.table.at(reader.paragraph, t.i)
            if m is not None and (m.kind is EntityKind.PERSON) == person:
                return True
    return False


def _owned_noun(reader, tok):
    if tok.dep_ == "dobj" and tree.lemma(tok.head) in ABANDON_VERBS:
        return None  # "shelved its plans for a listing": a plan given up
    if tree.lemma(tok) == "demand" and (
        any(c.dep_ in ("amod", "compound") and tree.lemma(c) in MARKET_WORDS for c in tok.children)
        or tok.dep_ == "nsubj" and tree.lemma(tok.head) in MARKET_WORDS
    ):
        return None  # "the country's growing demand for cars", "India's demand for oil rose": a market's, not a want
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is None:  # "an EU demand for …": a name in front of the noun owns it
        owner = next((c for c in tok.children if c.dep_ == "compound" and reader.table.at(reader.paragraph, c.i)), None)
    verb = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "in" else None
    if owner is None and verb is not None and verb.pos_ in ("VERB", "AUX"):
        # "In efforts to keep the talks going, Varga made …": the one who acts makes the effort
        clause = _infinitive(tok)
        # "announced a deal to buy … in an effort to …": the one who makes the deal makes the effort
        verbs = [v for v in [verb, *verb.ancestors][:3] if v.pos_ in ("VERB", "AUX")]
        subject = next((s for s in map(reader._subject, verbs) if s is not None), None)
        return (f"in {tok.text} to", list(clause.subtree), subject, Polarity.WANTS, False, None) if clause else None
    if owner is None and tok.dep_ == "dobj" and tree.lemma(tok.head) in OWNING_VERBS:
        owner = reader._subject(tok.head)  # "Noem launched a campaign to …": who launches it owns it
    polarity = Polarity.WANTS
    if owner is None and tok.dep_ == "dobj" and tree.lemma(tok.head) == "have" and _none_of(tok):
        owner, polarity = reader._subject(tok.head), Polarity.REJECTS  # "has no plans to sell", "no intention of …"
    if owner is None:
        return None
    if owner.tag_ == "PRP$" and owner.lower_ not in ("our", "my"):  # "our efforts" are the speaker's
        # "the government has suspended its plan to …": the clause's subject owns it
        verb = next((t for t in tok.ancestors if t.pos_ in ("VERB", "AUX")), None)
        subject = reader._subject(verb) if verb is not None else None
        if subject is not None and _rival_owner(reader, subject, owner):
            return None  # "Brandt attacked Ida Brenner over her plan to …": hers or his, the text does not say
        if subject is not None and subject.pos_ != "PRON":
            owner = subject
    clause = _infinitive(tok)
    if clause is not None:
        aim = list(clause.subtree)
    elif tree.lemma(tok) == "deal":
        return None  # a deal wants only what it is a deal to do: "a deal to buy Fujitsu's plasma technology"
    else:
        to = ("for", "to") if tree.lemma(tok) in ("backing", "support") else ("for",)  # "its backing to cheaper travel"
        prep = next((c for c in tok.children if c.dep_ == "prep" and c.i > tok.i and (
            c.lower_ in to or c.lower_ == "of" and any(g.tag_ == "VBG" for g in c.children)  # "its ambition of joining"
        )), None)
        if prep is None and "to" in to and tok.dep_ == "dobj" and tree.lemma(tok.head) in GIVING_VERBS:
            # "has given its backing to cheaper travel": the parser hangs "to" on the verb
            prep = next((c for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "to" and c.i > tok.i), None)
        aim = tree.after(prep) if prep is not None and tree.pobj_lemma(prep) not in tree.DURATIONS else []
    if not aim:
        return None  # "the LSE bid for some time": for how long, not for what
    actor = reader._resolve(owner)
    cue = tok.text if polarity is Polarity.WANTS else f"no {tok.text}"
    return (cue, aim, None, polarity, False, actor) if actor is not None else None


def _none_of(noun) -> bool:
    """Whether the noun is had not at all: "no plans", "no intention"."""
    return any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)


def _aim_noun(reader, tok):
    """ "For Varga, lower fares and a new depot are key priorities"; "its aims remain firm, including …"."""
    verb = tok.head
    owner = next((c for c in tok.children if c.dep_ == "poss"), None)
    if owner is None:
        owner = next((tree.pobj(c) for c in [*tok.children, *verb.children] if c.dep_ == "prep" and c.lower_ == "for"
                      and c.i < tok.i and tree.pobj(c) is not None), None)
    including = next((c for c in [*tok.children, *verb.children] if c.dep_ == "prep" and c.lower_ == "including"), None)
    if tok.dep_ == "attr" and tree.lemma(verb) == "be":
        aim = [t for c in verb.children if c.dep_ in ("nsubj", "csubj") for t in c.subtree]
    elif tok.dep_ == "nsubj" and including is not None:
        aim = tree.after(including)
    else:
        return None
    if not aim:
        return None
    if owner is None:  # "removing the tariffs is an important condition, the ministry said": the speaker's
        return f"{tok.text}", aim, None, Polarity.WANTS, True, None
    actor = reader._resolve(owner)
    return (tok.text, aim, None, Polarity.WANTS, False, actor) if actor is not None else None


def _planned(reader, tok):
    """ "Rover's proposed tie-up with Halden Motors": the owner wants what it proposed."""
    noun = tok.head
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    if owner is None or owner.i > tok.i:
        return None
    left_out = {t.i for t in owner.subtree} | {tok.i}
    aim = [t for t in noun.subtree if t.i not in left_out and t.i > tok.i]
    actor = reader._resolve(owner)
    return (tok.text, aim, None, Polarity.WANTS, False, actor) if actor is not None and aim else None


def _advocate(reader, tok, lemma: str):
    if tok.dep_ != "attr" or tree.lemma(tok.head) != "be":
        return None
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    aim = tree.after(of) if of is not None else []
    if not aim:
        return None
    polarity = Polarity.REJECTS if lemma in OPPONENT_NOUNS else Polarity.WANTS
    return f"{tok.text} of", aim, reader._subject(tok.head), polarity, False, None


def _open_to(reader, tok):
    """ "Ostmark may consider a truce if the raids stop": open to it, which is a want."""
    if tree.negated(tok):
        return None
    aim = [t for c in tok.children if c.dep_ == "dobj" for t in c.subtree] + tree.conditions(tok)
    if not aim:
        return None
    return tree.cue_words(tok), aim, reader._subject(tok), Polarity.WANTS, True, None


def _decision(reader, tok):
    clause = _infinitive(tok)
    if clause is None or any(t.lower_ in QUESTION_WORDS for t in clause.subtree if t.i < clause.i):
        return None  # "has not decided whether to resume sales": no decision either way
    if tree.demanded_of(tok):
        return reported_demand(reader, tok)  # "the government must work hard to …," he added: his demand of it
    if tree.lemma(tok) == "set" and (
        tree.lemma(clause) in EXPECTED_CHANGES | {"be", "become"} or any(c.dep_ == "auxpass" for c in clause.children)
    ):
        return None  # "the rate is set to slip below 13%", "the market is set to be worth …", "set to be named": forecasts
    if reader._voiceless(reader._subject(tok)):
        return None  # "to make sure the new chart works to plan": a thing decides nothing
    negated = tree.negated(tok)
    polarity = Polarity.REJECTS if negated else Polarity.WANTS
    cue = tree.cue_words(tok)
    return (cue if cue.endswith(" to") else cue + " to"), list(clause.subtree), reader._subject(tok), polarity, True, None


def _we_need(reader, tok):
    """ "So we do need to understand what took place": the speaker's own want ("we do not need to cut" refuses
    it); "Britain needs to …" is a judgement."""
    clause = _infinitive(tok)
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ not in SPEAKER_PRONOUNS or tree.lemma(clause) == "be":
        return None  # "we need to be careful" is advice
    if tok.tag_ == "VBD" or any(c.lower_ == "did" for c in tok.children):
        return None  # "we did not need to change things until the end": what happened
    polarity = Polarity.REJECTS if tree.negated(tok) else Polarity.WANTS
    return f"{tree.cue_words(tok)} to", list(clause.subtree) + tree.conditions(tok), subject, polarity, True, None


def _is_to(reader, tok):
    clause = _infinitive(tok)
    if clause is None or clause.tag_ != "VB" or clause.dep_ != "xcomp":
        return None
    if any(c.dep_ in ("acomp", "attr") or c.lower_ == "up" for c in tok.children):
        return None  # "it is hard to see …", "it's a good idea to …", "it is up to governments to …": no one's plan
    if any(c.dep_ == "mark" and c.lower_ in ("as", "than") for c in tok.children):
        return None  # "as easy to download a show as it is to programme a VCR": a comparison
    if any(c.dep_ == "prep" and tok.i < c.i < clause.i for c in tok.children):
        return None  # "Boudreau has been on his players to avoid …": "is to" is "is" right before "to"
    if tok.tag_ == "VBD" and tree.lemma(clause) in _STATES:
        return None  # "he was to become an icon": what came to pass, told after it did
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return None
    polarity = Polarity.REJECTS if tree.negated(tok) else Polarity.WANTS
    return f"{tok.text} to", list(clause.subtree), subject, polarity, False, None


def reported_demand(reader, tok):
    """ "X should Y", reported by someone named: the speaker wants X to Y; not the subject."""
    say = tok.head if tok.dep_ in ("ccomp", "parataxis") else None
    if say is None and tok.dep_ == "ROOT":
        speaker = reader._quote_speaker(tok)  # '… he said. "He should set out a proper exit strategy."'
    elif say is None or tree.lemma(say) not in REPORTING_VERBS:
        return None
    else:
        speaker = next((c for c in say.children if c.dep_ == "nsubj"), None)
    if tree.lemma(tok) in JUDGING_VERBS | {"see", "view"} and any(c.dep_ == "auxpass" for c in tok.children):
        return None  # "this verdict should be seen in a broader view": a judgement, not a demand
    if any(c.dep_ == "aux" and c.lower_ in ("have", "'ve") for c in tok.children):
        return None  # "he should have gone to the video referee": a verdict on the past, asking nothing now
    if tree.lemma(tok) in EXPECTED_CHANGES and not any(c.dep_ in ("dobj", "auxpass") for c in tok.children):
        return None  # "the weather should ease by Thursday": expected, not asked for
    subject = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and (
        subject.lower_ in ("you", "that", "this") or subject.lower_ in SPEAKER_PRONOUNS and tree.lemma(tok) in OWN_WORDS_VERBS
    ):
        return None  # "you should expect to buy" advises; "I should tell you that …" says; "that should tell them" judges
    actor = reader._resolve(speaker) if speaker is not None else None
    if actor is None:
        return None
    negations = {c.i for c in tok.children if c.dep_ == "neg"}
    modal = next(c for c in tok.children if c.dep_ == "aux" and c.lower_ in DEMAND_MODALS)
    left_out = set(negations)
    if any(c.dep_ == "nsubj" and c.lower_ in SPEAKER_PRONOUNS for c in tok.children):
        # "We must tackle the mess," he wrote: the speaker is one of "we", so the aim starts at the verb
        left_out |= {modal.i} | {t.i for c in tok.children if c.dep_ == "nsubj" for t in c.subtree}
    aim = [t for t in tok.subtree if t.i not in left_out and not (t.dep_ == "mark" and t.head.i == tok.i)]
    polarity = Polarity.REJECTS if negations else Polarity.WANTS
    return modal.text, aim, None, polarity, False, actor
