"""Feeds out: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the latest briefs, site-wide and per source, story, thread
and entity.

One Feed class per subject (django.contrib.syndication); the format is only its
feed_type, so the three formats of one subject cannot drift apart. Feed URLs end
in .rss, .atom and .json so that a static export can serve them as plain files.
"""

from __future__ import annotations

import json
import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.views.decorators.http import require_safe

from newsbrief.site.web.caching import reader_cacheable
from newsbrief.site.models import Article, Entity, Source, Story, Thread

FEED_ITEMS = 50  # enough for a reader polling every few hours; feeds are cheap to serve
# Characters XML 1.0 cannot carry; Django refuses to write them, so they are dropped first.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Text without the characters XML 1.0 cannot carry."""
    return _NOT_XML.sub("", text or "")


class JSONFeed(SyndicationFeed):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) from the same feed and items as RSS and Atom."""

    content_type = "application/feed+json; charset=utf-8"

    def write(self, outfile, encoding):
        """Write the feed as JSON."""
        feed = {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.feed["title"],
            "home_page_url": self.feed["link"],
            "feed_url": self.feed["feed_url"],
            "description": self.feed.get("plain_description") or self.feed["description"],
            "language": self.feed["language"],
            "items": [self._item(item) for item in self.items],
        }
        text = json.dumps(_present(feed), ensure_ascii=False)
        # As json_script does: no raw <, > or & even inside strings, so no sniffing client reads markup.
        outfile.write(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))

    @staticmethod
    def _item(item: dict) -> dict:
        return _present(
            {
                "id": item["unique_id"] or item["link"],
                "url": item["link"],
                "external_url": item.get("external_url"),
                "title": item["title"],
                "summary": item.get("summary_text"),
                "content_text": item.get("content_text") or item.get("summary_text") or "",
                "date_published": item["pubdate"].isoformat() if item["pubdate"] else None,
                "date_modified": item["updateddate"].isoformat() if item["updateddate"] else None,
                "authors": [{"name": item["author_name"]}] if item["author_name"] else None,
                "tags": list(item["categories"]) or None,
            }
        )


def _present(values: dict) -> dict:
    """The entries that have a value: JSON Feed leaves out what is unknown rather than sending null."""
    return {key: value for key, value in values.items() if value not in (None, "", [])}


FORMATS = {"rss": Rss201rev2Feed, "atom": Atom1Feed, "json": JSONFeed}


@reader_cacheable  # and so every subclass below
@method_decorator(require_safe, name="__call__")  # feeds are read-only: a POST is a 405
class LatestBriefs(Feed):
    """The latest briefs of the whole site."""

    name = "latest"

    def get_object(self, request, **kwargs):
        """The feed's subject: none for the site."""
        return None

    def articles(self, obj):
        """The subject's published articles, newest first."""
        return Article.objects.published()

    def items(self, obj):
        """The newest briefs, capped."""
        return self.articles(obj).select_related("brief", "source").prefetch_related("entities")[:FEED_ITEMS]

    def title(self, obj):
        """The feed's title."""
        return "newsbrief: latest briefs"

    def description(self, obj):
        """One line on what the feed carries."""
        return "The latest briefs, each linking to its original."

    def link(self, obj):
        """The page the feed mirrors."""
        return reverse("front")

    def feed_extra_kwargs(self, obj):
        """The description as plain text too, for JSON Feed."""
        return {"plain_description": clean(self.description(obj))}

    def item_title(self, item):
        """The article's title."""
        return clean(item.title)

    def item_description(self, item):
        """The brief's lead, as HTML (RSS and Atom summaries are HTML)."""
        return escape(clean(item.brief.lead))

    def item_link(self, item):
        """The brief's page."""
        return item.get_absolute_url()

    def item_guid(self, item):
        """A stable id: the article's UUID, whatever its title or URL become."""
        return f"urn:uuid:{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        """When the article was published, else when newsbrief read it."""
        return item.published or item.ingested

    def item_updateddate(self, item):
        """When the brief was written."""
        return max(item.brief.created, self.item_pubdate(item))

    def item_author_name(self, item):
        """The outlet."""
        return clean(item.outlet_name)

    def item_categories(self, item):
        """The entities the article names."""
        return [clean(entity.name) for entity in item.entities.all()[:20]]

    def item_extra_kwargs(self, item):
        """Plain-text fields for JSON Feed; RSS and Atom ignore them."""
        brief = item.brief
        text = "\n\n".join(p for p in [brief.lead, *brief.body_paragraphs, brief.closing] if p)
        return {"summary_text": clean(brief.lead), "content_text": clean(text), "external_url": item.original_url}


@reader_cacheable(shows="source")
class SourceBriefs(LatestBriefs):
    """The latest briefs of one source."""

    name = "source"

    def get_object(self, request, pk):
        """The source."""
        return get_object_or_404(Source, pk=pk)

    def articles(self, obj):
        """The source's published articles."""
        return Article.objects.published().filter(source=obj)

    def title(self, obj):
        """The feed's title."""
        return clean(f"newsbrief: {obj.name}")

    def description(self, obj):
        """One line on what the feed carries."""
        return clean(f"The latest briefs from {obj.name}.")

    def link(self, obj):
        """The source's page."""
        return obj.get_absolute_url()


