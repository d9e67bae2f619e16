"""The database: sources, articles and their briefs, stories, entities and comments.

Models hold fields and queries only: site/store/ writes articles, briefs, enrichment
and stories; the pipeline hands it frozen dataclasses.
"""

from newsbrief.site.models.sources import BodyMode, Source, SourceEntry
from newsbrief.site.models.stories import (
    Entity, EntityAlias, Mention, Statement, Story, StoryIndexState, StoryLog, Thread,
)
from newsbrief.site.models.discussion import Comment, DiscussionSettings
from newsbrief.site.models.articles import Article, Brief

__all__ = [
    "Article",
    "BodyMode",
    "Brief",
    "Comment",
    "DiscussionSettings",
    "Entity",
    "EntityAlias",
    "Mention",
    "Source",
    "SourceEntry",
    "Statement",
    "Story",
    "StoryIndexState",
    "StoryLog",
    "Thread",
]
