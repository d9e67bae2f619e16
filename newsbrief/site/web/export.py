"""Static export: the whole publication as plain files (HTML, feeds, CSS and a sitemap) for any static host.

Every page is rendered by the real views through Django's test Client, so an
exported page is the served page, with three changes a static host needs:
internal links point at the exported files (relative, or absolute under a base
URL), what cannot work without the server is left out (the search box, links to
the API, search and admin, "Reply" links), and the comment form gives way to a
line saying comments are closed in the static copy. The discussion itself stays,
read-only. Each page carries the live site's Content-Security-Policy as a <meta>
tag, since a static host sends no header of ours. Feeds carry absolute links
under the base URL (root-relative without one).
"""

from __future__ import annotations

import posixpath
import re
import shutil
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Exists, OuterRef
from django.test import Client, override_settings
from django.urls import reverse

from newsbrief.pipeline.errors import InputError
from newsbrief.site.web.security import CONTENT_SECURITY_POLICY
from newsbrief.site.web.syndication import FORMATS
from newsbrief.site.models import Article, Entity, Mention, Source, Story, Thread

HOST = "testserver"
# Paths that only a running server can answer: never exported, links to them are unlinked.
SERVER_ONLY = ("/admin/", "/api/", "/search/")
CLOSED = (
    '<p class="comments-closed">Comments are closed in this static copy of the site; '
    "the discussion above is shown as it stood when the copy was made.</p>"
)
_ATTR = re.compile(r'(\s(?:href|src|action)=")([^"]*)(")')
_FORM = re.compile(r'<form method="post"[^>]*>.*?</form>', re.DOTALL)
_SEARCH = re.compile(r'<form class="site-search"[^>]*>.*?</form>', re.DOTALL)
_REPLY = re.compile(r'<p class="reply">.*?</p>', re.DOTALL)
_CANCEL = re.compile(r'<p class="cancel-reply">.*?</p>', re.DOTALL)
_CSRF = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>')
# A static host sends none of our headers, so each page carries the live site's policy itself.
# frame-ancestors is left out: a <meta> policy cannot carry it (browsers ignore it there).
_META_POLICY = "; ".join(d for d in CONTENT_SECURITY_POLICY.split("; ") if not d.startswith("frame-ancestors "))
POLICY_META = f'<meta http-equiv="Content-Security-Policy" content="{_META_POLICY}">'


@dataclass
class ExportResult:
    """What an export wrote: files by kind, relative to the export's directory."""

    pages: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    assets: list[str] = field(default_factory=list)
    sitemap: str = "sitemap.xml"

    @property
    def files(self) -> int:
        return len(self.pages) + len(self.feeds) + len(self.assets) + 1


# (phase, items done, items known so far): "rendering" pages and feeds as the crawl finds them, then "writing" files.
Progress = Callable[[str, int, int], None]


def export_site(directory: str | Path, base_url: str | None = None,
                progress: Progress | None = None) -> ExportResult:
    """Write the publication under directory; links are relative, or absolute under base_url."""
    if base_url is not None:
        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InputError(f"--base-url must be an http(s) URL, not {base_url!r}")
        base_url = base_url.rstrip("/") + "/"
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    with override_settings(ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, HOST]):
        return _Exporter(out, base_url).run(progress or (lambda phase, done, total: None))


