"""A source's body mode on every brief: bodies written under another mode are rewritten under the source's.

A source's body mode (full, condensed, excerpt, none) is how much of its text a
brief may republish. Every page, feed, API answer and export prints the stored
brief, so the stored body is what must follow the mode: when a source's mode
changes (side_effects.py's receiver) and when a write stores a brief under
another mode than its source's (a backfill briefs every record as condensed).
Only the body changes; lead, key points and closing stay as written.
"""

from __future__ import annotations

from django.db.models import F, QuerySet

from newsbrief.pipeline import types
from newsbrief.pipeline.process import write_brief
from newsbrief.site.models import BodyMode, Brief

REWRITTEN_AT_ONCE = 200  # briefs read and written per round: a big source's change never holds them all


def conform_bodies(briefs: QuerySet) -> list[int]:
    """Rewrite the bodies among `briefs` written under another mode than their source's now; their ids."""
    stale = (
        briefs.filter(article__source__isnull=False)
        .exclude(body_mode=F("article__source__body_mode"))
        .select_related("article__source")
        .order_by("pk")
    )
    done: list[int] = []
    while batch := list(stale.filter(pk__gt=done[-1] if done else 0)[:REWRITTEN_AT_ONCE]):
        for brief in batch:
            _rewrite_body(brief, brief.article.source.body_mode)
        Brief.objects.bulk_update(batch, ["body", "provenance", "body_mode"])
        done += [brief.pk for brief in batch]
    return done


def _rewrite_body(brief: Brief, mode: str) -> None:
    """The brief's body and its provenance as the pipeline writes them under `mode`."""
    article = brief.article
    # As process_article wrote it: in the article's language (stored by the language phase).
    body = write_brief(article.title, article.text, body_mode=_mode_for_text(brief, mode),
                       language=article.language).body
    fields = Brief.fields_from(types.Brief(lead=(), closing=(), body=body))
    brief.body = fields["body"]
    brief.provenance = [entry for entry in brief.provenance if entry.get("part") != "body"] + fields["provenance"]
    brief.body_mode = mode


def _mode_for_text(brief: Brief, mode: str) -> str:
    """The mode to apply to the article's text: an imported brief's text is its body as written, condensed already."""
    if brief.article.text_origin != "brief" or mode != BodyMode.CONDENSED:
        return mode
    # Imported without a body, the text is the lead (pipeline/briefs/textformat.py): no body to restore.
    return BodyMode.NONE if brief.article.text == brief.lead else BodyMode.FULL
