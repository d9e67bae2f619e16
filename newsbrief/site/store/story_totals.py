"""A story's totals, topics, title and lead, recomputed from its articles after they change."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, F, Max, Min, Value, Window
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.utils import timezone

from newsbrief.site.models import Article, Story

STORY_TOPICS = 8
TOPIC_SAMPLE = 200
TITLE_CHARS = Story._meta.get_field("title").max_length


def outlet_of_article() -> Coalesce:
    """An article's outlet as one value, for counting outlets in a query: its domain, else its outlet's name."""
    # An outlet is its domain: imported briefs name it by domain, its feed by name.
    return Coalesce(NullIf("source_domain", Value("")), NullIf("outlet", Value("")), "source__name")


def refresh_many(centrals: dict[str, str | None]) -> None:
    """Recompute the totals, topics and (where a central article is given) title and lead of many stories at once."""
    stories = {str(story.pk): story for story in Story.objects.filter(pk__in=centrals, merged_into=None)}
    if not stories:
        return
    members = Article.objects.current().filter(story__in=stories)
    totals = {str(row["story"]): row for row in members.values("story").annotate(
        size=Count("pk"), outlets=Count(outlet_of_article(), distinct=True), first=Min("published"),
        last=Max("published"))}
    # The tags of the latest articles only: a long-running story's topics follow its news, at a bounded cost.
    tags: dict[str, Counter] = {sid: Counter() for sid in stories}
    rank = Window(RowNumber(), partition_by="story", order_by=[F("published").desc(nulls_last=True), "pk"])
    latest = members.filter(duplicate_of=None).annotate(rank=rank).filter(rank__lte=TOPIC_SAMPLE)
    for story_id, topics in latest.values_list("story", "topics"):
        tags[str(story_id)].update(topics)
    leads = Article.objects.filter(pk__in={c for sid, c in centrals.items() if c and sid in stories})
    leads = {str(a.pk): a.duplicate_of or a for a in leads.select_related("duplicate_of__brief", "brief")}
    now = timezone.now()
    for sid, story in stories.items():
        total = totals.get(sid, {})
        story.size, story.outlets = total.get("size", 0), total.get("outlets", 0)
        story.first_published, story.last_published = total.get("first"), total.get("last")
        story.topics = [tag for tag, _ in tags[sid].most_common(STORY_TOPICS)]
        story.updated = now
        if lead := leads.get(str(centrals[sid])):
            story.central, story.title = lead, lead.title[:TITLE_CHARS]
            story.lead = lead.brief.lead if hasattr(lead, "brief") else ""
    # An upsert of whole rows: one statement, where bulk_update would build a CASE per row and field.
    Story.objects.bulk_create(stories.values(), update_conflicts=True, unique_fields=["id"], update_fields=[
        "size", "outlets", "first_published", "last_published", "topics", "updated", "central", "title", "lead"])