class _Exporter:
    def __init__(self, out: Path, base_url: str | None):
        self.out = out
        self.base_url = base_url
        self.client = Client(HTTP_HOST=HOST)
        self.files: dict[str, str] = {}  # URL (path and query) -> file, relative to out
        self.redirects: dict[str, str] = {}  # URL -> URL it redirects to
        self.bodies: dict[str, tuple[bytes, str]] = {}  # file -> (body, content type)
        self.result = ExportResult()

    def run(self, progress: Progress) -> ExportResult:
        queue = deque(self._seeds())
        seen = set(queue)
        while queue:
            progress("rendering", len(seen) - len(queue), len(seen))
            url = queue.popleft()
            for link in self._fetch(url):
                if link not in seen:
                    seen.add(link)
                    queue.append(link)
        progress("rendering", len(seen), len(seen))
        urls = {name: url for url, name in self.files.items()}
        for written, (name, (body, kind)) in enumerate(sorted(self.bodies.items())):
            progress("writing", written, len(self.bodies))
            if "html" in kind:
                self._write(name, self._rewrite_page(name, urls[name], body.decode()).encode())
                self.result.pages.append(name)
            else:
                self._write(name, self._rewrite_feed(body.decode()).encode())
                self.result.feeds.append(name)
        self._write(self.result.sitemap, self._sitemap().encode())
        progress("writing", len(self.bodies), len(self.bodies))
        return self.result

    def _seeds(self) -> list[str]:
        """Every page and feed of the publication; the crawl adds what they link to (pages 2, comment feeds)."""
        urls = [reverse("front"), reverse("about"), reverse("sources")]
        urls += [reverse(f"latest-feed-{fmt}") for fmt in FORMATS]
        published = Article.objects.published()
        urls += [item.get_absolute_url() for item in published]
        named = Mention.objects.filter(entity=OuterRef("pk"), article__in=published)
        subjects = [
            ("story", Story.objects.filter(merged_into__isnull=True, size__gt=0)),
            ("thread", Thread.objects.filter(merged_into__isnull=True, event_count__gt=0)),
            ("entity", Entity.objects.filter(Exists(named))),
            ("source", Source.objects.all()),
        ]
        for name, objects in subjects:
            for item in objects:
                urls.append(item.get_absolute_url())
                urls += [reverse(f"{name}-feed-{fmt}", args=[item.pk]) for fmt in FORMATS]
        return list(dict.fromkeys(urls))

    def _fetch(self, url: str) -> list[str]:
        """Render url (or copy a static file); return the internal URLs it links to."""
        if url.startswith("/" + settings.STATIC_URL.strip("/") + "/"):
            self._copy_static(url)
            return []
        response = self.client.get(url)
        if response.status_code in (301, 302):
            target = _internal(response["Location"], url)
            if target:
                self.redirects[url] = target
                return [target]
            return []
        if response.status_code != 200:
            return []
        kind = response.get("Content-Type", "")
        name = _file_name(url, kind)
        self.files[url] = name
        body = response.getvalue()
        self.bodies[name] = (body, kind)
        if "html" not in kind:
            return []
        links = []
        for _, link, _ in _ATTR.findall(_strip_server_only(body.decode())):
            target = _internal(link.replace("&amp;", "&"), url)
            if target and _exportable(target):
                links.append(target)
        return links

    def _copy_static(self, url: str) -> None:
        relative = url.split("?")[0][len(settings.STATIC_URL.strip("/")) + 2 :]
        found = finders.find(relative)
        if found:
            name = url.lstrip("/").split("?")[0]
            (self.out / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(found, self.out / name)
            self.files[url] = name
            self.result.assets.append(name)

    def _resolve(self, url: str) -> str | None:
        """The exported file an internal URL ends at, following redirects; None when there is none."""
        for _ in range(5):
            if url in self.files:
                return self.files[url]
            if url not in self.redirects:
                return None
            url = self.redirects[url]
        return None

    def _href(self, page: str, link: str, current_url: str) -> str | None:
        """What a link in page becomes: the same for external links, the exported file, or None (unlinked)."""
        if link.startswith("#") or not link:
            return link
        target = _internal(link.replace("&amp;", "&"), current_url)
        if target is None:
            return link  # another site, mailto: and the like
        fragment = "#" + link.split("#", 1)[1] if "#" in link else ""
        name = self._resolve(target)
        if name is None:
            return None
        if self.base_url:
            return self.base_url + _public_path(name) + fragment
        return posixpath.relpath(name, posixpath.dirname(page) or ".") + fragment

    def _rewrite_page(self, name: str, url: str, html: str) -> str:
        html = _strip_server_only(html).replace("<head>", "<head>\n  " + POLICY_META, 1)

        def attr(match: re.Match) -> str:
            new = self._href(name, match.group(2), url)
            if new is None:
                return ""  # an <a> without href: text, not a dead link
            return match.group(1) + new.replace("&", "&amp;") + match.group(3)

        return _ATTR.sub(attr, html)

    def _rewrite_feed(self, text: str) -> str:
        """Feeds: this site's absolute URLs move under the base URL (root-relative without one)."""
        prefix = self.base_url or "/"

        def absolute(match: re.Match) -> str:
            path = "/" + match.group(1)
            name = self._resolve(path.split("#")[0])
            fragment = "#" + path.split("#", 1)[1] if "#" in path else ""
            return prefix + (_public_path(name) if name else path.lstrip("/").split("#")[0]) + fragment

        return re.sub(rf"http://{HOST}/([^\s\"'<>]*)", absolute, text)

    def _sitemap(self) -> str:
        prefix = self.base_url or "/"
        locs = sorted(prefix + _public_path(name) for name in self.result.pages)
        entries = "".join(f"  <url><loc>{xml_escape(loc)}</loc></url>\n" for loc in locs)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + entries + "</urlset>\n"
        )

    def _write(self, name: str, data: bytes) -> None:
        path = self.out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def _strip_server_only(html: str) -> str:
    """The page less what needs a server: the comment form (comments are closed), search, reply links."""
    html = _FORM.sub(CLOSED, html)
    html = _SEARCH.sub("", html)
    html = _REPLY.sub("", html)
    html = _CANCEL.sub("", html)
    return _CSRF.sub("", html)


def _internal(link: str, current: str) -> str | None:
    """The site path (with a page query, if any) a link points at; None for other sites and schemes."""
    parts = urlsplit(link)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return None
    if parts.netloc and parts.netloc != HOST:
        return None
    path = parts.path or urlsplit(current).path
    if not path.startswith("/"):
        path = posixpath.normpath(posixpath.join(posixpath.dirname(urlsplit(current).path), path))
        path += "/" if link.rstrip("#").endswith("/") else ""
    page = parse_qs(parts.query).get("page", [""])[0]
    if parts.query and not (page.isdigit() and set(parse_qs(parts.query)) == {"page"}):
        return path + "?" + parts.query  # a query a static file cannot answer (replytocom, search): not exported
    return path + (f"?page={page}" if page and page != "1" else "")


def _exportable(url: str) -> bool:
    path = url.split("?")[0]
    return not path.startswith(SERVER_ONLY) and ("?" not in url or "?page=" in url)


def _file_name(url: str, content_type: str) -> str:
    """Where a URL's body lies in the export: directories get index.html (index.xml, index.json for feeds)."""
    path, _, query = url.partition("?")
    if query:
        path += f"page/{query.split('=', 1)[1]}/"
    path = path.lstrip("/")
    if path and not path.endswith("/"):
        return path
    if "html" in content_type:
        index = "index.html"
    elif "json" in content_type:
        index = "index.json"
    else:
        index = "index.xml"
    return path + index


def _public_path(name: str) -> str:
    """A file's URL path on a static host: a page's directory rather than its index.html."""
    return name.removesuffix("index.html")
