"""Who wants what: statements "actor → aim" found on spaCy's dependency parse.

A statement is made where a named entity is the subject of a cue of want, intent
or position (`wants`, `seeks`, `is ready to`, `will not`, `rejects`, `calls for` …),
the agent of a passive one ("a toll was proposed by the Authority"), or the
speaker of reported speech whose subject names no one ("Varga said the government
is prepared to …", "according to Varga, …"). Pronouns, short forms and descriptions
("she", "it", "the union", "the former leader") are resolved by `aim_actors`; a
statement whose actor cannot be placed among the article's entities is left out.
The aim is the cue's complement (object, infinitive or clause), one unbroken stretch
of the text without quote marks; the negation moves into the polarity, and
`aim_reading` gives it the form that completes "X wants …" / "X rejects …".
"""

from __future__ import annotations

from collections.abc import Mapping

from newsbrief.pipeline.enrichment import aim_cues as cues
from newsbrief.pipeline.enrichment import aim_lookalikes as looks
from newsbrief.pipeline.enrichment import aim_parse as tree
from newsbrief.pipeline.enrichment import aim_reading as reading
from newsbrief.pipeline.enrichment import entities
from newsbrief.pipeline.enrichment.aim_words import (
    AIM_NOUNS,
    COMMITMENT_VERBS,
    DENIED_NOUNS,
    FORECAST_VERBS,
    HEDGES,
    INTENT_MODALS,
    JUDGING_VERBS,
    PLAN_NOUNS,
    PRONOUN_AIMS,
    REJECT_ADJECTIVES,
    REJECT_VERBS,
    SAY_VERBS,
    SAYINGS,
    SPEAKING_NOUNS,
    SPEECH_ACTS,
    SPOKEN_OFFERS,
    STRUGGLE_VERBS,
    WANT_ADJECTIVES,
    WANT_VERBS,
)
from newsbrief.pipeline.enrichment.aim_actors import ActorReader
from newsbrief.pipeline.enrichment.aim_complements import complement
from newsbrief.pipeline.enrichment.entities import EntityTable
from newsbrief.pipeline.enrichment.entity_words import PLACE_WORDS
from newsbrief.pipeline.types import EntityKind, Polarity, Span, Statement


def extract(
    text: str, aliases: Mapping[str, str] | None = None, model: str = entities.DEFAULT_MODEL
) -> tuple[Statement, ...]:
    """The who-wants-what statements of an article's text (paragraphs separated by a blank line)."""
    docs = [(i, doc) for i, doc in entities.parse("", text, model)]
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


def _can_want(name: str, kind: EntityKind) -> bool:
    """Whether an entity can be an actor: a storm or a street wants nothing ("Storm Edda would bring rain")."""
    return kind is not EntityKind.OTHER and not (kind is EntityKind.PLACE and name.split()[-1].lower() in PLACE_WORDS)


# "was keen to mention …" says it; "was happy to see you all" is pleased by it: neither wants anything
MENTIONS = frozenset("mention stress emphasise emphasize praise thank see hear learn read".split())
READINESS = frozenset("ill well poorly badly fully better worse".split())  # how prepared, not for what


def _against(verb) -> bool:
    """Whether a cue's aim is what it is against, with nothing it is for: "campaigned against the bridge"."""
    children = [c for c in verb.children if c.i > verb.i]
    return any(c.dep_ == "prep" and c.lower_ == "against" for c in children) and not any(
        c.dep_ in ("dobj", "xcomp", "ccomp") or c.dep_ == "prep" and c.lower_ in ("for", "to") for c in children
    )


