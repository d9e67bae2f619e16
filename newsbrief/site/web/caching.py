"""The page cache: rendered public pages and feeds kept for anonymous readers, invalidated on every write.

Only views marked with `@reader_cacheable` are cached, and only for requests that
cannot be personal: a GET with no Cookie and no Authorization header (no session,
so no staff user and no one-time messages; no CSRF cookie of its own). Only a 200
answer that sets no cookie of its own is kept.

Per-request parts are never shared: the comment form's CSRF token and its signed
fill-time token are cut out of the stored copy ("holes") and made fresh for each
reader it is served to, so each reader gets a CSRF cookie and token of their own
(CsrfViewMiddleware sets the cookie, as on an uncached page) and a fill-time token
issued when the page was served.

Invalidation: a page is stored under its URL with the generation of each tag it
shows (site/store/page_generation.py), read before its data, and served again only
while every one is unchanged. The view's mark names the object the URL's `pk` is
(`@reader_cacheable(shows="story")`: the story's page); an unmarked one lists the newest
briefs (LISTS); every page shows SITE; a view names more as it renders, before reading
them (`page_shows`: the article page, its story). Every write of the store changes the
tags of what it wrote and what shows it (site/store/page_tags.py), so the pages it
changed go stale and the rest are served on; any other write to one of the app's models
(post_save, post_delete, m2m_changed) changes the tags its row is shown under; the
admin's bulk moderation, which writes with queryset.update() and so sends no signal,
invalidates the pages of its comments' articles itself. Generations are shared by every
worker and command: a file beside the SQLite database, or the shared cache
(NEWSBRIEF_CACHE_URL: Redis, where the pages are kept too, for every web server). A
request that writes nothing (a POST to a read-only page is a 405; a refused login)
leaves the cache alone, so that no one can empty it at will. NEWSBRIEF_CACHE_SECONDS
bounds how long a page is kept in any case (0 turns the cache off).
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field

from django.core import signing
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token

from newsbrief import config
from newsbrief.site.store.page_generation import LISTS, SITE, generations, invalidate, tag
from newsbrief.site.store.page_tags import row_tags
from newsbrief.site.web import comments
from newsbrief.site.web.metrics import PAGE_CACHE

CACHE_ALIAS = "pages"
APP_LABEL = "newsbrief"

_CSRF_HOLE = "\x00csrf\x00"
_ISSUED_HOLE = "\x00issued\x00"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_ISSUED_INPUT = re.compile(r'(name="' + comments.TOKEN_FIELD + r'" value=")([^"]*)(")')
_KEPT_HEADERS = ("Content-Type", "Content-Language", "Link")


def cache_seconds() -> int:
    """NEWSBRIEF_CACHE_SECONDS: how long a rendered page may be served again; 0 turns the cache off."""
    return config.value("NEWSBRIEF_CACHE_SECONDS")


def reader_cacheable(view=None, *, shows: str | None = None):
    """Mark a view (a function, or a class whose instances are views) as cacheable for anonymous readers.

    shows: the kind of object (page_generation.KINDS) the URL's `pk` names, whose
    page this is; none for a page that lists the newest briefs (the LISTS tag).
    """

    def mark(target):
        target.newsbrief_page_cache = True
        target.newsbrief_page_shows = shows
        return target

    return mark if view is None else mark(view)


def page_shows(request, *tags: str) -> None:
    """Name more tags the page being rendered shows; call it before reading what they cover."""
    render = getattr(request, "_newsbrief_page", None)
    if render is not None:
        render.add(tags)


@receiver(post_save, dispatch_uid="newsbrief.page_cache.saved")
@receiver(post_delete, dispatch_uid="newsbrief.page_cache.deleted")
@receiver(m2m_changed, dispatch_uid="newsbrief.page_cache.m2m")
def _model_changed(sender, instance, created=False, **kwargs):
    if sender._meta.app_label == APP_LABEL:  # m2m_changed: sender is the through model, instance the row changed
        invalidate(*row_tags(instance, created=created))


@dataclass
class _Render:
    """A page being rendered for the cache: its key, and each tag it shows with the generation read before its data."""

    key: str
    shown: dict[str, str] = field(default_factory=dict)

    def add(self, tags) -> None:
        new = [name for name in dict.fromkeys(tags) if name not in self.shown]
        self.shown.update(zip(new, generations(new)))


def _key(request) -> str:
    uri = request.build_absolute_uri()
    digest = hashlib.sha256(uri.encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{digest}"


def _first_tags(view_func, view_kwargs) -> tuple[str, ...]:
    """The tags a view's page shows, known from its URL before it runs."""
    shows = getattr(view_func, "newsbrief_page_shows", None)
    return (SITE, tag(shows, view_kwargs["pk"]) if shows else LISTS)


def _anonymous(request) -> bool:
    return (
        request.method == "GET"
        and not request.META.get("HTTP_COOKIE", "").strip()
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _punch_holes(text: str) -> str | None:
    """The page with its per-request tokens replaced by holes; None when a token cannot be recognised."""
    text = _CSRF_INPUT.sub(lambda m: m.group(1) + _CSRF_HOLE + m.group(2), text)

    def issued(match):
        try:
            article = signing.loads(match.group(2), salt=comments.TOKEN_SALT)["a"]
        except (signing.BadSignature, KeyError, TypeError):
            raise ValueError from None
        return f"{match.group(1)}{_ISSUED_HOLE}{article}{_ISSUED_HOLE}{match.group(3)}"

    try:
        return _ISSUED_INPUT.sub(issued, text)
    except ValueError:
        return None


_ISSUED_FILLED = re.compile(re.escape(_ISSUED_HOLE) + r"([^\x00]*)" + re.escape(_ISSUED_HOLE))


def _fill_holes(text: str, request) -> str:
    if _CSRF_HOLE in text:
        text = text.replace(_CSRF_HOLE, get_token(request))  # a token of this reader's own; the cookie follows
    if _ISSUED_HOLE in text:
        now = time.time()
        text = _ISSUED_FILLED.sub(
            lambda m: signing.dumps({"a": m.group(1), "t": now}, salt=comments.TOKEN_SALT), text
        )
    return text


class PageCacheMiddleware:
    """Serves and stores anonymous readers' copies of the views marked @reader_cacheable (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if render := getattr(request, "_newsbrief_page", None):  # set for an anonymous GET only
            self._store(render, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "newsbrief_page_cache", False) or not _anonymous(request):
            return None
        seconds = cache_seconds()
        if not seconds:
            return None
        key = _key(request)
        entry = caches[CACHE_ALIAS].get(key)
        current = entry is not None and generations(entry[0]) == tuple(entry[0].values())
        PAGE_CACHE.labels("hit" if current else "miss").inc()
        if not current:
            request._newsbrief_page = render = _Render(key)
            render.add(_first_tags(view_func, view_kwargs))
            return None
        _, text, headers = entry
        response = HttpResponse(_fill_holes(text, request), headers=headers)
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _store(render: _Render, response) -> None:
        if response.status_code != 200 or response.streaming or response.cookies:
            return
        if "private" in response.get("Cache-Control", "") or "no-store" in response.get("Cache-Control", ""):
            return
        charset = response.charset or "utf-8"
        try:
            text = _punch_holes(response.content.decode(charset))
        except UnicodeDecodeError:
            return
        if text is None:
            return
        headers = {name: response[name] for name in _KEPT_HEADERS if response.has_header(name)}
        caches[CACHE_ALIAS].set(render.key, (dict(render.shown), text, headers), cache_seconds())
        response["X-Page-Cache"] = "miss"
