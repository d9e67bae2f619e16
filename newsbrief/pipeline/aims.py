"""Who wants what: statements "actor → aim" found on spaCy's dependency parse.

A statement is made where a named entity is the subject of a cue of want, intent
or position (`wants`, `seeks`, `is ready to`, `will not`, `rejects`, `calls for` …),
the agent of a passive one ("a toll was proposed by the Authority"), or the
speaker of reported speech whose subject names no one ("Varga said the government
is prepared to …", "according to Varga, …"). Pronouns and short forms ("she", "it",
"the union", "the company") are resolved to the entity they most likely stand for.
The aim is the cue's complement (object, infinitive or clause), cut clean of
adverbials of time and of quote marks; the negation moves into the polarity.
"""

from __future__ import annotations

from collections.abc import Mapping

from newsbrief.pipeline import entities
from newsbrief.pipeline.entities import EntityTable, Mention
from newsbrief.pipeline.types import EntityKind, Polarity, Span, Statement

WANT_VERBS = frozenset(
    """want seek aim plan intend hope wish demand insist push press call urge propose offer back
    support favour favor prefer promise pledge vow welcome ask appeal advocate endorse request
    campaign lobby fight""".split()
)
REJECT_VERBS = frozenset("reject refuse oppose resist veto decline dismiss object".split())
WANT_ADJECTIVES = frozenset("ready prepared willing determined keen eager committed open inclined happy".split())
REJECT_ADJECTIVES = frozenset("unwilling reluctant opposed".split())
# Nouns whose possessor states an aim with "is": "its priorities are housing and transport".
AIM_NOUNS = frozenset("priority aim goal objective demand wish".split())
# Nouns of a plan whose agent is named with "by": "plans by Meridian Terminals to automate".
PLAN_NOUNS = frozenset("plan plans proposal call bid offer demand".split())
SAY_VERBS = frozenset(
    "say tell announce state add confirm write explain argue claim warn declare reply note stress".split()
)
# Prepositions that carry the aim of some cues: "calls for", "presses for", "insists on".
AIM_PREPOSITIONS = frozenset("for on to against into".split())
# Verbs whose aim is only in such a preposition or an object: "called" alone is not a cue.
NEEDS_COMPLEMENT = frozenset("call push press appeal campaign lobby fight ask object".split())
MODALS = frozenset("will would can could shall wo ca".split())
# Modals of intent: "will not sign" is a refusal; "cannot ask" is not one.
INTENT_MODALS = frozenset("will would shall wo".split())
# Subordinate clauses that belong to an aim: "ready to approve a trial if Skylark accepts".
CONDITIONS = frozenset("if unless until once while provided as".split())
NEGATIONS = frozenset("not n't never".split())
TEMPORAL = frozenset("DATE TIME".split())
QUOTES = frozenset("\"'“”‘’`".split() + ['"', "``", "''"])
COMPLEMENTS = frozenset("dobj dative xcomp ccomp attr oprd acomp".split())
ORG_PRONOUNS = frozenset("it its they them".split())
PERSON_PRONOUNS = frozenset("he she him her".split())
SPEAKER_PRONOUNS = frozenset("we i us".split())
PLACE_NOUNS = frozenset("country nation island state".split())
# Bodies that speak for their owner: "Greenvale's board", "the government of Kelvara".
OWNED_BODIES = frozenset(
    "board government ministry council cabinet administration management leadership parliament army "
    "military office committee delegation negotiators".split()
)


def extract(text: str, aliases: Mapping[str, str] | None = None) -> tuple[Statement, ...]:
    """The who-wants-what statements of an article's text (paragraphs separated by a blank line)."""
    docs = [(i, doc) for i, doc in entities.parse("", text)]
    return statements(docs, entities.table(docs, aliases))


def statements(docs, table: EntityTable) -> tuple[Statement, ...]:
    """The statements of parsed paragraphs, whose entities `table` has resolved."""
    found: list[Statement] = []
    for index, doc in docs:
        if index < 0:
            continue  # a title has no position in the paragraphs to point evidence at
        for sent in doc.sents:
            found.extend(_Sentence(index, sent, table).statements())
    return tuple(found)


