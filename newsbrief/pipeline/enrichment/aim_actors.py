"""Who a statement is about: the entity a subject, a speaker, a pronoun or a description stands for.

`ActorReader` reads one parsed sentence of a paragraph against the article's
entity table. It finds the subject of a cue (through coordination and chains of
infinitives), the speaker of reported speech ("X said …", "according to X"), and
resolves what names no one by itself: pronouns ("it", "she"), short forms and
descriptions ("the union", "the Kremlin", "the minister") and relative pronouns,
to the entity of the article they most likely stand for.
"""

from __future__ import annotations

from os.path import commonprefix

from newsbrief.pipeline.enrichment import aim_parse as tree
from newsbrief.pipeline.enrichment.aim_words import (
    INDEFINITES,
    MODALS,
    ORG_PRONOUNS,
    OWNED_BODIES,
    PERSON_PRONOUNS,
    PLACE_NOUNS,
    SAY_VERBS,
    SPEAKER_PRONOUNS,
    SPEAKING_NOUNS,
    SPOKESPEOPLE,
)
from newsbrief.pipeline.enrichment.entities import EntityTable, Mention
from newsbrief.pipeline.enrichment.entity_words import (
    BODY_WORDS,
    BUSINESS_NOUNS,
    FEMALE_TITLES,
    MALE_TITLES,
    ORG_KINDS,
    ORG_NOUNS,
    ORG_WORDS,
    ROLES,
    SURNAME_TITLES,
)
from newsbrief.pipeline.types import EntityKind

# How many sentences back a quotation's speaker is looked for ('He said: "… . … . "So we …"').
QUOTE_REACH = 4
_QUOTES = ('"', "“")  # marks that open a quotation ('"' closes one too)
# A government the speaker may speak for: only a minister or a body of it does ("the government would not …").
GOVERNMENTS = frozenset("government administration ministry cabinet executive".split())
GOVERNING_ROLES = frozenset("minister secretary chancellor president premier prime governor mayor".split())
GOVERNING_WORDS = frozenset("government ministry department treasury office cabinet executive".split())
# Roles in a company, which speak for the company and not for people in general ("shoppers", "telcos").
COMPANY_ROLES = frozenset("director executive".split())
COURTESY_TITLES = SURNAME_TITLES | frozenset("sir dame".split())  # titles that say no role
# Verbs only a mind does: "It hopes to …" is never the device or the report the last sentence spoke of.
MIND_VERBS = frozenset("hope want wish plan intend decide agree refuse".split())
# Words that make a subject someone unnamed or some of many: "a partner", "most doctors", "many businesses".
UNNAMED = frozenset("a an another most many some several few all".split())


