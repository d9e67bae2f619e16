"""What a browser or a feed reader would run in newsbrief's output: script elements, on… handlers, script URLs."""

import json
from xml.etree import ElementTree

from tests.site.test_security_headers import _live_parts as live_parts  # an HTML page's live parts

URL_ELEMENTS = {"link", "guid", "id", "comments", "docs", "url"}  # the feeds' elements that hold a URL
HTML_ELEMENTS = {"description", "summary", "content"}  # an item's elements that hold HTML, escaped


def web_or_empty(url: str) -> bool:
    """Whether a URL is one a link may carry: http(s), a path on the site, a feed's urn:uuid: id, or none."""
    return url == "" or url.startswith(("http://", "https://", "/", "urn:uuid:"))


def live_in_json(node, key: str = "") -> list[str]:
    """Every field named …url that is not a web URL, and the live parts of every field named …html."""
    if isinstance(node, dict):
        return [found for k, v in node.items() for found in live_in_json(v, k)]
    if isinstance(node, list):
        return [found for v in node for found in live_in_json(v, key)]
    live = []
    if isinstance(node, str) and key.endswith("url") and not web_or_empty(node):
        live.append(f"{key}={node}")
    if isinstance(node, str) and key.endswith("html"):
        live.extend(live_parts(node))
    return live


def live_in_feed(body: bytes, fmt: str) -> list[str]:
    """What a feed reader would run: the live parts of each item's HTML, and any link that is not a web URL.

    RSS and Atom are parsed as XML, so a feed that is not well-formed fails here too.
    """
    if fmt == "json":
        return live_in_json(json.loads(body))
    live = []
    for element in ElementTree.fromstring(body).iter():
        name = element.tag.rsplit("}", 1)[-1]
        if name in URL_ELEMENTS and element.text and not web_or_empty(element.text.strip()):
            live.append(f"<{name}>{element.text}")
        if name == "link" and not web_or_empty(element.get("href", "")):
            live.append(f"<link href={element.get('href')}>")
        if name in ("item", "entry"):  # the channel's own description is a line of text, an item's is HTML
            for part in element:
                if part.tag.rsplit("}", 1)[-1] in HTML_ELEMENTS and part.text:
                    live.extend(live_parts(part.text))
    return live
