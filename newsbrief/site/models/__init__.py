"""The database: sources, articles and their briefs, stories, entities and comments.

Only this package writes the database; the pipeline hands it frozen dataclasses.
"""

from newsbrief.site.models.sources import BodyMode, Source, SourceEntry
from newsbrief.site.models.stories import Entity, EntityAlias, Mention, Statement, Story, StoryIndexState, StoryLog
from newsbrief.site.models.discussion import Comment, DiscussionSettings
from newsbrief.site.models.articles import Article, Brief, near_duplicate_threshold

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
    "near_duplicate_threshold",
]
