"""The JSON API (django-ninja): articles, briefs, stories, threads, entities, sources, search and comments.

OpenAPI 3 at /api/openapi.json, documentation at /api/docs. Lists take limit (at
most 100) and offset. Every error, whatever raised it, leaves as one shape,
{"error": {"code": ..., "message": ...}}: the handlers below translate newsbrief's
error tree, ninja's validation errors and anything unexpected, once.
"""


import logging
from functools import wraps
from uuid import UUID

from django.core.exceptions import RequestDataTooBig
from django.db.models import Count, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import NinjaAPI, Path, Query
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from ninja.pagination import paginate
from ninja.responses import Status

from newsbrief.pipeline.errors import Flooded, InputError, NewsbriefError, NotFoundError
from newsbrief.site.web import comments
from newsbrief.site.web import search
from newsbrief.site.web.api_schemas import (
    ArticleDetail,
    ArticleOut,
    BriefOut,
    CommentAccepted,
    CommentIn,
    CommentOut,
    EntityDetail,
    EntityOut,
    ErrorOut,
    Paged,
    SearchOut,
    SourceOut,
    StoryDetail,
    StoryOut,
    ThreadDetail,
    ThreadOut,
)
from newsbrief.site.web.comments import HELD_MESSAGE, PUBLISHED_MESSAGE
from newsbrief.site.models import Article, Brief, Comment, Entity, Source, Story, Thread
from newsbrief.site.web.security import client_ip

log = logging.getLogger(__name__)

api = NinjaAPI(
    title="newsbrief API",
    version="1",
    description="Briefs of the news, with where each sentence came from; stories (events) and threads (developing "
    "stories), entities, sources, "
    "search and the reader discussion. Public fields only.",
    urls_namespace="api",
)

MAX_ID = 2**63 - 1  # the largest id a database integer key holds


def _errors(*codes: int) -> dict:
    """Response declarations for error statuses, all in the one shape."""
    return dict.fromkeys(codes, ErrorOut)


def _error(request, status: int, code: str, message: str):
    return api.create_response(request, {"error": {"code": code, "message": message}}, status=status)


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    first = exc.errors[0] if exc.errors else {}
    where = ".".join(str(part) for part in first.get("loc", ()))
    message = f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg", "invalid request"))
    return _error(request, 422, "invalid", message)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", "No such item.")


@api.exception_handler(RequestDataTooBig)
def _too_large(request, exc: RequestDataTooBig):
    return _error(request, 413, "too_large", "The request body is larger than the site accepts.")


def _json_body(run):
    """Refuse a body not declared as JSON with a 415 before it is read: a form or text/plain post is no API call."""

    @wraps(run)
    def checked(request, *args, **kwargs):
        if request.content_type != "application/json":
            return _error(request, 415, "unsupported_media_type", "Send the body as application/json.")
        return run(request, *args, **kwargs)

    return checked


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "bad_request" if exc.status_code == 400 else "error", str(exc))


@api.exception_handler(NewsbriefError)
def _newsbrief_error(request, exc: NewsbriefError):
    if isinstance(exc, NotFoundError):
        return _error(request, 404, "not_found", str(exc) or "No such item.")
    if isinstance(exc, InputError):
        # Comment refusals carry their own status (400, 409, 429); other bad input is a 400.
        status = getattr(exc, "http_status", 400)
        response = _error(request, status, _code(exc), str(exc))
        if isinstance(exc, Flooded):
            response["Retry-After"] = str(exc.retry_after)
        return response
    log.error("API request failed: %s", exc)
    return _error(request, 500, "internal", "Something went wrong on our side.")


@api.exception_handler(Exception)
def _unexpected(request, exc: Exception):
    log.exception("API request failed")
    return _error(request, 500, "internal", "Something went wrong on our side.")


def _code(exc: Exception) -> str:
    """A snake_case code from the error's class: InvalidComment -> invalid_comment."""
    name = type(exc).__name__
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")