class _Sentence(ActorReader):
    """The statements of one parsed sentence; its actors are read by `ActorReader`."""

    def statements(self) -> list[Statement]:
        if self.sent.text.rstrip(" \"'”’").endswith("?"):
            return []  # "Who are they trying to kid?" asks; it states no one's aim
        candidates = []  # (cue token, aim tokens, actor, cue words, aim, polarity)
        for tok in self.sent:
            found = self._read(tok)
            if found is None:
                continue
            cue, aim_tokens, actor_tok, polarity, fallback, agent = found
            negation = tree.negated_infinitive(aim_tokens)  # "decided not to complain": refuses to complain
            if negation is not None or tree.doubted(tok):  # "I do not think we need to cut": we need not cut
                polarity = Polarity.WANTS if polarity is Polarity.REJECTS else Polarity.REJECTS
                aim_tokens = [t for t in aim_tokens if t is not negation]
                if negation is not None:
                    cue = f"{cue.removesuffix(' to')} {negation.text} to"
            span = tree.aim_span(aim_tokens)
            aim = reading.phrase(span, polarity)
            written = tree.aim_text(span)
            if not span or not reading.reads(aim) or self.table.kinds.get(written) is EntityKind.PLACE:
                continue  # "campaigned on Kestrel Parade" says where, not what for
            if written.lower() in PRONOUN_AIMS:
                continue  # "he's asking for it": what "it" is, the statement cannot say
            actor = agent if agent is not None else self._actor(tok, actor_tok, fallback)
            # "Fiat and GM agreed to …": each of coordinated subjects holds the intention
            also = [self._resolve(c) for c in tree.conjuncts(actor_tok)] if agent is None and actor is not None else []
            # an entity the aim names as a whole phrase ("to Jordan"; not "in UK interests")
            named = {m.name for t in span if t.dep_ in ("pobj", "dobj") and (m := self.table.at(self.paragraph, t.i))}
            for holder in [actor, *also]:
                if holder is not None and holder.name in named:
                    continue  # "Syrians trying to cross over to Jordan": Jordan is where, not who
                if holder is not None and _can_want(holder.name, self.table.kinds.get(holder.name, holder.kind)):
                    candidates.append((tok, span, holder, cue, aim, polarity))
        # A cue inside another cue's aim, held by the same actor, is part of that aim ("urged the board
        # to seek ..."); one of another's ("preferred GM's offer to buy ...") is a statement of its own.
        inner = {
            id(c[0]) for c in candidates for other in candidates
            if other is not c and c[0] in other[1] and c[2].name == other[2].name
        }
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
        lemma = tree.lemma(tok)
        if tree.conditional(tok):
            return None  # "Asked if he would welcome …", "if it wants to avoid …": no one has decided
        if tok.dep_ in ("csubj", "csubjpass") and tok.tag_ == "VBG":
            return None  # "backing his party was not a wasted vote": anyone's act, spoken of in general
        if tok.dep_ == "csubj" and tree.lemma(tok.head) == "be" and lemma in WANT_VERBS | REJECT_VERBS:
            return self._what_one_wants(tok, lemma)
        if tree.denied_or_hearsay(tok):
            return None  # "denied a report that he planned to …"
        if tok.dep_ == "xcomp" and any(c.dep_ == "auxpass" for c in tok.head.children):
            return None  # "was chosen to fight the seat", "is expected to seek re-election": someone else's choice
        if tree.asked_about(tok):
            return None  # "declined to say when Disney might decide to stream …": a question, not a decision
        if tree.hoped_for(tok):
            return None  # "had hoped that the Office would try to make an effort to …": another's want of it
        if looks.object_gap(tok):
            return None  # "a race I want to do at some point": the aim is the noun outside the clause
        if tok.dep_ == "xcomp" and tok.head.pos_ == "ADJ" and tree.lemma(tok.head) not in WANT_ADJECTIVES | REJECT_ADJECTIVES:
            return None  # "enough to push down the rate", "hard to support": no one's want
        if tok.pos_ in ("VERB", "AUX") and lemma in WANT_VERBS | REJECT_VERBS and not tree.attributive(tok):
            if tree.demanded_of(tok):  # "BBC Radio should seek out talent": someone asks it of BBC Radio
                return cues.reported_demand(self, tok)
            return self._verb_cue(tok, lemma)  # "its proposed merger" is a noun's owner's cue (aim_cues)
        adjective = tok.lower_ if tok.tag_ == "VBN" and tok.lower_ in WANT_ADJECTIVES | REJECT_ADJECTIVES else lemma
        # a participle may be one ("is prepared to"); a verb of another tense is not ("he would open the festival")
        if (tok.pos_ == "ADJ" or tok.tag_ == "VBN") and adjective in WANT_ADJECTIVES | REJECT_ADJECTIVES and (
            tok.dep_ in ("acomp", "oprd", "amod", "xcomp", "ccomp", "conj")
            or any(c.dep_ == "auxpass" for c in tok.children)  # "while Ukraine is prepared for a truce"
        ):
            return self._adjective_cue(tok, adjective)
        if tok.pos_ == "NOUN" and lemma in PLAN_NOUNS | AIM_NOUNS:
            found = self._noun_cue(tok, lemma)
            if found is not None:
                return found
        found = cues.read(self, tok, lemma)
        if found is not None:
            return found
        if tok.pos_ in ("VERB", "AUX") and lemma != "be":
            return self._modal_cue(tok)
        return None

    def _verb_cue(self, tok, lemma):
        negated = tree.negated(tok)
        if lemma in REJECT_VERBS and negated:
            return None  # "did not reject" says too little
        if lemma in REJECT_VERBS and any(c.dep_ == "dobj" and c.lower_ in DENIED_NOUNS for c in tok.children):
            return None  # "rejected the charge", "rejected these accusations": a denial, not a refusal
        if any(c.dep_ == "aux" and c.lower_ in ("may", "might", "could") for c in tok.children):
            return None  # "he may be seeking new employment", "it could support …": a guess at a want
        if any(c.dep_ == "aux" and c.lower_ in ("have", "'ve") for c in tok.children) and any(
            c.dep_ == "aux" and c.lower_ in ("would", "'d") for c in tok.children
        ):
            return None  # "he would have objected to …": what might have been
        if lemma == "push" and any(c.dep_ == "prt" and c.lower_ in ("back", "off", "away") for c in tok.children):
            return None  # "pushing back the date": delaying, not pushing for anything
        if lemma == "call" and any(c.dep_ == "oprd" for c in tok.children):
            return None  # "called the plan unrealistic", "was called 'a pirate' by the judge": a judgement
        polarity = Polarity.REJECTS if (lemma in REJECT_VERBS) != negated else Polarity.WANTS
        agent = next((c for c in tok.children if c.dep_ == "agent"), None)
        if agent is not None:  # passive: "a toll was proposed by the Authority"
            actor = self._resolve(tree.pobj(agent))
            if tok.dep_ == "acl":
                aim = [t for t in tok.head.subtree if t not in set(tok.subtree)]
            else:
                aim = [t for c in tok.children if c.dep_ in ("nsubjpass", "csubjpass") for t in c.subtree]
            return (tree.cue_words(tok, agent), aim, None, polarity, False, actor) if actor else None
        if any(c.dep_ == "auxpass" for c in tok.children):
            return None  # "Kenny was called into action": the subject undergoes what someone else wants
        if tree.passive_participle_clause(tok):
            return None  # "Pressed on the timing, Blair said …", "as opposed to 5%": someone else pressed or opposed
        if lemma == "aim" and not any(c.dep_ in ("xcomp", "prep") for c in tok.children):
            return None
        if lemma in ("ask", "demand") and looks.asks_a_question(tok):
            return None
        if lemma == "insist" and looks.claims(tok):
            return None
        if lemma in COMMITMENT_VERBS and any(c.dep_ == "ccomp" and looks.refuses(c) for c in tok.children):
            return None  # "insisted it would not bow to demands": the clause's refusal is the statement
        if lemma == "want" and any(c.dep_ == "xcomp" and looks.says(c) for c in tok.children):
            return None  # "I want to thank both sides", "I want to make it clear that …" says it; it wants nothing
        if lemma == "offer" and any(c.dep_ == "dobj" and c.lemma_.lower() in SPOKEN_OFFERS for c in tok.children):
            return None  # "offered his thoughts on the acquisition" says something; it wants nothing
        if lemma == "offer" and looks.sells(tok):
            return None  # "Lexus offers almost all its models locally": a range on sale, no proposal
        aim = complement(self, tok, lemma)
        if not aim:
            return None
        if self._voiceless(next((c for c in tok.children if c.dep_ == "nsubj"), None)):
            return None  # "the evidence does not support his claims": no one's aim
        if lemma in STRUGGLE_VERBS and any(c.dep_ == "dobj" for c in tok.children) or _against(tok):
            polarity = Polarity.WANTS if negated else Polarity.REJECTS  # "battling extradition", "campaigned against"
        return tree.cue_words(tok), aim, self._subject(tok), polarity, True, None

    def _what_one_wants(self, tok, lemma):
        """ "What we want (to do) is help firms …": the aim is what the want is said to be."""
        if not any(t.lower_ == "what" for t in tok.subtree if t.i < tok.i):
            return None
        aim = [t for c in tok.head.children if c.dep_ in ("attr", "xcomp", "ccomp", "acomp") and c.i > tok.head.i
               for t in c.subtree]
        polarity = Polarity.REJECTS if lemma in REJECT_VERBS else Polarity.WANTS
        return (f"what … {tok.text} is", aim, self._subject(tok), polarity, True, None) if aim else None

    def _adjective_cue(self, tok, lemma):
        aim = [
            t for c in tok.children
            if c.dep_ in ("xcomp", "ccomp") or (c.dep_ == "prep" and c.lower_ in ("to", "for") and c.i > tok.i)
            for t in (c.subtree if c.dep_ != "prep" else tree.after(c))
        ]
        if not aim:
            return None
        if any(c.dep_ == "xcomp" and looks.says(c, MENTIONS) for c in tok.children):
            return None  # "was keen to mention the contribution of …": said, not wanted
        if lemma in ("prepared", "ready") and any(c.dep_ == "advmod" and c.lower_ in READINESS for c in tok.children):
            return None  # "ill-prepared for the act", "well prepared for the storm": readiness, not a want
        verb = tok.head if tok.dep_ in ("acomp", "oprd") else tok
        if tree.lemma(verb) == "leave" and any(c.dep_ == "dobj" and c.lower_.endswith(("self", "selves")) for c in verb.children):
            return None  # "has left himself open to prosecution": exposed to it, not willing
        aim += tree.conditions(tok) + (tree.conditions(verb) if verb is not tok else [])
        negated = tree.negated(tok) or tree.negated(verb)
        polarity = Polarity.REJECTS if (lemma in REJECT_ADJECTIVES) != negated else Polarity.WANTS
        # "one of several players willing to …": the players', not the speaker's, when the noun names no one
        fallback = not (tok.dep_ in ("amod", "acl") and tok.head.pos_ == "NOUN")
        return tree.cue_words(verb, extra=[tok]), aim, self._subject(verb), polarity, fallback, None

    def _noun_cue(self, tok, lemma):
        if lemma in PLAN_NOUNS:
            by = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "by"), None)
            aim = [t for c in tok.children if c.dep_ in ("acl", "xcomp", "relcl") for t in c.subtree]
            if by is not None and aim:
                actor = self._resolve(tree.pobj(by))
                return (f"{tok.text} by", aim, None, Polarity.WANTS, False, actor) if actor else None
        if lemma in AIM_NOUNS and tok.dep_ == "nsubj" and tok.head.lemma_ == "be":
            owner = next((c for c in tok.children if c.dep_ == "poss"), None)
            aim = [t for c in tok.head.children if c.dep_ in ("attr", "xcomp", "ccomp", "acomp") for t in c.subtree]
            if owner is not None and aim:
                actor = self._resolve(owner)
                return (f"{tok.text} {tok.head.text}", aim, None, Polarity.WANTS, False, actor) if actor else None
            infinitive = any(c.dep_ == "xcomp" and tree.has_infinitive(c) for c in tok.head.children)
            if owner is None and infinitive and tok.head.dep_ == "ccomp" and tok.head.head.lemma_ in SAY_VERBS:
                # "The goal is to reach everyone in the state, Noem said": the speaker's goal
                return f"{tok.text} {tok.head.text}", aim, None, Polarity.WANTS, True, None
        return None

    def _modal_cue(self, tok):
        """ "will not accept …" (a refusal), or "said it would hold …" (a reported intention)."""
        auxes = [c for c in tok.children if c.dep_ == "aux" and c.lower_ in INTENT_MODALS]
        if not auxes or tok.lemma_ == "have" or any(c.dep_ == "auxpass" for c in tok.children):
            return None  # a passive's subject undergoes the act: "it would be provided" is someone else's aim
        if tok.lemma_ in JUDGING_VERBS:
            return None  # "it would consider their resignations voluntary" deems; openness is read by aim_cues
        if tok.lemma_ in FORECAST_VERBS or any(c.dep_ == "acomp" for c in tok.children):
            return None  # "we will see the industry shake out", "it will get a lot worse": a forecast
        if not tree.negated(tok) and any(c.dep_ == "prep" and c.lower_ == "on" and tree.temporal(c) for c in tok.children):
            return None  # "will deliver his Budget on 16 March", "will vote on Thursday": a schedule
        if any(c.dep_ == "aux" and c.lower_ in ("have", "'ve") and c.i > auxes[0].i for c in tok.children):
            return None  # "it would not have signed": what might have been, not an intention
        if tok.dep_ == "acl" and tok.head.pos_ == "NOUN":
            return None  # "assurances that Ukraine will not join NATO": what another wants of Ukraine
        negated = tree.negated(tok)
        reported = tok.dep_ == "ccomp" and tok.head.lemma_ in SAY_VERBS and looks.reports(tok.head)
        if not reported and any(c.dep_ == "advmod" and c.lower_ in HEDGES for c in tok.children):
            return None  # "the Chargers would probably not make the playoffs": a forecast, not an intention
        subject = self._subject(tok)
        if subject is not None and subject.lower_ == "it" and looks.impersonal(tok):
            return None  # "it will take weeks", "it would cost millions": no one's intention
        if self._voiceless(subject):
            return None  # "Fenwick said the offer would not keep pace": the offer is no one's voice
        if not negated and not cues.prefers(tok):
            say = tok.head if tok.dep_ == "ccomp" else None
            if say is None or say.lemma_ not in SAY_VERBS or not looks.reports(say):
                return None
            if any(c.dep_ == "mark" and c.lower_ != "that" for c in tok.children):
                return None  # "before it will call off the strike" is no intention of its own
        if tok.lemma_ == "like" and any(looks.says(c, SPEECH_ACTS | SAY_VERBS) for c in tok.children if c.dep_ == "xcomp"):
            return None  # "I would like to thank …" says it; it wants nothing
        if tok.lemma_ in SAYINGS:
            return None  # "I'll say the same again in the spring": said, not intended ("would pay for" is)
        if negated and tok.lemma_ == "rule" and any(c.dep_ == "prt" and c.lower_ == "out" for c in tok.children):
            aim = [t for c in tok.children if c.dep_ in ("dobj", "xcomp", "ccomp") for t in c.subtree]
            words = [t.text for t in sorted(auxes + [c for c in tok.children if c.dep_ == "neg"], key=lambda t: t.i)]
            return " ".join(words + [tok.text, "out"]), aim + tree.conditions(tok), subject, Polarity.WANTS, True, None
        aside = {t.i for t in cues.than_choice(tok)}  # "would rather sell the depot than close …"
        aim = [tok] + [t for c in tok.children if tree.in_verb_phrase(c) for t in c.subtree if t.i not in aside]
        aim += tree.conditions(tok)
        # the cue as written, its "be" too: "would be opening"
        words = [t.text for t in sorted([c for c in tok.children if c.dep_ in ("aux", "neg") and c.i > auxes[0].i] + auxes[:1],
                                        key=lambda t: t.i)]
        polarity = Polarity.REJECTS if negated else Polarity.WANTS
        return " ".join(words + [tok.text]), aim, subject, polarity, negated, None

    def _voiceless(self, subject) -> bool:
        """Whether a subject is a singular thing no one speaks through and no entity stands for ("the offer")."""
        return (subject is not None and subject.tag_ == "NN" and subject.lemma_.lower() not in SPEAKING_NOUNS
                and self._resolve(subject) is None)