class FollowsMerges:
    """Mixed into the feed of a subject that merges (a story, a thread): an absorbed one's URL redirects."""

    subject: type[Story] | type[Thread]

    def __call__(self, request, *args, **kwargs):
        """The feed; a subject absorbed by a merge redirects to the feed of the one that took it in."""
        item = get_object_or_404(self.subject, pk=kwargs["pk"])
        if item.merged_into_id:
            return redirect(request.path.replace(str(item.pk), str(item.merged_into_id)), permanent=True)
        return super().__call__(request, *args, **kwargs)


@reader_cacheable(shows="story")
class StoryBriefs(FollowsMerges, LatestBriefs):
    """The coverage of one story."""

    name = "story"
    subject = Story

    def get_object(self, request, pk):
        """The story."""
        return get_object_or_404(Story, pk=pk)

    def articles(self, obj):
        """The story's published articles."""
        return Article.objects.published().filter(story=obj)

    def title(self, obj):
        """The feed's title."""
        return clean(f"newsbrief: {obj.title}")

    def description(self, obj):
        """What the feed carries, and the story's brief from all its outlets (its lead and key points, each
        sentence with its outlet) where it has one."""
        brief = (obj.brief or {}).get("brief") or {}
        told = " ".join([*brief.get("lead", []), *brief.get("key_points", [])])
        return clean(f"Coverage of the story: {obj.title}." + (f" {told}" if told else ""))

    def subtitle(self, obj):
        """Atom's name for the description: the story's brief reaches Atom readers too."""
        return self.description(obj)

    def link(self, obj):
        """The story's page."""
        return obj.get_absolute_url()


@reader_cacheable(shows="thread")
class ThreadBriefs(FollowsMerges, LatestBriefs):
    """The coverage of one developing story: the briefs of all its events."""

    name = "thread"
    subject = Thread

    def get_object(self, request, pk):
        """The thread."""
        return get_object_or_404(Thread, pk=pk)

    def articles(self, obj):
        """The published articles of the thread's events."""
        return Article.objects.published().filter(story__thread=obj)

    def title(self, obj):
        """The feed's title."""
        return clean(f"newsbrief: {obj.title} (developing story)")

    def description(self, obj):
        """One line on what the feed carries."""
        return clean(f"Coverage of the developing story, every event of it: {obj.title}.")

    def link(self, obj):
        """The thread's page."""
        return obj.get_absolute_url()


@reader_cacheable(shows="entity")
class EntityBriefs(LatestBriefs):
    """The latest briefs naming one entity."""

    name = "entity"

    def get_object(self, request, pk):
        """The entity."""
        return get_object_or_404(Entity, pk=pk)

    def articles(self, obj):
        """The published articles that name the entity."""
        return Article.objects.published().filter(pk__in=obj.articles.values("pk"))

    def title(self, obj):
        """The feed's title."""
        return clean(f"newsbrief: {obj.name}")

    def description(self, obj):
        """One line on what the feed carries."""
        return clean(f"The latest briefs that name {obj.name}.")

    def link(self, obj):
        """The entity's page."""
        return obj.get_absolute_url()


def _routes(route: str, feed_class: type[Feed]) -> list:
    """One URL per format; names are '<subject>-feed-<format>'."""
    return [
        path(
            f"{route}.{fmt}",
            type(f"{feed_class.__name__}{fmt.title()}", (feed_class,), {"feed_type": kind})(),
            name=f"{feed_class.name}-feed-{fmt}",
        )
        for fmt, kind in FORMATS.items()
    ]


urlpatterns = [
    *_routes("feeds/latest", LatestBriefs),
    *_routes("sources/<int:pk>/feed", SourceBriefs),
    *_routes("s/<uuid:pk>/feed", StoryBriefs),
    *_routes("t/<uuid:pk>/feed", ThreadBriefs),
    *_routes("e/<int:pk>/feed", EntityBriefs),
]
