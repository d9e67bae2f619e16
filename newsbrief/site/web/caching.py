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

Invalidation: pages are stored per process (the "pages" cache) under a generation
key (site/store/page_generation.py). Every write of the store, one article or a
backfill's batch, and any other write to one of the app's models (post_save,
post_delete, m2m_changed) changes the process's own generation at once, and the
shared generation (a small file beside the SQLite database, or
var/page-cache-generation, read by every worker and command) after the
transaction commits; the admin's bulk moderation, which writes with queryset.update()
and so sends no signal, invalidates itself. A request that writes nothing (a POST to a
read-only page is a 405; a refused login) leaves the cache alone, so that no one can
empty it at will. NEWSBRIEF_CACHE_SECONDS bounds how long a page is kept in any case
(0 turns the cache off); it is also the staleness bound between hosts that do not
share the generation file.
"""

from __future__ import annotations

import hashlib
import re
import time

from django.core import signing
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.csrf import get_token

from newsbrief import config
from newsbrief.site.store.page_generation import invalidate, local_generation, shared_generation
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


def reader_cacheable(view):
    """Mark a view (a function, or a class whose instances are views) as cacheable for anonymous readers."""
    view.newsbrief_page_cache = True
    return view


@receiver(post_save, dispatch_uid="newsbrief.page_cache.saved")
@receiver(post_delete, dispatch_uid="newsbrief.page_cache.deleted")
@receiver(m2m_changed, dispatch_uid="newsbrief.page_cache.m2m")
def _model_changed(sender, **kwargs):
    if sender._meta.app_label == APP_LABEL or getattr(sender._meta, "auto_created", False):
        invalidate()


def _key(request) -> str:
    uri = request.build_absolute_uri()
    digest = hashlib.sha256(uri.encode("utf-8", "surrogatepass")).hexdigest()
    return f"page:{shared_generation()}:{local_generation()}:{digest}"


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
        if getattr(request, "_newsbrief_page_key", None):  # set for an anonymous GET only
            self._store(request._newsbrief_page_key, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "newsbrief_page_cache", False) or not _anonymous(request):
            return None
        seconds = cache_seconds()
        if not seconds:
            return None
        key = _key(request)
        entry = caches[CACHE_ALIAS].get(key)
        PAGE_CACHE.labels("miss" if entry is None else "hit").inc()
        if entry is None:
            request._newsbrief_page_key = key
            return None
        text, headers = entry
        response = HttpResponse(_fill_holes(text, request), headers=headers)
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _store(key, response) -> None:
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
        caches[CACHE_ALIAS].set(key, (text, headers), cache_seconds())
        response["X-Page-Cache"] = "miss"
