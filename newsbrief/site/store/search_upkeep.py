"""The search index's upkeep: one row per brief (SQLite FTS5 or a PostgreSQL tsvector), keyed by the brief's id.

The store (re)indexes the briefs of each of its writes (side_effects.py); the
receivers below do it for edits made anywhere else: the admin, a shell. The
query side is site/web/search.py.
"""

from __future__ import annotations

from django.db import connection
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from newsbrief.site.models import Article, Brief

TABLE = "newsbrief_search"
INDEXED_TEXT_CHARS = 100_000  # of each article's text; PostgreSQL's tsvector is limited to 1 MB
# What the index holds of an article: a save touching none of these leaves it as it is.
INDEXED_ARTICLE_FIELDS = frozenset({"title", "text"})


def index_brief(*brief_ids: int) -> None:
    """(Re)index briefs after their article or brief was written or deleted; a brief no longer there leaves the index."""
    if not brief_ids:
        return
    ids = list(brief_ids)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Title weighs A, lead B, text D.
            cursor.execute(f"DELETE FROM {TABLE} WHERE brief_id IN ({marks})", ids)
            cursor.execute(
                f"INSERT INTO {TABLE} (brief_id, document)"
                " SELECT b.id, setweight(to_tsvector('english', a.title), 'A')"
                " || setweight(to_tsvector('english', b.lead), 'B')"
                f" || setweight(to_tsvector('english', left(a.text, {INDEXED_TEXT_CHARS})), 'D')"
                f" FROM newsbrief_brief b JOIN newsbrief_article a ON a.id = b.article_id WHERE b.id IN ({marks})"
                " ON CONFLICT (brief_id) DO UPDATE SET document = EXCLUDED.document",
                ids,
            )
        else:  # FTS5, rowid = brief id
            cursor.execute(f"DELETE FROM {TABLE} WHERE rowid IN ({marks})", ids)
            cursor.execute(
                f"INSERT INTO {TABLE} (rowid, title, lead, text)"
                f" SELECT b.id, a.title, b.lead, substr(a.text, 1, {INDEXED_TEXT_CHARS})"
                f" FROM newsbrief_brief b JOIN newsbrief_article a ON a.id = b.article_id WHERE b.id IN ({marks})",
                ids,
            )


def rebuild_search_index(batch: int = 1000) -> int:
    """Index every brief afresh (after edits made outside the write path); returns how many."""
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {TABLE}" if connection.vendor == "postgresql" else f"DELETE FROM {TABLE}")
    ids = list(Brief.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        index_brief(*ids[start : start + batch])
    return len(ids)


@receiver(post_save, sender=Brief, dispatch_uid="newsbrief.search.brief_saved")
@receiver(post_delete, sender=Brief, dispatch_uid="newsbrief.search.brief_deleted")
def _brief_written(sender, instance: Brief, **kwargs) -> None:
    """Index a brief saved or deleted outside the store: the admin, a shell."""
    index_brief(instance.pk)


@receiver(post_save, sender=Article, dispatch_uid="newsbrief.search.article_saved")
def _article_saved(sender, instance: Article, update_fields=None, **kwargs) -> None:
    """Reindex an article's brief when its title or text may have changed."""
    if update_fields is not None and not INDEXED_ARTICLE_FIELDS & set(update_fields):
        return
    index_brief(*Brief.objects.filter(article=instance).values_list("pk", flat=True))
