"""The JSON API's shapes: what each endpoint returns and accepts, public fields only (never an email or an IP)."""


from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from ninja import Field, Schema
from ninja.pagination import PaginationBase

from newsbrief.site.templatetags.comment_text import render_comment_text
from newsbrief.site.web.api_story_brief import StoryBriefOut

MAX_LIMIT = 100
PAGE_SIZE = 20
MAX_OFFSET = 1_000_000  # beyond any real archive page; keeps OFFSET inside every database's integer range


class ErrorBody(Schema):
    """What went wrong: a short code for programs, a sentence for people."""

    code: str
    message: str


class ErrorOut(Schema):
    """The one error shape of the API."""

    error: ErrorBody


class Paged(PaginationBase):
    """limit (1 to 100) and offset, and the total count."""

    class Input(Schema):
        limit: int = Field(PAGE_SIZE, ge=1, le=MAX_LIMIT)
        offset: int = Field(0, ge=0, le=MAX_OFFSET)

    class Output(Schema):
        items: list[Any]
        count: int
        limit: int
        offset: int

    def paginate_queryset(self, queryset, pagination: Input, **params):
        """One page of the queryset, with the count of all of it."""
        start, stop = pagination.offset, pagination.offset + pagination.limit
        return {
            "items": queryset[start:stop],
            "count": queryset.count(),
            "limit": pagination.limit,
            "offset": pagination.offset,
        }


def _absolute(context, path: str) -> str:
    request = context.get("request") if context else None
    return request.build_absolute_uri(path) if request else path


class SourceOut(Schema):
    """A source newsbrief reads (its feed address is not published: it may be a local path)."""

    id: int
    name: str
    domain: str
    home_url: str
    kind: str
    page_url: str
    article_count: int = 0

    @staticmethod
    def resolve_page_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_home_url(obj) -> str:
        return obj.home_link

    @staticmethod
    def resolve_article_count(obj) -> int:
        return getattr(obj, "article_count", 0) or 0


class EntityRef(Schema):
    """An entity as named in an article."""

    id: int
    name: str
    kind: str


class EntityOut(EntityRef):
    """A person, organisation or place, and how many published briefs name it."""

    page_url: str
    article_count: int = 0

    @staticmethod
    def resolve_page_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_article_count(obj) -> int:
        return getattr(obj, "article_count", 0) or 0


class ProvenanceSpan(Schema):
    """Where one sentence of the brief came from: the paragraph of the original and the characters in it."""

    part: str
    text: str
    method: str = ""
    paragraph: int | None = None
    start: int | None = None
    end: int | None = None


class BriefOut(Schema):
    """An article's brief, each sentence traceable to its source; `method` says what wrote it.

    The checks' notes (the LLM gate's rejections) are for editors, in the admin, never here.
    """

    article_id: UUID
    lead: str
    key_points: list[str]
    body: list[str]
    closing: str
    method: str
    provenance: list[ProvenanceSpan]
    created: datetime

    @staticmethod
    def resolve_body(obj) -> list[str]:
        return obj.body_paragraphs

    @staticmethod
    def resolve_provenance(obj) -> list[dict]:
        return [span for span in obj.provenance if isinstance(span, dict)]


class ArticleOut(Schema):
    """An article as listed: title, outlet, dates and the brief's lead."""

    id: UUID
    title: str
    page_url: str
    original_url: str
    outlet: str
    source_id: int | None
    story_id: UUID | None
    published: datetime | None
    ingested: datetime
    lead: str
    comment_count: int = 0

    @staticmethod
    def resolve_page_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_outlet(obj) -> str:
        return obj.outlet_name

    @staticmethod
    def resolve_lead(obj) -> str:
        return obj.brief.lead

    @staticmethod
    def resolve_comment_count(obj) -> int:
        return getattr(obj, "comment_count", 0) or 0


class CopyOut(Schema):
    """Another outlet's copy of the article: who ran it, where, when, and how much of the text is the same (0 to 1)."""

    outlet: str
    original_url: str
    published: datetime | None
    similarity: float | None
    same_text_percent: int | None

    @staticmethod
    def resolve_outlet(obj) -> str:
        return obj.outlet_name