class _Sentence:
    """The statements of one parsed sentence."""

    def __init__(self, paragraph: int, sent, table: EntityTable):
        self.paragraph, self.sent, self.table = paragraph, sent, table

    def statements(self) -> list[Statement]:
        candidates = []  # (cue token, aim tokens, actor, cue words, aim, polarity)
        for tok in self.sent:
            found = self._read(tok)
            if found is None:
                continue
            cue, aim_tokens, actor_tok, polarity, fallback, agent = found
            aim = _text(aim_tokens)
            if not aim:
                continue
            actor = agent if agent is not None else self._actor(tok, actor_tok, fallback)
            if actor is None:
                continue
            candidates.append((tok, aim_tokens, actor, cue, aim, polarity))
        # A cue inside another cue's aim is part of that aim ("urged the board to seek ...").
        inner = {id(c[0]) for c in candidates for other in candidates if other is not c and c[0] in other[1]}
        result, seen = [], set()
        start = self.sent.start_char
        for tok, _, actor, cue, aim, polarity in candidates:
            if id(tok) in inner or (actor.name, aim) in seen:
                continue
            seen.add((actor.name, aim))
            result.append(
                Statement(
                    actor=actor.name,
                    actor_kind=self.table.kinds.get(actor.name, actor.kind),
                    cue=cue,
                    aim=aim,
                    polarity=polarity,
                    evidence=self.sent.text,
                    span=Span(self.paragraph, start, start + len(self.sent.text)),
                )
            )
        return result

    # -- cues ------------------------------------------------------------------------------

    def _read(self, tok):
        """(cue, aim tokens, subject token, polarity, speaker fallback allowed, agent) for a cue token."""
        lemma = _lemma(tok)
        if tok.pos_ in ("VERB", "AUX") and lemma in WANT_VERBS | REJECT_VERBS:
            return self._verb_cue(tok, lemma)
        if tok.pos_ in ("ADJ", "VERB") and lemma in WANT_ADJECTIVES | REJECT_ADJECTIVES and tok.dep_ in (
            "acomp", "oprd", "amod", "xcomp", "ccomp", "conj"
        ):
            return self._adjective_cue(tok, lemma)
        if tok.pos_ == "NOUN" and lemma in PLAN_NOUNS | AIM_NOUNS:
            return self._noun_cue(tok, lemma)
        if tok.pos_ in ("VERB", "AUX") and lemma != "be":
            return self._modal_cue(tok)
        return None

    def _verb_cue(self, tok, lemma):
        negated = _negated(tok)
        if lemma in REJECT_VERBS and negated:
            return None  # "did not reject" says too little
        polarity = Polarity.REJECTS if (lemma in REJECT_VERBS) != negated else Polarity.WANTS
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:  # passive: "a toll was proposed by the Authority"
            actor = self._resolve(_pobj(agent))
            if tok.dep_ == "acl":
                aim = [t for t in tok.head.subtree if t not in set(tok.subtree)]
            else:
                aim = [t for c in tok.children if c.dep_ in ("nsubjpass", "csubjpass") for t in c.subtree]
            return (_cue_words(tok, agent), aim, None, polarity, False, actor) if actor else None
        if lemma == "aim" and not any(c.dep_ in ("xcomp", "prep") for c in tok.children):
            return None
        aim = self._complement(tok, lemma)
        if not aim:
            return None
        return _cue_words(tok), aim, self._subject(tok), polarity, True, None

    def _adjective_cue(self, tok, lemma):
        aim = [
            t for c in tok.children
            if c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ == "to")
            for t in (c.subtree if c.dep_ != "prep" else _after(c))
        ]
        if not aim:
            return None
        verb = tok.head if tok.dep_ in ("acomp", "oprd") else tok
        aim += _conditions(tok) + (_conditions(verb) if verb is not tok else [])
        negated = _negated(tok) or _negated(verb)
        polarity = Polarity.REJECTS if (lemma in REJECT_ADJECTIVES) != negated else Polarity.WANTS
        return _cue_words(verb, extra=[tok]), aim, self._subject(verb), polarity, True, None

    def _noun_cue(self, tok, lemma):
        if lemma in PLAN_NOUNS:
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            aim = [t for c in tok.children if c.dep_ in ("acl", "xcomp", "relcl") for t in c.subtree]
            if by is not None and aim:
                actor = self._resolve(_pobj(by))
                return (f"{tok.text} by", aim, None, Polarity.WANTS, False, actor) if actor else None
        if lemma in AIM_NOUNS and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            aim = [t for c in tok.head.children if c.dep_ in ("attr", "xcomp", "ccomp", "acomp") for t in c.subtree]
            if owner is not None and aim:
                actor = self._resolve(owner)
                return (f"{tok.text} {tok.head.text}", aim, None, Polarity.WANTS, False, actor) if actor else None
        return None

    def _modal_cue(self, tok):
        """ "will not accept …" (a refusal), or "said it would hold …" (a reported intention)."""
        auxes = [c for c in tok.children if c.dep_ == "aux" and c.lower_ in INTENT_MODALS]
        if not auxes or tok.lemma_ == "have":
            return None
        negated = _negated(tok)
        if not negated:
            say = tok.head if tok.dep_ == "ccomp" else None
            if say is None or say.lemma_ not in SAY_VERBS or say.tag_ not in ("VBD", "VBZ", "VBP"):
                return None
            if any(c.dep_ == "mark" for c in tok.children):
                return None  # "before it will call off the strike" is no intention of its own
        aim = [tok] + [t for c in tok.children if _in_verb_phrase(c) for t in c.subtree]
        aim += _conditions(tok)
        words = [t.text for t in sorted(auxes + [c for c in tok.children if c.dep_ == "neg"], key=lambda t: t.i)]
        polarity = Polarity.REJECTS if negated else Polarity.WANTS
        return " ".join(words + [tok.text]), aim, self._subject(tok), polarity, negated, None

    def _complement(self, tok, lemma):
        """The tokens of a cue verb's aim: its objects, infinitive or clause, and aim prepositions."""
        children = [c for c in tok.children if c.i > tok.i]
        has_object = any(c.dep_ in ("dobj", "dative", "xcomp", "ccomp") for c in children)
        parts = []
        for c in children:
            if c.dep_ in COMPLEMENTS:
                parts.append(c)
            elif c.dep_ == "prep" and (c.lower_ in AIM_PREPOSITIONS or _pobj_lemma(c) == "exchange"):
                if not _temporal(c):
                    parts.append(c)
            elif c.dep_ == "npadvmod" and any(p.dep_ == "dative" for p in children):
                parts.append(c)  # "offered its drivers a four-day week": the model reads a time phrase
            elif c.dep_ == "advmod" and c.lower_ == "instead" and parts:
                parts.append(c)
        if lemma in NEEDS_COMPLEMENT and not any(p.dep_ != "advmod" for p in parts):
            return []
        if not has_object and not parts:
            return []
        tokens = []
        for p in parts:
            if p.dep_ == "prep" and p.lower_ in AIM_PREPOSITIONS and not tokens and lemma not in ("offer",):
                tokens.extend(_after(p))  # "calls for a ban": the aim starts after "for"
            else:
                tokens.extend(p.subtree)
        return tokens + _conditions(tok)

    # -- actors ----------------------------------------------------------------------------

    def _subject(self, verb):
        """The subject token of a verb, looking through coordination and chains of infinitives."""
        seen = 0
        while verb is not None and seen < 6:
            seen += 1
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None:
                return subj
            if verb.dep_ == "conj":
                head = verb.head
                # "said the chamber would not accept … and urged …": a past tense cannot sit
                # under "would", so the second verb is coordinated with "said".
                if verb.tag_ == "VBD" and any(c.lower_ in MODALS for c in head.children if c.dep_ == "aux"):
                    say = head.head if head.dep_ == "ccomp" and head.head.lemma_ in SAY_VERBS else None
                    if say is not None:
                        head = say
                verb = head
            elif verb.dep_ in ("xcomp", "advcl") and verb.head.pos_ in ("VERB", "AUX", "ADJ"):
                verb = verb.head
            elif verb.dep_ in ("acomp",):
                verb = verb.head
            else:
                return None
        return None

    def _actor(self, cue, subject, fallback: bool) -> Mention | None:
        if subject is not None:
            found = self._resolve(subject, cue=cue)
            if found is not None:
                return found
            if subject.tag_ in ("WDT", "WP") or subject.lower_ in ORG_PRONOUNS | PERSON_PRONOUNS:
                return None
        if not fallback:
            return None
        speaker = self._speaker(cue)
        return self._resolve(speaker) if speaker is not None else None

    def _speaker(self, tok):
        """Who reports the clause of `tok`: the subject of "said" above it, or X of "according to X"."""
        node = tok
        for _ in range(8):
            for c in node.children:
                if c.dep_ == "prep" and c.lower_ == "according":
                    to = next((g for g in c.children if g.dep_ == "prep"), None)
                    if to is not None and _pobj(to) is not None:
                        return _pobj(to)
            if node.dep_ == "ROOT" or node.head is node:
                break
            child, node = node, node.head
            if node.lemma_ in SAY_VERBS and child.dep_ in ("ccomp", "parataxis", "conj"):
                subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    return subj
        return None

    def _resolve(self, tok, cue=None) -> Mention | None:
        """The entity a subject token names or stands for."""
        if tok is None:
            return None
        named = self._named(tok)
        if named is not None:
            return named
        lower = tok.lower_
        if tok.pos_ == "PRON" or lower in ORG_PRONOUNS | PERSON_PRONOUNS | SPEAKER_PRONOUNS:
            speaker = self._speaker(cue if cue is not None else tok)
            if lower in SPEAKER_PRONOUNS:
                return self._resolve(speaker) if speaker is not None and speaker is not tok else None
            if speaker is not None and speaker is not tok and speaker.lower_ not in ORG_PRONOUNS | PERSON_PRONOUNS:
                found = self._named(speaker) or self._short_form(speaker)
                wanted = EntityKind.PERSON if lower in PERSON_PRONOUNS else None
                if found is not None and (wanted is None) == (found.kind is not EntityKind.PERSON):
                    return found
                if lower == "they":
                    return None
            kinds = {EntityKind.PERSON} if lower in PERSON_PRONOUNS else {EntityKind.ORG, EntityKind.PLACE}
            return self._recent(tok, kinds)
        return self._short_form(tok)

    def _named(self, tok) -> Mention | None:
        """A mention at the token, in apposition to it, or its possessor or "of" object."""
        m = self.table.at(self.paragraph, tok.i)
        if m is not None:
            return m
        for c in tok.children:
            m = self.table.at(self.paragraph, c.i)
            if m is None:
                continue
            if c.dep_ == "appos" or (c.dep_ == "compound" and tok.pos_ == "PROPN"):
                return m
            if c.dep_ == "poss" and tok.lemma_.lower() in OWNED_BODIES:
                return m  # "Greenvale's board rejected …"
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of" and _pobj(c) is not None and tok.lemma_.lower() in OWNED_BODIES:
                m = self.table.at(self.paragraph, _pobj(c).i)
                if m is not None and m.kind is not EntityKind.PERSON:
                    return m  # "the government of Kelvara"
        return None

    def _short_form(self, tok) -> Mention | None:
        """The organisation "the union", "the Authority" or "the company" stands for."""
        if tok.pos_ not in ("NOUN", "PROPN") or not any(c.lower_ in ("the", "its", "her", "his") for c in tok.children):
            return None
        word = tok.lemma_.lower()
        for m in self.table.before(self.paragraph, tok.idx):
            words = {w.lower() for w in m.name.split()}
            if m.kind is EntityKind.ORG and (word in words or tok.lower_ in words):
                return m
        if word in entities.ORG_NOUNS or word in ("club", "developer", "museum"):
            return self._recent(tok, {EntityKind.ORG})
        if word in PLACE_NOUNS:
            return self._recent(tok, {EntityKind.PLACE})
        return None

    def _recent(self, tok, kinds) -> Mention | None:
        """The nearest earlier mention of one of `kinds`, preferring subjects of this or the last paragraph.

        Pronouns and short forms mostly take up the subject of an earlier clause
        ("Fenwick told Achebe … She insisted" means Fenwick).
        """
        earlier = [m for m in self.table.before(self.paragraph, tok.idx) if m.kind in kinds]
        near_subject = next((m for m in earlier if m.subject and m.paragraph >= self.paragraph - 1), None)
        return near_subject or next(iter(earlier), None)


