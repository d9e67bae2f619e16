"""Reading spaCy's parse around a cue: mended lemmas, negation, prepositions, conditions, and clean aim text."""

from __future__ import annotations

from newsbrief.pipeline.enrichment.aim_words import (
    AIM_PREPOSITIONS,
    ASKING_ABOUT,
    BELIEF_ADJECTIVES,
    BELIEF_VERBS,
    COMMITMENT_VERBS,
    COMPLEMENTS,
    CONDITIONS,
    CUE_LEMMAS,
    DEMAND_MODALS,
    DENIAL_VERBS,
    HEARSAY_NOUNS,
    INTENT_MODALS,
    NEGATIONS,
    QUOTES,
    REJECT_VERBS,
    SAY_VERBS,
    SPEAKER_PRONOUNS,
    TEMPORAL,
    WANT_VERBS,
)
from newsbrief.pipeline.enrichment.entities import DASHES


DOUBTING_VERBS = frozenset("think believe expect suppose reckon".split())  # "I do not think we need to …"
DURATIONS = frozenset("time while year month week day decade".split())  # "for some time" says how long


def lemma(tok) -> str:
    """The token's lemma, mended for cues the lemmatizer gets wrong ("hopes" → "hop")."""
    lemma = tok.lemma_.lower()
    if lemma in CUE_LEMMAS or tok.pos_ not in ("VERB", "AUX"):
        return lemma
    word = tok.lower_
    for cut, add in (("s", ""), ("d", ""), ("ed", ""), ("ing", "e"), ("ing", ""), ("ies", "y"), ("ied", "y")):
        if word.endswith(cut) and word[: len(word) - len(cut)] + add in CUE_LEMMAS:
            return word[: len(word) - len(cut)] + add
    return lemma


def negated(tok) -> bool:
    """Whether a negation hangs on the token ("not", "n't", "never", "no longer"); "not only … but" negates nothing."""
    return any(
        (c.dep_ == "neg" or c.lower_ in NEGATIONS) and not (c.i + 1 < len(c.doc) and c.doc[c.i + 1].lower_ == "only")
        or (c.lower_ == "longer" and any(g.lower_ == "no" for g in c.children))
        for c in tok.children
    )


def conditional(tok) -> bool:
    """Whether the token heads a clause of "if", "whether" or "unless", is coordinated with one ("if he
    will stick around and wants to …") or is its infinitive ("if we did not have to fight for …"): no one
    has decided what it says."""
    if any(c.dep_ == "mark" and c.lower_ in ("if", "whether", "unless") for c in tok.children):
        return True
    if _inverted_should(tok) or tok.dep_ == "acomp" and _inverted_should(tok.head):
        return True  # "should Morientes be reluctant to pledge his future": if he were
    return tok.dep_ in ("conj", "xcomp") and tok.head.i != tok.i and conditional(tok.head)


def expletive_it(tok) -> bool:
    """Whether "it" stands for the infinitive its "be" puts last: "it was in shareholders' interest to reject
    the offer", "it is hard to see …", "it's a good idea to …"."""
    verb = tok.head
    if tok.lower_ != "it" or tok.dep_ != "nsubj" or lemma(verb) != "be":
        return False
    clause = next((c for c in verb.children if c.dep_ == "xcomp" and c.i > verb.i and has_infinitive(c)), None)
    return clause is not None and any(
        c.dep_ in ("prep", "acomp", "attr") and verb.i < c.i < clause.i for c in verb.children
    )


def passive_participle_clause(tok) -> bool:
    """Whether a participle heads a clause without subject or auxiliary that opens the sentence or follows "as":
    "Pressed on the timing, Blair said …", "margins of 4% as opposed to 5%". Its subject is pressed, not pressing."""
    if tok.tag_ != "VBN" or tok.dep_ != "advcl" or any(c.dep_ in ("aux", "nsubj") for c in tok.children):
        return False
    return tok.i < tok.head.i or any(c.lower_ == "as" for c in tok.children)


