"""The small frozen dataclasses that the pipeline stages pass to each other."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


@dataclass(frozen=True)
class Entry:
    """One item found at a source, before its article text is extracted."""

    url: str
    origin: str  # where it was read from (file path or feed URL), for error messages
    outlet: str = ""  # the publication's name, when the source gives one
    title: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    feed_html: str = ""  # the feed's own content or summary for this item
    page: bytes | None = None  # the article page's bytes, when they were read
    page_status: int = 200  # the HTTP status the page came with (a block page often comes as a 403 or 503)


@dataclass(frozen=True)
class Article:
    """An article's original text and metadata, as extracted."""

    url: str
    # Until pipeline/process.py keys the article (duplicates/keys.py), the URL the page names
    # itself by, as written; after, that URL normalised: the key of its revisions.
    canonical_url: str
    title: str
    text: str  # paragraphs separated by one blank line
    source_domain: str
    content_hash: str  # "" until pipeline/process.py keys the article: the key of its exact copies
    outlet: str = ""
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    language: str = ""
    text_origin: str = "page"  # "page" or "feed": which text the brief stands on

    @property
    def paragraphs(self) -> list[str]:
        """The text's paragraphs, in order."""
        return [p for p in self.text.split("\n\n") if p.strip()]


@dataclass(frozen=True)
class Span:
    """Where a brief sentence comes from: a paragraph and a character span within it."""

    paragraph: int  # 0-based index into Article.paragraphs
    start: int
    end: int


@dataclass(frozen=True)
class BriefSentence:
    """One sentence of a brief, with the place in the article it was taken from."""

    text: str
    span: Span | None = None  # None when no source place is known (imported briefs)
    method: str = "lead"  # which method wrote it: lead, extractive, llm, imported


@dataclass(frozen=True)
class Brief:
    """A brief of one article: lead, key points, condensed body and closing."""

    lead: tuple[BriefSentence, ...]
    closing: tuple[BriefSentence, ...]
    key_points: tuple[BriefSentence, ...] = ()
    body: tuple[tuple[BriefSentence, ...], ...] = ()  # paragraphs of sentences
    method: str = "lead"
    notes: tuple[str, ...] = field(default_factory=tuple)  # e.g. "written from the feed's summary"
    body_mode: str = "condensed"  # the body mode the body was written under (summarize's BODY_MODES)

    @property
    def lead_text(self) -> str:
        """The lead as one paragraph."""
        return " ".join(s.text for s in self.lead)

    @property
    def closing_text(self) -> str:
        """The closing as one paragraph."""
        return " ".join(s.text for s in self.closing)

    @property
    def body_paragraphs(self) -> list[str]:
        """The body as a list of paragraphs."""
        return [" ".join(s.text for s in para) for para in self.body]


class EntityKind(StrEnum):
    """What an entity is."""

    PERSON = "person"
    ORG = "org"
    PLACE = "place"
    OTHER = "other"  # a named thing that is none of those and wants nothing: "Storm Edda"


class Polarity(StrEnum):
    """Whether an actor wants its aim or rejects it."""

    WANTS = "wants"
    REJECTS = "rejects"


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place named in an article, its mentions merged under one name."""

    name: str  # the normalised name: "Donald Trump" for "President Trump", "Trump's", "Donald Trump"
    kind: EntityKind
    mentions: int  # how many times the article names it, title included
    surface_forms: tuple[str, ...] = ()  # the spellings in the article, most frequent first


@dataclass(frozen=True)
class Statement:
    """Who wants what: an actor, the cue of want or refusal, the aim, and the sentence that says so."""

    actor: str  # an Entity.name of the same article
    actor_kind: EntityKind
    cue: str  # the words that carry it: "wants", "will not", "was proposed by"
    aim: str  # what the actor wants, or refuses, as a clause: "a toll of two crowns per crossing"
    polarity: Polarity
    evidence: str  # the sentence, as written
    span: Span  # where the evidence sentence is in the article's paragraphs


@dataclass(frozen=True)
class Enrichment:
    """What enrichment adds to an article: its entities, topic tags and who-wants-what statements."""

    entities: tuple[Entity, ...] = ()
    topics: tuple[str, ...] = ()
    statements: tuple[Statement, ...] = ()