CUE_LEMMAS = WANT_VERBS | REJECT_VERBS | WANT_ADJECTIVES | REJECT_ADJECTIVES


def _lemma(tok) -> str:
    """The token's lemma, mended for cues the lemmatizer gets wrong ("hopes" → "hop")."""
    lemma = tok.lemma_.lower()
    if lemma in CUE_LEMMAS or tok.pos_ not in ("VERB", "AUX"):
        return lemma
    word = tok.lower_
    for cut, add in (("s", ""), ("d", ""), ("ed", ""), ("ing", "e"), ("ing", ""), ("ies", "y"), ("ied", "y")):
        if word.endswith(cut) and word[: len(word) - len(cut)] + add in CUE_LEMMAS:
            return word[: len(word) - len(cut)] + add
    return lemma


def _negated(tok) -> bool:
    return any(c.dep_ == "neg" or c.lower_ in NEGATIONS for c in tok.children)


def _pobj(prep):
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _pobj_lemma(prep) -> str:
    obj = _pobj(prep)
    return obj.lemma_.lower() if obj is not None else ""


def _temporal(prep) -> bool:
    obj = _pobj(prep)
    return obj is not None and obj.ent_type_ in TEMPORAL


def _after(prep):
    """The tokens of a preposition's subtree after the preposition itself."""
    return [t for t in prep.subtree if t.i > prep.i]