class ActorReader:
    """The actors of one parsed sentence (`sent`) of paragraph `paragraph`, resolved against `table`."""

    def __init__(self, paragraph: int, sent, table: EntityTable):
        self.paragraph, self.sent, self.table = paragraph, sent, table

    def _subject(self, verb):
        """The subject token of a verb, looking through coordination and chains of infinitives."""
        seen = 0
        while verb is not None and seen < 6:
            seen += 1
            subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) or next(
                (s for a in verb.children if a.dep_ in ("aux", "auxpass") for s in a.children if s.dep_ == "nsubj"), None
            )  # "the union is opposed to …": the parser may hang the subject on the auxiliary
            if subj is not None:
                return subj
            if verb.dep_ == "conj":
                head = verb.head
                if verb.tag_ == "VBG" and head.tag_ != "VBG" and not any(c.dep_ == "aux" for c in verb.children):
                    return None  # "… that Ukraine will not join NATO and seeking influence": no shared subject
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
            if subject.lower_ in INDEFINITES:
                return None  # "no one wants a toll", "none of them wants …" name no one's aim
            if subject.tag_ in ("WDT", "WP") and subject.head.dep_ == "relcl":
                found = self._resolve(subject.head.head)  # "Halloran, who wants …": the relative clause's noun
                if subject.lower_ == "which" and (found is None or found.kind is EntityKind.PERSON):
                    found = self._before_relative(subject)  # "Vishwanathan of Operation Black Vote, which aims …"
                return found if found is not None and found.kind is not EntityKind.PLACE else None
            found = self._resolve(subject, cue=cue)
            if found is not None and found.kind is EntityKind.PLACE and tree.dateline(subject):
                return None  # "CLEVELAND, Ohio – The Doobie Brothers will …": a dateline, parsed as the subject
            if found is not None:
                return found
            if subject.pos_ == "PRON" or subject.tag_ in ("WDT", "WP"):
                return None  # "nobody wants …", "you will get …", or a pronoun we could not place
            if any(c.dep_ in ("det", "amod", "predet") and c.lower_ in UNNAMED for c in subject.children):
                return None  # "it said a partner was set to pull out", "most doctors don't ask": no one named
            if subject.ent_type_ == "NORP":
                return None  # "the Chinese have been reluctant": a people the article names no country for
            if subject.tag_ == "NN" and subject.lemma_.lower() in ROLES and subject.lemma_.lower() not in SPOKESPEOPLE:
                return None  # "Blair said the president was keen to …": another person, whom we could not name
        if not fallback:
            return None
        if subject is None and cue.dep_ in ("pcomp", "pobj", "acl", "relcl"):
            return None  # "told the leader to focus on trying to …": the one told tries, not the one who reports it
        speaker = self._resolve(self._speaker(cue))
        if speaker is not None and subject is not None and subject.lemma_.lower() in GOVERNMENTS:
            # "the government would not …" is the speaker's word only where the speaker governs: a minister's,
            # not an opponent's ("the government doesn't want to limit it, we do", said the opposition leader)
            return speaker if self._governs(speaker) else None
        if speaker is not None and subject is not None and subject.tag_ == "NNS" and subject.pos_ == "NOUN" and (
            speaker.kind is not EntityKind.PERSON or not self._roles(speaker) - COMPANY_ROLES
        ):
            # "consumers aren't willing …, said an analyst", "telcos have been wanting …, said a director of
            # marketing": only one who leads people (a chair, a secretary, an organiser) speaks for them
            return None
        return speaker

    def _roles(self, who: Mention) -> set[str]:
        """The roles the article gives a person: "Climate Minister Petra Voss", "Mr Hruby, the minister"."""
        said = {w for m in self.table.mentions if m.name == who.name for w in (m.title, *m.roles, *m.surface.lower().split())}
        return (said & ROLES) - COURTESY_TITLES

    def _governs(self, who: Mention) -> bool:
        """Whether the speaker may be in government: a body of it, a minister or a secretary, or a person the
        article gives no role ("according to Maren Solvik, the government …"), not a party leader or a union."""
        if who.kind is not EntityKind.PERSON:
            return bool(GOVERNING_WORDS & set(who.name.lower().split()))
        roles = self._roles(who)
        return not roles or bool(roles & GOVERNING_ROLES)

    def _before_relative(self, which) -> Mention | None:
        """The organisation or place named right before "which" (and its comma)."""
        i = which.i - 1
        while i >= which.sent.start and which.doc[i].is_punct:
            i -= 1
        m = self.table.at(self.paragraph, i) if i >= which.sent.start else None
        return m if m is not None and m.kind is not EntityKind.PERSON else None

    def _speaker(self, tok):
        """Who reports the clause of `tok`: the subject of "said" above it, or X of "according to X"."""
        node = tok
        for _ in range(8):
            for c in node.children:
                if c.dep_ == "prep" and c.lower_ == "according":
                    to = next((g for g in c.children if g.dep_ == "prep"), None)
                    if to is not None and tree.pobj(to) is not None:
                        return tree.pobj(to)
            if node.dep_ == "ROOT" or node.head is node:
                break
            child, node = node, node.head
            if node.lemma_ in SAY_VERBS and child.dep_ in ("ccomp", "parataxis", "conj"):
                subj = next((c for c in node.children if c.dep_ == "nsubj"), None)
                if subj is not None:
                    return subj
        return None

    def _quote_speaker(self, tok):
        """The speaker of a quotation this sentence goes on with, named in an earlier sentence of the paragraph:
        'He said: "There is a strong case for a review. "So we do need to understand …"'.

        Every sentence between must go on with the quotation too: after a sentence of narration
        a new quotation may be anyone's.
        """
        sent = tok.sent
        for _ in range(QUOTE_REACH):
            if sent.start == 0:
                return None
            earlier = sent.doc[sent.start - 1].sent
            # News reopens a quotation at each sentence or paragraph without closing it ('… visa. "So we …'),
            # so a quote goes on where a sentence opens one or the one before left one open.
            if not (sent[0].text in _QUOTES or _left_open(earlier.text)):
                return None
            say = next((t for t in earlier if t.lemma_ in SAY_VERBS and any(c.dep_ == "nsubj" for c in t.children)), None)
            if say is not None:
                return next(c for c in say.children if c.dep_ == "nsubj")
            sent = earlier
        return None

    def _resolve(self, tok, cue=None) -> Mention | None:
        """The entity a subject token names or stands for."""
        if tok is None:
            return None
        named = self._named(tok)
        if named is not None:
            return named
        lower = tok.lower_
        if tree.expletive_it(tok):
            return None  # "it was in shareholders' interest to reject the offer": no one
        if tok.pos_ == "PRON" and lower not in ORG_PRONOUNS | PERSON_PRONOUNS | SPEAKER_PRONOUNS:
            return None  # "you", "this", "one": no one we could name
        if lower in ORG_PRONOUNS | PERSON_PRONOUNS | SPEAKER_PRONOUNS:
            speaker = self._speaker(cue if cue is not None else tok)
            if lower in SPEAKER_PRONOUNS:
                speaker = speaker or self._quote_speaker(tok)  # '"So we do need to understand …"' goes on a quote
                return self._resolve(speaker) if speaker is not None and speaker.i != tok.i else None
            if speaker is not None and tree.quoted(tok):
                # '"He wanted to work with her," she said': in a speaker's own words "he" is someone else
                voice = self._named(speaker) or self._short_form(speaker)
                kinds = {EntityKind.PERSON} if lower in PERSON_PRONOUNS else {EntityKind.ORG, EntityKind.PLACE}
                found = self._recent(tok, kinds)
                return None if found is None or voice is None or found.name == voice.name else found
            if speaker is not None and speaker.i != tok.i and speaker.lower_ not in ORG_PRONOUNS | PERSON_PRONOUNS:
                found = self._named(speaker) or self._short_form(speaker)
                wanted = EntityKind.PERSON if lower in PERSON_PRONOUNS else None
                if found is not None and (wanted is None) == (found.kind is not EntityKind.PERSON) and self._agrees(tok, found):
                    return found
                if found is not None and wanted is None and _described_as_organisation(speaker):
                    return found  # "Lumenworks, the battery maker, said it …": the model took it for a person
                if lower == "they" or (found is None and speaker.pos_ in ("NOUN", "PROPN")):
                    return None  # "the ferry firm said it …": it is the speaker, whom we cannot name
            if lower in ("they", "them"):
                # Unless a named speaker says it of itself (above), "they" is mostly people the article
                # names no entity for: "as they battle to win the election" is the parties, not Twitter.
                return None
            before = self._subject_before(tok) if lower == "it" else None
            if before is not None:
                found = self._resolve(before)
                if found is not None and found.kind in (EntityKind.ORG, EntityKind.PLACE):
                    return found  # "A spokesman for DaimlerChrysler said … It is to close …": DaimlerChrysler
                named = before.lemma_.lower() in ORG_NOUNS | SPEAKING_NOUNS  # "an umbrella organisation … It urged"
                thing = not named and (found is None or found.kind is EntityKind.OTHER)
                if thing and (cue is None or tree.lemma(cue) not in MIND_VERBS):
                    return None  # "The Prevention of Terrorism Bill was published on Tuesday. It proposes …": the bill
            kinds = {EntityKind.PERSON} if lower in PERSON_PRONOUNS else {EntityKind.ORG, EntityKind.PLACE}
            return self._recent(tok, kinds)
        if tok.ent_type_ == "NORP" and tok.pos_ == "PROPN":
            return self._country_of(tok)
        return self._short_form(tok)

    def _subject_before(self, tok):
        """Where "it" is the subject of its sentence, the singular noun subject of the sentence before in the
        paragraph, which "it" most likely takes up."""
        sent = tok.sent
        if tok.dep_ != "nsubj" or tok.head.i != sent.root.i or sent.start == 0:
            return None
        before = tok.doc[sent.start - 1].sent
        subject = next((c for c in before.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subject if subject is not None and subject.tag_ in ("NN", "NNP") and subject.pos_ != "PRON" else None

    def _country_of(self, people) -> Mention | None:
        """The place the article names for a people: "the Chinese" for China, "the Russians" for Russia.

        The people's name must hold all but the last two letters of the place's ("Austrians" is
        not Australia)."""
        word = people.lower_
        return next((m for m in self.table.mentions if m.kind is EntityKind.PLACE
                     and len(commonprefix([word, m.name.lower()])) >= max(4, len(m.name) - 2)), None)

    def _named(self, tok) -> Mention | None:
        """A mention at the token, in apposition to it, or its possessor or "of" object."""
        m = self.table.at(self.paragraph, tok.i)
        if m is not None:
            return m
        voice = tok.lemma_.lower() in OWNED_BODIES | SPOKESPEOPLE  # a body or a spokesman speaks for its owner
        if voice:
            named = self._named_elsewhere(tok)
            if named is not None:
                return named  # "an Operation Black Vote spokesman", where the model missed the name here
        for c in tok.children:
            m = self.table.at(self.paragraph, c.i)
            if m is None:
                continue
            if c.dep_ == "appos" or (c.dep_ == "compound" and tok.pos_ == "PROPN"):
                return m
            if voice and (c.dep_ == "poss" or c.dep_ == "compound" and m.kind is not EntityKind.PERSON):
                return m  # "Greenvale's board rejected …", "Cruz's office said …", "Opel management threatened …"
        for c in tok.children:
            # "the chairman of the Racial Equality Commission called for …": the body speaks through its officer
            if c.dep_ == "prep" and c.lower_ in ("of", "for") and tree.pobj(c) is not None and (
                voice or tok.lemma_.lower() in ROLES
            ):
                m = self.table.at(self.paragraph, tree.pobj(c).i)
                if m is not None and m.kind is not EntityKind.PERSON:
                    return m  # "the government of Kelvara", "a spokesman for the Selden Union"
        return None

    def _named_elsewhere(self, tok) -> Mention | None:
        """A mention, anywhere in the article, of the proper nouns in front of the token ("Opel management")."""
        if self.table.at(self.paragraph, tok.i - 1) is not None:
            return None  # found here: the caller reads it
        left = tok.i
        while left > tok.sent.start and tok.doc[left - 1].tag_ in ("NNP", "NNPS") and tok.doc[left - 1].dep_ == "compound":
            left -= 1
        text = tok.doc[left : tok.i].text
        if left == tok.i:
            return None
        return next((m for m in self.table.mentions if text in (m.name, m.surface) and m.kind is not EntityKind.PERSON), None)

    def _short_form(self, tok) -> Mention | None:
        """The organisation "the union", "the Authority" or "the company" stands for."""
        if tok.pos_ not in ("NOUN", "PROPN") or not any(c.lower_ in ("the", "its", "her", "his") for c in tok.children):
            return None
        word = tok.lemma_.lower()
        # "the parties", "the companies" are several, not the one named last; "the Lakers" is a name's own plural
        plural = tok.tag_ in ("NNS", "NNPS")
        qualifiers = [c.lower_ for c in tok.children if c.dep_ in ("amod", "compound") and c.ent_type_ in ("NORP", "GPE")]
        for m in self.table.before(self.paragraph, tok.idx):
            words = {w.lower() for w in m.name.split()}
            if m.kind is EntityKind.ORG and (tok.lower_ in words or (word in words and not plural)) and (
                words.issuperset(qualifiers)  # "the US space agency" is not the European Space Agency
            ):
                return m
        if plural:
            return None
        if qualifiers and word in ORG_NOUNS:
            return None  # "the German firm": which firm is German the article may not say; no guess
        if word in ORG_NOUNS or word in ("club", "developer", "museum"):
            m = self._recent(tok, {EntityKind.ORG})
            # "The union" is not the hospital named last: a union, a party or a council is one whose name
            # says so, or one whose name does not say what it is; "the company" may be any organisation.
            last = m.name.split()[-1].lower() if m is not None else ""
            head = m.name.split(" of ")[0].split()[-1].lower() if m is not None else ""  # "Chamber of Commerce"
            if word in BUSINESS_NOUNS and head in BODY_WORDS:
                return None
            return None if word in ORG_KINDS and last in ORG_WORDS and last != word else m
        if word in PLACE_NOUNS:
            return self._recent(tok, {EntityKind.PLACE})
        if word in ROLES and word not in SPOKESPEOPLE:
            return self._role_holder(tok, word)
        return None

    def _role_holder(self, tok, role: str) -> Mention | None:
        """The person "the minister" or "the former party leader" stands for.

        The one the article gave that role ("Party leader Ada Brenner", "Brenner, the
        leader"), nearest first; else, as for "he", the person the last sentences are
        about, unless the article gave that person other roles and not this one, or speaks of "the minister".
        """
        earlier = [m for m in self.table.before(self.paragraph, tok.idx) if m.kind is EntityKind.PERSON]
        roles: dict[str, set[str]] = {}
        for m in self.table.mentions:
            roles.setdefault(m.name, set()).update(m.roles)
        holder = next((m for m in earlier if role in roles[m.name]), None)
        if holder is not None:
            return holder
        if any(role in found for found in roles.values()):
            return None  # someone else holds that role, but only after this sentence
        recent = self._recent(tok, {EntityKind.PERSON})
        if recent is None or roles[recent.name]:
            return None
        speaker = self._speaker(tok)
        named = self._named(speaker) if speaker is not None else None
        return None if named is not None and named.name == recent.name else recent  # "Blair said the president …"

    def _recent(self, tok, kinds) -> Mention | None:
        """The nearest earlier mention of one of `kinds`, preferring subjects of this or the last paragraph.

        Pronouns and short forms mostly take up the subject of an earlier clause
        ("Fenwick told Achebe … She insisted" means Fenwick).
        """
        earlier = [
            m for m in self.table.before(self.paragraph, tok.idx) if m.kind in kinds and not m.modifier and self._agrees(tok, m)
        ]
        near_subject = next((m for m in earlier if m.subject and m.paragraph >= self.paragraph - 1), None)
        return near_subject or next(iter(earlier), None)

    def _agrees(self, pronoun, mention: Mention) -> bool:
        """Whether a pronoun can stand for a person: "she" is not one the article calls "Mr", nor "he" one it calls "Mrs"."""
        titles = self.table.titles.get(mention.name, set())
        if pronoun.lower_ in ("he", "him", "his"):
            return not titles & FEMALE_TITLES or bool(titles & MALE_TITLES)
        if pronoun.lower_ in ("she", "her", "hers"):
            return not titles & MALE_TITLES or bool(titles & FEMALE_TITLES)
        return True


def _described_as_organisation(tok) -> bool:
    """Whether an apposition calls the token a company, a union, a party …"""
    return any(c.dep_ == "appos" and c.lemma_.lower() in ORG_NOUNS for c in tok.children)


def _left_open(text: str) -> bool:
    """Whether a sentence opens a quotation it does not close."""
    return text.count('"') % 2 == 1 or text.count("“") > text.count("”")