def _articles() -> QuerySet:
    """Published articles with their approved comment counts, newest first."""
    approved = (
        Comment.objects.filter(article=OuterRef("pk"), status=Comment.Status.APPROVED)
        .order_by()
        .values("article")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Article.objects.published().annotate(
        comment_count=Coalesce(Subquery(approved, output_field=IntegerField()), 0)
    )


def _published_count(related: str = "articles", articles: str = "articles") -> Count:
    """Count the published articles (originals with a brief) of a source, story, thread or entity, or what they
    relate to (`related`); `articles` is the path to the subject's articles."""
    published = Article.objects.published().order_by().values("pk")
    return Count(related, filter=Q(**{f"{articles}__in": published}), distinct=True)


@api.get("/articles", response={200: list[ArticleOut], **_errors(422)}, tags=["articles"])
@paginate(Paged)
def list_articles(
    request,
    source: int | None = Query(None, ge=1, le=MAX_ID),
    story: UUID | None = None,
    entity: int | None = Query(None, ge=1, le=MAX_ID),
):
    """Published briefs, newest first; filter by source id, story id or entity id."""
    articles = _articles()
    if source is not None:
        articles = articles.filter(source_id=source)
    if story is not None:
        articles = articles.filter(story_id=story)
    if entity is not None:
        articles = articles.filter(pk__in=Entity.articles.through.objects.filter(entity_id=entity).values("article_id"))
    return articles


@api.get("/articles/{article_id}", response={200: ArticleDetail, **_errors(404, 422)}, tags=["articles"])
def get_article(request, article_id: UUID):
    """One article with its authors, entities and whole brief."""
    return get_object_or_404(_articles().prefetch_related("entities"), pk=article_id)


@api.get("/briefs", response={200: list[BriefOut], **_errors(422)}, tags=["briefs"])
@paginate(Paged)
def list_briefs(request):
    """The briefs of published articles, newest first, with the provenance of every sentence."""
    return Brief.objects.filter(Article.objects.published_through("article")).order_by("-created", "-pk")


@api.get("/briefs/{article_id}", response={200: BriefOut, **_errors(404, 422)}, tags=["briefs"])
def get_brief(request, article_id: UUID):
    """An article's brief, with the provenance of every sentence: part, paragraph and character span."""
    return get_object_or_404(Brief.objects.filter(Article.objects.published_through("article")), article_id=article_id)


@api.get("/stories", response={200: list[StoryOut], **_errors(422)}, tags=["stories"])
@paginate(Paged)
def list_stories(request):
    """Live stories (not absorbed by a merge), latest coverage first, with how many briefs and outlets cover each."""
    latest = F("last_published").desc(nulls_last=True)
    return _stories().filter(merged_into__isnull=True).order_by(latest, "-updated", "pk")


@api.get("/stories/{story_id}", response={200: StoryDetail, **_errors(404, 422)}, tags=["stories"])
def get_story(request, story_id: UUID):
    """A story and its coverage, oldest first (at most 100 briefs); an absorbed story's id gives the survivor."""
    story = get_object_or_404(Story, pk=story_id)
    story = get_object_or_404(_stories(), pk=story.merged_into_id or story.pk)
    story.coverage = list(_articles().filter(story=story).order_by("published", "ingested")[:100])
    return story


def _stories() -> QuerySet:
    return Story.objects.annotate(article_count=_published_count(), outlet_count=_published_count("articles__source"))


@api.get("/threads", response={200: list[ThreadOut], **_errors(422)}, tags=["threads"])
@paginate(Paged)
def list_threads(request):
    """Developing stories (not absorbed by a merge), latest coverage first, with their events, briefs and outlets."""
    latest = F("last_published").desc(nulls_last=True)
    return _threads().filter(merged_into__isnull=True, event_count__gt=0).order_by(latest, "-updated", "pk")


@api.get("/threads/{thread_id}", response={200: ThreadDetail, **_errors(404, 422)}, tags=["threads"])
def get_thread(request, thread_id: UUID):
    """A developing story and its events, oldest first (at most 100); an absorbed thread's id gives the survivor."""
    thread = get_object_or_404(Thread, pk=thread_id)
    thread = get_object_or_404(_threads(), pk=thread.merged_into_id or thread.pk, event_count__gt=0)
    events = _stories().filter(thread=thread, merged_into__isnull=True, size__gt=0)
    thread.timeline = list(events.order_by(F("first_published").asc(nulls_last=True), "created", "pk")[:100])
    return thread


def _threads() -> QuerySet:
    articles = "events__articles"
    return Thread.objects.annotate(article_count=_published_count(articles, articles),
                                   outlet_count=_published_count(f"{articles}__source", articles))


@api.get("/entities", response={200: list[EntityOut], **_errors(422)}, tags=["entities"])
@paginate(Paged)
def list_entities(request, kind: Entity.Kind | None = None):
    """Entities, most covered first; filter by kind."""
    entities = Entity.objects.annotate(article_count=_published_count())
    if kind is not None:
        entities = entities.filter(kind=kind)
    return entities.order_by("-article_count", "name", "pk")


@api.get("/entities/{entity_id}", response={200: EntityDetail, **_errors(404, 422)}, tags=["entities"])
def get_entity(request, entity_id: int = Path(..., ge=1, le=MAX_ID)):
    """An entity and the latest briefs that name it (at most 100)."""
    entity = get_object_or_404(Entity.objects.annotate(article_count=_published_count()), pk=entity_id)
    entity.coverage = list(_articles().filter(pk__in=entity.articles.values("pk"))[:100])
    return entity


@api.get("/sources", response={200: list[SourceOut], **_errors(422)}, tags=["sources"])
@paginate(Paged)
def list_sources(request):
    """Sources, by name, with how many briefs each has."""
    return Source.objects.annotate(article_count=_published_count()).order_by("name", "pk")


@api.get("/sources/{source_id}", response={200: SourceOut, **_errors(404, 422)}, tags=["sources"])
def get_source(request, source_id: int = Path(..., ge=1, le=MAX_ID)):
    """One source."""
    return get_object_or_404(Source.objects.annotate(article_count=_published_count()), pk=source_id)


@api.get("/search", response={200: SearchOut, **_errors(400, 422)}, tags=["search"])
def search_briefs(
    request,
    q: str = Query(..., description="Words, \"phrases\", OR, -exclusions, source:, entity:, after: and before:."),
    limit: int = Query(search.PAGE_SIZE, ge=1, le=100),
    offset: int = Query(0, ge=0, le=search.MAX_RESULTS),
):
    """Full-text search over titles, leads and texts; snippets are escaped HTML with matches in <mark>."""
    results = search.search(q, limit=limit, offset=offset)
    counts = {a.pk: a.comment_count for a in _articles().filter(pk__in=[h.article.pk for h in results.hits])}
    for hit in results.hits:
        hit.article.comment_count = counts.get(hit.article.pk, 0)
    return {
        "query": q,
        "items": [{"article": hit.article, "snippet_html": str(hit.snippet)} for hit in results.hits],
        "limit": results.limit,
        "offset": results.offset,
        "has_more": results.has_more,
        "total": results.total.value,
        "total_kind": results.total.kind,
    }


@api.get(
    "/articles/{article_id}/comments", response={200: list[CommentOut], **_errors(404, 422)}, tags=["comments"]
)
@paginate(Paged)
def list_comments(request, article_id: UUID):
    """An article's approved comments, oldest first: name, website, text and date, never an email."""
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    return article.approved_comments().order_by("created", "pk")


@api.post(
    "/articles/{article_id}/comments",
    response={201: CommentAccepted, **_errors(400, 404, 409, 413, 415, 422, 429)},
    tags=["comments"],
)
@decorate_view(_json_body)
def post_comment(request, article_id: UUID, data: CommentIn):
    """Leave a comment under the same policy as the page's form: held for moderation unless you are known."""
    article = get_object_or_404(Article.objects.published(), pk=article_id)
    comment = comments.submit_comment(
        article,
        data.dict(),
        ip=client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )
    if comment.status == Comment.Status.APPROVED:
        return Status(201, {"id": comment.pk, "status": "approved", "message": PUBLISHED_MESSAGE})
    # Spam is answered as held, so that a spammer learns nothing from the answer.
    return Status(201, {"id": comment.pk, "status": "held", "message": HELD_MESSAGE})