def _in_verb_phrase(child) -> bool:
    if child.dep_ in COMPLEMENTS or child.dep_ in ("prt", "advmod", "npadvmod") and child.i > child.head.i:
        return child.lower_ not in NEGATIONS
    return child.dep_ in ("prep", "agent") and child.i > child.head.i


def _conditions(tok) -> list:
    """The tokens of clauses after `tok` that condition its aim: "if …", "until …", "while …"."""
    return [
        t for c in tok.children
        if c.dep_ == "advcl" and c.i > tok.i and any(m.dep_ == "mark" and m.lower_ in CONDITIONS for m in c.children)
        for t in c.subtree
    ]


def _cue_words(tok, agent=None, extra=()) -> str:
    """The words of the cue as written: auxiliaries, negation, the verb and its particle."""
    parts = [c for c in tok.children if c.dep_ in ("aux", "auxpass", "neg", "prt")] + [tok, *extra]
    parts += [c for c in tok.children if c.dep_ == "prep" and c.lower_ in AIM_PREPOSITIONS][:1]
    words = " ".join(t.text for t in sorted(set(parts), key=lambda t: t.i))
    return f"{words} by" if agent is not None else words


def _text(tokens) -> str:
    """A clean aim: its tokens in order, without quote marks, edge punctuation or a leading "to"/"that".

    A clause set off by a comma ("…, which it says would cut …") and a coordinated cue
    of its own ("… and has asked the council") are left out.
    """
    tokens = list(tokens)
    drop = set()
    for t in tokens:
        if t.dep_ == "relcl" and t.head.i + 1 < len(t.doc) and t.doc[t.head.i + 1].text == ",":
            drop.update(x.i for x in t.subtree)
            drop.add(t.head.i + 1)
        if t.dep_ == "conj" and _lemma(t) in WANT_VERBS | REJECT_VERBS and t.pos_ == "VERB":
            drop.update(x.i for x in t.subtree)
            drop.update(c.i for c in t.head.children if c.dep_ == "cc" and c.i < t.i)
    chosen = sorted({t.i: t for t in tokens if t.text not in QUOTES and t.i not in drop}.values(), key=lambda t: t.i)
    while chosen and (chosen[0].lower_ in ("to", "that") and chosen[0].dep_ in ("aux", "mark") or chosen[0].is_punct):
        chosen.pop(0)
    while chosen and (chosen[-1].is_punct and chosen[-1].text != ")" or chosen[-1].dep_ == "cc"):
        chosen.pop()
    text = "".join(t.text_with_ws for t in chosen).strip()
    return " ".join(text.split())
