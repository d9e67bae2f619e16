"""The plain-text brief layout of the reference page: parse it and write it back.

The layout, one block per paragraph with one blank line between blocks:

    TITLE
                                  (blank)
    COMMENT COUNT
    UUID
                                  (blank)
    LEAD
    BODY PARAGRAPH ...            (each followed by a blank line)
    In summary, CLOSING           (followed by a blank line; absent when the brief has none)
    Original Source: DOMAIN
                                  (blank)
    Leave a Reply
                                  (blank)
    Your email address will not be published. Required fields are marked *

The closing opens with its words in the article's language ("In summary, ",
"Zusammengefasst: ", "まとめると、": language/labels.py), any of which ends the body.
Chinese and Japanese text has no spaces: nothing here splits words.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from newsbrief.pipeline.errors import TextFormatError
from newsbrief.pipeline.language.labels import opens_closing
from newsbrief.pipeline.types import Article, Brief, BriefSentence

CLOSING_PREFIX = "In summary,"
SOURCE_PREFIX = "Original Source: "
REPLY_HEADING = "Leave a Reply"
REPLY_NOTICE = "Your email address will not be published. Required fields are marked *"
_DOMAIN = re.compile(r"^[A-Za-z0-9.-]+\.[A-Za-z0-9-]+$")


@dataclass(frozen=True)
class TextPage:
    """One brief in the reference text layout."""

    title: str
    comment_count: int
    id: uuid.UUID
    lead: str
    body: tuple[str, ...]
    closing: str  # with its opening words; "" when the brief has no closing
    source_domain: str


class _Lines:
    """A cursor over the lines of one file that raises TextFormatError with the line number."""

    def __init__(self, text: str, path: str):
        self.lines = text.split("\n")
        self.path = path
        self.index = 0

    def fail(self, expected: str) -> TextFormatError:
        found = self.lines[self.index] if self.index < len(self.lines) else "end of file"
        return TextFormatError(self.path, self.index + 1, expected, found[:80])

    def take(self, expected: str, check=lambda line: bool(line.strip())) -> str:
        if self.index >= len(self.lines) or not check(self.lines[self.index]):
            raise self.fail(expected)
        line = self.lines[self.index]
        self.index += 1
        return line

    def blank(self) -> None:
        self.take("a blank line", lambda line: line == "")

    def peek(self) -> str | None:
        return self.lines[self.index] if self.index < len(self.lines) else None


def _is_uuid(line: str) -> bool:
    try:
        return str(uuid.UUID(line)) == line.lower()
    except ValueError:
        return False


def parse(text: str, path: str = "<text>") -> TextPage:
    """Parse one file in the reference layout; TextFormatError names the line on any deviation."""
    if text.endswith("\n"):
        text = text[:-1]  # one final newline is tolerated, so files saved by editors import too
    lines = _Lines(text, path)
    title = lines.take("the title")
    lines.blank()
    count = lines.take("the comment count (a number)", str.isdigit)
    page_id = lines.take("the article id (a UUID)", _is_uuid)
    lines.blank()
    lead = lines.take("the lead paragraph", lambda line: bool(line.strip()) and not opens_closing(line))
    body: list[str] = []
    closing = ""
    while True:
        lines.blank()
        paragraph = lines.take(f"a body paragraph, the closing ({CLOSING_PREFIX!r} …) or '{SOURCE_PREFIX}DOMAIN'")
        if paragraph.startswith(SOURCE_PREFIX):
            lines.index -= 1  # a brief without a closing
            break
        if opens_closing(paragraph):
            closing = paragraph
            lines.blank()
            break
        body.append(paragraph)
    source = lines.take(
        f"'{SOURCE_PREFIX}DOMAIN'",
        lambda line: line.startswith(SOURCE_PREFIX) and bool(_DOMAIN.match(line[len(SOURCE_PREFIX) :])),
    )
    lines.blank()
    lines.take(repr(REPLY_HEADING), lambda line: line == REPLY_HEADING)
    lines.blank()
    lines.take(repr(REPLY_NOTICE), lambda line: line == REPLY_NOTICE)
    if lines.peek() is not None:
        raise lines.fail("the end of the file")
    return TextPage(
        title=title,
        comment_count=int(count),
        id=uuid.UUID(page_id),
        lead=lead,
        body=tuple(body),
        closing=closing,
        source_domain=source[len(SOURCE_PREFIX) :],
    )


def render(page: TextPage) -> str:
    """Write a page in the reference layout, byte for byte as parse() reads it."""
    blocks = [
        page.title,
        f"{page.comment_count}\n{page.id}",
        page.lead,
        *page.body,
        *([page.closing] if page.closing else []),
        SOURCE_PREFIX + page.source_domain,
        REPLY_HEADING,
        REPLY_NOTICE,
    ]
    return "\n\n".join(blocks)


def _imported(paragraph: str) -> BriefSentence:
    return BriefSentence(paragraph, None, "imported")


def to_article(page: TextPage) -> tuple[Article, Brief]:
    """The article (not yet keyed) and brief that an imported page stands for; its text is the brief's body."""
    text = "\n\n".join(page.body) or page.lead
    article = Article(
        url="",
        canonical_url="",
        title=page.title,
        text=text,
        source_domain=page.source_domain,
        content_hash="",
        text_origin="brief",
    )
    brief = Brief(
        lead=(_imported(page.lead),),
        closing=(_imported(page.closing),) if page.closing else (),
        body=tuple((_imported(p),) for p in page.body),
        method="imported",
    )
    return article, brief
