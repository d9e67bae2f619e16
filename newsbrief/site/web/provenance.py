"""Source marks: each brief sentence with the paragraph it came from and a link to that place."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from newsbrief.pipeline.duplicates.keys import web_url

# Text fragments match whole words; a few at each end find the sentence without
# spelling all of it into the URL.
FRAGMENT_WORDS = 5


@dataclass(frozen=True)
class MarkedSentence:
    """A brief sentence, and where in the original it stands (paragraph is 1-based; 0 when unknown)."""

    text: str
    paragraph: int = 0
    href: str = ""


def _fragment(source: str) -> str:
    """A URL text fragment (#:~:text=start,end) that highlights the source sentence in the original."""
    words = source.split()
    encode = lambda part: quote(" ".join(part), safe="").replace("-", "%2D")  # noqa: E731
    if len(words) <= 2 * FRAGMENT_WORDS:
        return "#:~:text=" + encode(words)
    return f"#:~:text={encode(words[:FRAGMENT_WORDS])},{encode(words[-FRAGMENT_WORDS:])}"


def _mark(entry: dict, paragraphs: list[str], original_url: str) -> MarkedSentence:
    if "paragraph" not in entry or entry["paragraph"] >= len(paragraphs):
        return MarkedSentence(entry["text"])
    source = paragraphs[entry["paragraph"]][entry["start"] : entry["end"]]
    href = original_url + _fragment(source) if original_url else ""
    return MarkedSentence(entry["text"], entry["paragraph"] + 1, href)


def marked_sentence(entry: dict, article) -> MarkedSentence:
    """One sentence taken from an article ({text, paragraph, start, end}), with its place in the original."""
    return _mark(entry, [p for p in article.text.split("\n\n") if p.strip()], web_url(article.url))


def marked_brief(article) -> dict[str, list]:
    """The brief's parts as marked sentences: lead, key_points, closing, and body as a list of paragraphs."""
    paragraphs = [p for p in article.text.split("\n\n") if p.strip()]
    url = web_url(article.url)
    parts: dict[str, list] = {"lead": [], "key_points": [], "closing": [], "body": []}
    for entry in article.brief.provenance:
        mark = _mark(entry, paragraphs, url)
        if entry["part"] == "body":
            group = entry.get("group", 0)
            while len(parts["body"]) <= group:
                parts["body"].append([])
            parts["body"][group].append(mark)
        else:
            parts[entry["part"]].append(mark)
    return parts
