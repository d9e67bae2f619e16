"""The comment_text filter: a reader's text as escaped paragraphs and autolinks, cleaned by nh3."""

from __future__ import annotations

import nh3
from django import template
from django.utils.html import Urlizer, linebreaks
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# What a comment may contain once rendered: paragraphs, line breaks and links, nothing else.
TAGS = {"p", "br", "a"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https"}
# nofollow ugc: search engines give reader links no credit (the spam incentive);
# noopener: a linked page cannot reach back into ours.
LINK_REL = "nofollow ugc noopener"


class _WebUrlizer(Urlizer):
    """Django's urlize, but for web addresses only: an email address in a comment stays plain text."""

    @staticmethod
    def is_email_simple(value):
        return False


_urlize = _WebUrlizer()


def render_comment_text(text: str) -> SafeString:
    """The comment's text as HTML: escaped, paragraphs and autolinked URLs only, then sanitized by nh3."""
    # urlize escapes everything it does not turn into a link; linebreaks then only adds <p> and <br>.
    html = linebreaks(_urlize(text, nofollow=False, autoescape=True), autoescape=False)
    # nh3 is the last word whatever the steps before missed: only TAGS, only http(s) links.
    cleaned = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=LINK_REL)
    return mark_safe(cleaned)  # noqa: S308 - nh3 output is safe by construction


def count_links(text: str) -> int:
    """How many links the comment shows once rendered."""
    return render_comment_text(text).count("<a href=")


@register.filter(is_safe=True)
def comment_text(text: str) -> SafeString:
    """Template filter: {{ comment.body|comment_text }}."""
    return render_comment_text(str(text))