def attributive(tok) -> bool:
    """Whether a participle describes the noun after it ("its proposed merger", "his favoured 400m", which the
    parser may read as a verb)."""
    before = tok.doc[tok.i - 1] if tok.i > tok.sent.start else None
    return tok.dep_ == "amod" or tok.tag_ == "VBN" and before is not None and before.tag_ == "PRP$"


def _inverted_should(verb) -> bool:
    """Whether "should" comes before the verb's subject: the "should he …" of a condition."""
    should = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ == "should"), None)
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return should is not None and subject is not None and should.i < subject.i


def denied_or_hearsay(tok) -> bool:
    """Whether the token's clause is what someone denies ("denied he planned to …"), will not say ("we cannot
    say we don't want to change things"), hearsay ("a report that he planned to …") or expects of another
    ("investors bet that the bank will not act"), looking up through its clauses."""
    node = tok
    for _ in range(6):
        if node.dep_ in ("ROOT",) or node.head.i == node.i:
            return False
        clause, node = node, node.head
        if clause.dep_ in ("ccomp", "acl", "xcomp", "advcl") and lemma(node) in DENIAL_VERBS:
            return True
        if node.pos_ == "NOUN" and lemma(node) in HEARSAY_NOUNS and _content_clause(clause):
            return True
        if clause.dep_ == "ccomp" and lemma(node) in SAY_VERBS and negated(node):
            return True
        if clause.dep_ == "ccomp" and lemma(node) in BELIEF_VERBS | BELIEF_ADJECTIVES and _of_another(clause):
            return True
    return False


def _content_clause(clause) -> bool:
    """Whether a clause says what a noun holds ("a report that he planned …", "allegations it supports …", which the
    parser may read as a relative clause), not which one it is ("the report, which he wants to publish")."""
    if clause.dep_ == "acl":
        return True
    return clause.dep_ == "relcl" and not any(c.tag_ in ("WDT", "WP") for c in clause.children) and any(
        c.dep_ == "dobj" for c in clause.children
    )


def _of_another(clause) -> bool:
    """Whether a clause says what someone other than the speaker will or would do ("… that the bank will not act")."""
    subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    modal = any(c.dep_ == "aux" and c.lower_ in INTENT_MODALS for c in clause.children)
    return modal and subject is not None and subject.lower_ not in SPEAKER_PRONOUNS


def hoped_for(tok) -> bool:
    """Whether the token lies in the clause another verb of want asks for ("had hoped that the Office would try
    to …"), looking up through its clauses; a vow's own clause ("insisted it would not bow") is the vower's."""
    node = tok
    for _ in range(6):
        if node.head.i == node.i:
            return False
        if node.dep_ == "ccomp" and node.i > node.head.i and lemma(node.head) in WANT_VERBS - COMMITMENT_VERBS:
            return True
        node = node.head
    return False


def asked_about(tok) -> bool:
    """Whether the token's clause is an indirect question ("say when Disney might … decide to stream"), also
    through the verb it is coordinated with."""
    clause = tok.head if tok.dep_ == "conj" else tok
    return clause.dep_ in ("ccomp", "xcomp", "advcl") and lemma(clause.head) in ASKING_ABOUT and any(
        c.dep_ == "advmod" and c.lower_ in ("when", "how", "why", "where") and c.i == clause.left_edge.i
        for c in clause.children
    )


def doubted(tok) -> bool:
    """Whether the token's clause is what its speaker does not think ("I do not think we need to cut …"):
    English moves the negation of the clause onto "think"."""
    node = tok
    for _ in range(3):
        if node.dep_ not in ("ccomp", "xcomp") or node.head.i == node.i:
            return False
        clause, node = node, node.head
        if clause.dep_ == "ccomp" and lemma(node) in DOUBTING_VERBS and negated(node):
            return any(c.dep_ == "nsubj" and c.lower_ in ("i", "we") for c in node.children)
    return False


def negated_infinitive(tokens):
    """The "not" that opens an aim's infinitive ("decided not to complain"), or None."""
    tokens = sorted(tokens, key=lambda t: t.i)
    if len(tokens) > 2 and tokens[0].dep_ == "neg" and tokens[0].lower_ in ("not", "never") and tokens[1].lower_ == "to":
        return tokens[0]
    return None


