"""The comment_threads tag: approved comments as top-level comments, each with its replies."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django import template

from newsbrief.site.models import Comment

register = template.Library()


@dataclass
class Thread:
    """A top-level comment and its replies, oldest first."""

    comment: Comment
    replies: list[Comment] = field(default_factory=list)


@register.simple_tag
def comment_threads(comments) -> list[Thread]:
    """{% comment_threads comments as threads %}: group approved comments one level deep."""
    comments = list(comments)
    shown = {c.pk for c in comments}
    replies: dict[int, list[Comment]] = defaultdict(list)
    threads = []
    for comment in comments:
        # A reply whose comment is no longer shown (spam, trash) stands on its own rather than vanish.
        if comment.parent_id in shown:
            replies[comment.parent_id].append(comment)
        else:
            threads.append(Thread(comment))
    for thread in threads:
        thread.replies = replies.get(thread.comment.pk, [])
    return threads
