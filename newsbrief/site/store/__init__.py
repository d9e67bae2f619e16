"""The store: the only code that writes articles, briefs, enrichment and story assignments.

One article at a time (polling, file ingest, text import) goes through
`store_article`; a backfill's batches through `BulkWriter`. Both follow the same
rules (exact duplicates refused, near copies linked to the earliest published,
revisions chained, one entity per name) and end every write with the same side
effects (side_effects.py): story totals refreshed, briefs (re)indexed for
search, cached pages made stale.
"""

from newsbrief.site.store.article_rows import outlet_source
from newsbrief.site.store.articles_write import near_duplicate_index, store_article
from newsbrief.site.store.bulk_write import BulkArticle, BulkWriter, Written
from newsbrief.site.store.disk_full import disk_full_is_storage_full
from newsbrief.site.store.search_upkeep import rebuild_search_index
from newsbrief.site.store.story_index_log import story_index
from newsbrief.site.store.story_membership import merge_stories, refresh_stories

__all__ = [
    "BulkArticle",
    "BulkWriter",
    "Written",
    "disk_full_is_storage_full",
    "merge_stories",
    "near_duplicate_index",
    "outlet_source",
    "rebuild_search_index",
    "refresh_stories",
    "store_article",
    "story_index",
]