def has_infinitive(tok) -> bool:
    """Whether a "to …" infinitive lies under the token ("appealed to residents to stay indoors")."""
    return any(t.dep_ == "aux" and t.lower_ == "to" and t.head.tag_ == "VB" for t in tok.subtree)


def demanded_of(verb) -> bool:
    """Whether "should" or "must" asks the verb of its subject, rather than the subject saying it wants it:
    "the BBC should seek talent" is someone's demand of the BBC; "we must seek a deal" is ours."""
    if not any(c.dep_ == "aux" and c.lower_ in DEMAND_MODALS for c in verb.children):
        return False
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is not None and subject.lower_ not in SPEAKER_PRONOUNS


def conjuncts(tok) -> list:
    """The names coordinated with a subject ("GM" of "Fiat and GM"), not the subject itself."""
    if tok is None:
        return []
    found, todo = [], [c for c in tok.children if c.dep_ == "conj"]
    while todo:
        c = todo.pop(0)
        found.append(c)
        todo += [g for g in c.children if g.dep_ == "conj"]
    return found


def pobj(prep):
    """The object of a preposition, if it has one."""
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def pobj_lemma(prep) -> str:
    """The lemma of a preposition's object, or "" without one."""
    obj = pobj(prep)
    return obj.lemma_.lower() if obj is not None else ""


def temporal(prep) -> bool:
    """Whether a preposition's object is a date or a time ("on Monday", "by June")."""
    obj = pobj(prep)
    return obj is not None and obj.ent_type_ in TEMPORAL


def after(prep) -> list:
    """The tokens of a preposition's subtree after the preposition itself."""
    return [t for t in prep.subtree if t.i > prep.i]


def in_verb_phrase(child) -> bool:
    """Whether a child of the cue belongs to the phrase the aim is read from."""
    if (child.dep_ in COMPLEMENTS or child.dep_ in ("prt", "advmod", "npadvmod")) and child.i > child.head.i:
        return child.lower_ not in NEGATIONS  # a clause before the verb is not its aim ("The outages …, we won't")
    if child.dep_ == "advcl" and child.tag_ == "VB" and child.i > child.head.i:
        return has_infinitive(child) and child.left_edge.lower_ == "to"  # "would return next year to host the show"
    return child.dep_ in ("prep", "agent") and child.i > child.head.i


def conditions(tok) -> list:
    """The tokens of clauses after `tok` that condition its aim: "if …", "until …", "while …"."""
    return [
        t for c in tok.children
        if c.dep_ == "advcl" and c.i > tok.i and any(m.dep_ == "mark" and m.lower_ in CONDITIONS for m in c.children)
        for t in c.subtree
    ]


def cue_words(tok, agent=None, extra=()) -> str:
    """The words of the cue as written: auxiliaries, negation, the verb and its particle."""
    parts = [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "prt")] + [tok, *extra]
    parts += [t for c in tok.children if c.lower_ == "longer" and negated(tok) for t in c.subtree]  # "no longer"
    # the preposition that carries the aim follows the verb: "On Monday, the firm declined to …" has none
    parts += [c for c in tok.children if c.dep_ == "prep" and c.lower_ in AIM_PREPOSITIONS and c.i > tok.i][:1]
    words = " ".join(t.text for t in sorted(set(parts), key=lambda t: t.i))
    return f"{words} by" if agent is not None else words