class ArticleDetail(ArticleOut):
    """An article with its authors, entities, whole brief, and the copies other outlets published."""

    authors: list[str]
    language: str
    source_domain: str
    topics: list[str]
    entities: list[EntityRef]
    brief: BriefOut
    copies: list[CopyOut]

    @staticmethod
    def resolve_copies(obj) -> list:
        return obj.also_published()

    @staticmethod
    def resolve_topics(obj) -> list[str]:
        return [str(topic) for topic in getattr(obj, "topics", None) or []]

    @staticmethod
    def resolve_authors(obj) -> list[str]:
        return [str(author) for author in obj.authors or []]

    @staticmethod
    def resolve_entities(obj) -> list:
        return list(obj.entities.all()[:MAX_LIMIT])


class CoverageOut(Schema):
    """What an event and a developing story both show: title, lead, page, topics, when, how many articles and
    outlets (counts the list query annotates; 0 where it does not)."""

    id: UUID
    title: str
    lead: str
    page_url: str
    topics: list[str]
    first_published: datetime | None
    last_published: datetime | None
    created: datetime
    updated: datetime
    article_count: int = 0
    outlet_count: int = 0

    @staticmethod
    def resolve_page_url(obj, context) -> str:
        return _absolute(context, obj.get_absolute_url())

    @staticmethod
    def resolve_topics(obj) -> list[str]:
        return [str(topic) for topic in obj.topics or []]

    @staticmethod
    def resolve_article_count(obj) -> int:
        return getattr(obj, "article_count", 0) or 0

    @staticmethod
    def resolve_outlet_count(obj) -> int:
        return getattr(obj, "outlet_count", 0) or 0


class StoryOut(CoverageOut):
    """One event and how widely it is covered; thread_id is the developing story it is part of."""

    thread_id: UUID | None


class StoryDetail(StoryOut):
    """A story with its coverage, oldest first (a timeline), and its brief from all its outlets: lead, key points,
    closing, each sentence's provenance (article, outlet, paragraph, start, end), and the agree and differ tables."""

    articles: list[ArticleOut]
    brief: StoryBriefOut | None = None

    @staticmethod
    def resolve_articles(obj) -> list:
        return obj.coverage

    @staticmethod
    def resolve_brief(obj) -> dict | None:
        return (obj.brief or {}).get("brief")


class ThreadOut(CoverageOut):
    """One developing story: how many events, briefs and outlets, and when."""

    event_count: int


class ThreadDetail(ThreadOut):
    """A developing story with its events, oldest first (a timeline)."""

    events: list[StoryOut]

    @staticmethod
    def resolve_events(obj) -> list:
        return obj.timeline


class EntityDetail(EntityOut):
    """An entity with the latest briefs that name it."""

    articles: list[ArticleOut]

    @staticmethod
    def resolve_articles(obj) -> list:
        return obj.coverage


class SearchHit(Schema):
    """One search result: the article, and a snippet of HTML (escaped text, matches in <mark>)."""

    article: ArticleOut
    snippet_html: str


class SearchOut(Schema):
    """One page of search results; has_more says whether another page follows, total how many match."""

    query: str
    items: list[SearchHit]
    limit: int
    offset: int
    has_more: bool
    total: int = Field(description="How many briefs match: exact, estimated or a lower bound, as total_kind says.")
    total_kind: str = Field(description='"exact", "about" (estimated from the newest matches) or "over" (at least).')


class CommentOut(Schema):
    """An approved comment, public fields only: no email, no address."""

    id: int
    parent_id: int | None
    name: str
    website: str
    body: str
    body_html: str
    created: datetime

    @staticmethod
    def resolve_website(obj) -> str:
        return obj.website_link

    @staticmethod
    def resolve_body_html(obj) -> str:
        return str(render_comment_text(obj.body))


class CommentIn(Schema):
    """A new comment: the form's fields; the text is `body`; `parent` replies to an approved comment."""

    name: str = Field(..., max_length=245)
    email: str = Field(..., max_length=254, description="Never published.")
    website: str = Field("", max_length=200)
    body: str = Field(..., max_length=65_535)
    parent: int | None = Field(None, ge=1, le=2**63 - 1)


class CommentAccepted(Schema):
    """A stored comment: approved (published now) or held for moderation."""

    id: int
    status: Literal["approved", "held"]
    message: str
