"""Read OPML subscription lists (what feed readers export) safely: no DTD entities, no external references."""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

import defusedxml
import defusedxml.ElementTree

from newsbrief.pipeline.errors import InputError


@dataclass(frozen=True)
class Subscription:
    """One feed an OPML file subscribes to: its URL and the title the reader gave it."""

    url: str
    title: str = ""


def _attribute(element, name: str) -> str:
    """An attribute by name, whatever its case (exporters write xmlUrl, xmlurl and XMLURL)."""
    wanted = name.lower()
    for key, value in element.attrib.items():
        if key.lower() == wanted:
            return " ".join(value.split())
    return ""


def read_opml(data: bytes, origin: str) -> list[Subscription]:
    """The feeds an OPML document subscribes to, at any depth of outline, in document order, each URL once."""
    try:
        # defusedxml refuses entity declarations (billion laughs) and external
        # references (XXE); a plain DOCTYPE, as some exporters write, is harmless.
        root = defusedxml.ElementTree.fromstring(data, forbid_dtd=False)
    except defusedxml.DefusedXmlException as refused:
        raise InputError(
            f"{origin}: OPML refused, it declares XML entities or external references ({refused})"
        ) from None
    except ParseError as malformed:
        raise InputError(f"{origin}: malformed OPML: {malformed}") from None
    tag = root.tag.rsplit("}", 1)[-1] if isinstance(root.tag, str) else ""
    if tag.lower() != "opml":
        raise InputError(f"{origin}: not an OPML file (its root element is <{tag}>, not <opml>)")
    subscriptions, seen = [], set()
    for outline in root.iter():
        if not isinstance(outline.tag, str) or outline.tag.rsplit("}", 1)[-1].lower() != "outline":
            continue
        url = _attribute(outline, "xmlUrl")
        if not url or url in seen:
            continue  # a folder outline has no xmlUrl; its children are read in turn
        seen.add(url)
        subscriptions.append(Subscription(url=url, title=_attribute(outline, "title") or _attribute(outline, "text")))
    return subscriptions