def aim_span(tokens) -> list:
    """The aim's tokens in order: one unbroken stretch of the text, without quote marks or edge punctuation.

    A clause set off by a comma ("…, which it says would cut …") and a coordinated cue
    of its own ("… and has asked the council") are left out; where a left-out word
    would open a gap (only quote marks may be skipped), the aim ends before it, so
    that no word between its start and its end is dropped. A leading "to"/"that" goes.
    """
    tokens = list(tokens)
    inside = {t.i for t in tokens}
    drop = set()
    for t in tokens:
        if t.dep_ == "relcl" and t.head.i + 1 < len(t.doc) and t.doc[t.head.i + 1].text == ",":
            drop.update(x.i for x in t.subtree)
            drop.add(t.head.i + 1)
        if t.dep_ == "conj" and lemma(t) in WANT_VERBS | REJECT_VERBS and t.pos_ == "VERB":
            drop.update(x.i for x in t.subtree)
            drop.update(c.i for c in t.head.children if c.dep_ == "cc" and c.i < t.i)
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX") and t.head.i in inside and any(
            c.dep_ == "cc" and c.lower_ in ("but", "yet") and c.i < t.i for c in t.head.children
        ):
            drop.update(x.i for x in t.subtree)  # "should sack him, but did not believe …": a second thought
            drop.update(c.i for c in t.head.children if c.i < t.i and (c.dep_ == "cc" or c.text == ","))
        if t.dep_ == "conj" and t.tag_ in ("VBD", "VBZ") and t.head.tag_ == "VB" and t.head.i in inside:
            drop.update(x.i for x in t.subtree)  # "tried to hack the network and took names": what was done
            drop.update(c.i for c in t.head.children if c.dep_ == "cc" and c.i < t.i)
        if t.dep_ in ("acl", "advcl") and t.tag_ == "VBG" and lemma(t) in SAY_VERBS:
            drop.update(x.i for x in t.subtree)  # "opposed the bid, saying it would destroy value": the reason given
        if t.dep_ == "prep" and t.lower_ == "for" and pobj_lemma(t) in DURATIONS and not any(
            c.dep_ == "nummod" for c in pobj(t).children
        ):
            drop.update(x.i for x in t.subtree)  # "opposed the bid for some time": how long, not what ("for 90 days" is)
    chosen = sorted({t.i: t for t in tokens if not _quote(t) and t.i not in drop}.values(), key=lambda t: t.i)
    while chosen and (chosen[0].lower_ in ("to", "that") and chosen[0].dep_ in ("aux", "mark") or chosen[0].is_punct):
        chosen.pop(0)
    for k in range(1, len(chosen)):
        skipped = chosen[0].doc[chosen[k - 1].i + 1 : chosen[k].i]
        if not all(_quote(t) for t in skipped):
            chosen = chosen[:k]
            break
    while chosen and (chosen[-1].is_punct and chosen[-1].text != ")" or chosen[-1].dep_ == "cc"):
        chosen.pop()
    if len(chosen) <= 2 and chosen and chosen[0].dep_ == "nsubj" and chosen[-1].pos_ in ("VERB", "AUX"):
        return []  # "the situation we wish we had": a subject and its verb, the object left behind
    return chosen


def aim_text(span, swaps: dict[int, str] | None = None) -> str:
    """The text of an aim's tokens (see `aim_span`), spaced as the article spaces them; `swaps` rewrites some words."""
    swaps = swaps or {}
    text = "".join(swaps.get(a.i, a.text) + _space_between(a, b) for a, b in zip(span, span[1:] + [None]))
    return " ".join(text.split())


def _quote(tok) -> bool:
    """A quote mark, not a possessive apostrophe ("Growers' Cooperative")."""
    return tok.text in QUOTES and tok.tag_ != "POS"


def _space_between(a, b) -> str:
    """A space where the text has one between two kept tokens, also after a left-out quote mark or clause."""
    if b is None:
        return ""
    return " " if any(t.whitespace_ for t in a.doc[a.i : b.i]) else ""


def quoted(tok) -> bool:
    """Whether the token stands inside a quotation opened earlier in its sentence."""
    inside = False
    for t in tok.sent:
        if t.i >= tok.i:
            return inside
        if t.text in ("“", "``"):
            inside = True
        elif t.text in ("”", "''"):
            inside = False
        elif t.text == '"':
            inside = not inside
    return inside


def dateline(tok) -> bool:
    """Whether a token is a wire dateline's place: "CLEVELAND, Ohio – …" opens the sentence in capitals and a
    comma; "Indianapolis – Several thousand teachers …" opens it with a dash."""
    if tok.i != tok.sent.start or not tok.text.isalpha() or tok.i + 1 >= len(tok.doc):
        return False
    after = tok.doc[tok.i + 1].text
    return after in DASHES or tok.text.isupper() and len(tok.text) > 2 and after == ","
