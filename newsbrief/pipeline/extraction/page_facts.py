"""What a page says of itself in its markup, for when trafilatura's metadata has nothing: its title and its URL.

trafilatura takes a title from the page's headline markup and meta tags, but
passes over a `<title>` with a full stop in it ("Mr. Ross resigns") and gives
none for a page with several `<h1>`; it takes a URL from `rel=canonical` and
`og:url`, but an `og:url` it cannot validate is dropped.
"""

from __future__ import annotations

import lxml.html

from newsbrief.pipeline.duplicates.keys import web_url

_META_TITLE = ("og:title", "twitter:title")


def _meta(tree: lxml.html.HtmlElement, names: tuple[str, ...]) -> str:
    for element in tree.iterfind(".//meta[@content]"):
        if (element.get("property") or element.get("name") or "").strip().lower() in names:
            if content := " ".join(element.get("content", "").split()):
                return content
    return ""


def _text(element: lxml.html.HtmlElement | None) -> str:
    return " ".join(element.text_content().split()) if element is not None else ""


def page_title(tree: lxml.html.HtmlElement) -> str:
    """The title the page gives itself: its og:title (or twitter:title), its <title>, else its first <h1>; "" for none."""
    return _meta(tree, _META_TITLE) or _text(tree.find(".//title")) or _text(tree.find(".//h1"))


def page_url(tree: lxml.html.HtmlElement) -> str:
    """The http(s) URL the page names itself by in og:url; "" for none."""
    return web_url(_meta(tree, ("og:url",)))
