"""Stories at store time: an original's entities, topics and statements, and the story each article joins.

`file_article` runs inside `Article.objects.store`'s transaction, so an article
is never stored without its story and enrichment, nor they without it.

The story index (pipeline/clustering/cluster.py) lives in memory and is persisted as a
checkpoint plus a log. Every article fed to it gets a `StoryLog` row with the
exact entity names it was given, and every CHECKPOINT_EVERY rows the whole state
is written to the one `StoryIndexState` row, in the same transaction, which also
takes a new random version on every assignment. A process that starts, or finds
a version it did not write (another process wrote, or a transaction rolled
back), loads the checkpoint and replays the log after it; the index is
deterministic, so the replay rebuilds the same state. Why not the alternatives:
writing the whole state for every article costs the size of every live story's
centroid (megabytes for a busy week), and rebuilding from the last window's
articles at start would compute an IDF and stories that differ from those
stored. This way an assignment costs one log row and one index lookup, whatever
the archive's size, and a restart costs at most CHECKPOINT_EVERY replays.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Count, F, Max, Min, Q, Value, Window
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.utils import timezone

from newsbrief import config
from newsbrief.pipeline.clustering.cluster import Assignment, ClusterParams, StoryIndex
from newsbrief.pipeline.enrichment.enrich import enrich
from newsbrief.pipeline.types import Enrichment
from newsbrief.site.store.entity_kinds import settle_kinds
from newsbrief.site.models import (
    Article,
    Entity,
    EntityAlias,
    Mention,
    Statement,
    Story,
    StoryIndexState,
    StoryLog,
)

# A restart replays at most this many assignments (well under a second); a
# checkpoint writes the whole live state, so it is not worth doing much more often.
CHECKPOINT_EVERY = 500
STORY_TOPICS = 8
TOPIC_SAMPLE = 200


def file_article(row: Article, enrichment: Enrichment | None = None) -> None:
    """Enrich a just-stored original and put it in its story; a copy joins its original's story unenriched."""
    _lock_index()
    original = row.duplicate_of if row.duplicate_of_id else row
    demoted = [other.pk for other in row.displaced]
    if demoted:  # originals that became copies of this group's original: copies carry no enrichment
        Mention.objects.filter(article__in=demoted).delete()
        Statement.objects.filter(article__in=demoted).delete()
    # After store's demotions every copy of the group points at the original itself.
    group = [original.pk, *Article.objects.filter(duplicate_of=original).values_list("pk", flat=True)]
    if row.duplicate_of_id:
        _move(group, Article.objects.filter(pk=original.pk).values_list("story_id", flat=True).first())
        return
    found = enrichment if enrichment is not None else enrich_text(row.title, row.text, EntityAlias.table())
    names = _save_enrichment(row, found)
    inherited = _inherited_story(row)
    if inherited:
        _move(group, inherited)
        return
    assignment = _assign(row, names)
    _apply(assignment, group)


def enrich_text(title: str, text: str, aliases: dict[str, str]) -> Enrichment:
    """The enrichment of one text under one alias table, parsed once per process."""
    return _enrich_cached(config.get("NEWSBRIEF_SPACY_MODEL"), title, text, tuple(sorted(aliases.items())))


# Enrichment is a pure function of the model, the text and the aliases, so a
# memo is always right. It spares the parse (the dearest step of storing) when
# the same text is stored again: a retried transaction, a re-imported archive.
@lru_cache(maxsize=256)
def _enrich_cached(model: str, title: str, text: str, aliases: tuple[tuple[str, str], ...]) -> Enrichment:
    return enrich(title, text, dict(aliases))


def _save_enrichment(row: Article, found: Enrichment) -> list[str]:
    """Write the mentions, statements and topics of an original; the entity names, most mentioned first."""
    entities, mentions = {}, {}
    for item in found.entities:
        entity = _entity_named(item.name, item.kind)
        entities[(item.name, str(item.kind))] = entity
        mention = mentions.setdefault(
            entity.pk, Mention(article=row, entity=entity, count=0, surface_forms=[], kind=str(item.kind))
        )
        mention.count += item.mentions  # two names cut to one at 300 characters are one entity
        mention.surface_forms += [form for form in item.surface_forms if form not in mention.surface_forms]
    Mention.objects.bulk_create(mentions.values())
    settle_kinds(m.entity.pk for m in mentions.values() if m.kind != m.entity.kind)
    statements = []
    for s in found.statements:
        actor = entities.get((s.actor, str(s.actor_kind)))
        if actor is None:  # an actor the entity list lacks: made so the statement keeps its actor
            actor = _entity_named(s.actor, s.actor_kind)
        statements.append(Statement(
            article=row, actor=actor, cue=s.cue[:100], aim=s.aim, polarity=str(s.polarity), evidence=s.evidence.strip(),
            paragraph=s.span.paragraph, start=s.span.start, end=s.span.end,
        ))
    Statement.objects.bulk_create(statements)
    row.topics = list(found.topics)
    row.save(update_fields=["topics"])
    ranked = sorted(found.entities, key=lambda e: -e.mentions)  # stable: ties keep the article's order
    return [item.name for item in ranked]


def _entity_named(name: str, kind) -> Entity:
    """The entity of a name, made with this kind if new: one entity per name, whatever kind each article's parse gave it."""
    # The small model often types one name differently from article to article
    # ("Lumenworks" an organisation here, a person there); one page per name is what readers expect,
    # and settle_kinds gives it the kind most articles give it.
    name = name[:300]
    found = Entity.objects.filter(name=name).order_by("pk").first()
    return found or Entity.objects.create(name=name, kind=str(kind))


def _inherited_story(row: Article):
    """The story of the article this one revises or displaced as original, if any."""
    if row.revision_of_id:
        story = Article.objects.filter(pk=row.revision_of_id).values_list("story_id", flat=True).first()
        if story:
            return story
    for other in row.displaced:
        if other.story_id:
            return other.story_id
    return None


def _move(pks: list, story_id, central: str | None = None) -> None:
    """Put articles in a story (None: in none) and bring the totals of every story touched up to date."""
    target = uuid.UUID(str(story_id)) if story_id else None
    touched = set(Article.objects.filter(pk__in=pks).exclude(story_id=None).values_list("story_id", flat=True))
    Article.objects.filter(pk__in=pks).update(story_id=target)
    for story in touched - {target}:
        refresh(story)
    if target:
        refresh(target, central=central)


# -- the story index --------------------------------------------------------


@dataclass
class _Cached:
    """This process's copy of the story index and the state version it was brought level with."""

    index: StoryIndex | None = None
    version: str = ""


# One per process, like the spaCy model. It is a cache, never the truth: every
# assignment writes a fresh random version into the locked StoryIndexState row in
# its own transaction, and the copy is used only while the database shows the
# version it last wrote or read. Another process's write or a rolled-back
# transaction (which takes the row's version back with it) both make it stale.
_CACHE = _Cached()
_GUARD = threading.Lock()


def _lock_index() -> None:
    """Serialise story assignment across processes (PostgreSQL); SQLite's write lock already does."""
    locked = StoryIndexState.objects.select_for_update().filter(pk=1)
    if not list(locked.values_list("pk", flat=True)):
        StoryIndexState.objects.get_or_create(pk=1)
        list(locked.values_list("pk", flat=True))


def story_index(*, cached: bool = True) -> StoryIndex:
    """The story index as the database holds it: this process's copy if current, else checkpoint plus log replayed."""
    with _GUARD:
        return _current_index(cached=cached)


def _current_index(*, cached: bool = True) -> StoryIndex:
    """See story_index (call with _GUARD held)."""
    version = StoryIndexState.objects.filter(pk=1).values_list("version", flat=True).first() or ""
    if cached and _CACHE.index is not None and _CACHE.version == version:
        return _CACHE.index
    _CACHE.index = None  # half-built, perhaps, until the replay ends
    state = StoryIndexState.objects.filter(pk=1).values_list("state", "through").first()
    if state and state[0]:
        data = json.loads(state[0]) if isinstance(state[0], str) else state[0]
        index, after = StoryIndex.from_dict(data), state[1]
    else:
        index, after = StoryIndex(params=ClusterParams.from_settings()), 0
    _replay(index, after)
    _CACHE.index, _CACHE.version = index, version
    return index


@receiver(post_delete, sender=StoryLog, dispatch_uid="newsbrief.story_index.forget")
def _forget_logged_article(sender, instance: StoryLog, **kwargs) -> None:
    """Keep the index a function of the log: a deleted entry inside the checkpoint takes the checkpoint with it."""
    # Deleting an article cascades to its log entry; without this, the copy in
    # memory and the checkpoint would still hold it, and storing it again would fail.
    update = {"version": uuid.uuid4().hex}
    if StoryIndexState.objects.filter(pk=1, through__gte=instance.pk).exists():
        update.update(state={}, through=0)  # the replay starts over: deletions are rare, the log is the truth
    StoryIndexState.objects.filter(pk=1).update(**update)


def _replay(index: StoryIndex, after: int) -> None:
    """Feed the index the logged articles after a log id, in order, exactly as they were fed first."""
    rows = StoryLog.objects.filter(pk__gt=after).order_by("pk").values_list(
        "article_id", "article__title", "article__text", "article__published", "entities"
    )
    for article_id, title, text, published, names in rows.iterator(chunk_size=500):
        index.assign(str(article_id), title, text, published, tuple(names))


def _assign(row: Article, names: list[str]) -> Assignment:
    """Log the article and let the index place it; checkpoint the index now and then."""
    with index_batch() as batch:
        return batch.assign(str(row.pk), row.title, row.text, row.published, names)


@dataclass
class IndexBatch:
    """Assignments made on the story index in one transaction, logged when the batch ends."""

    index: StoryIndex
    logged: list[tuple[str, list[str]]] = field(default_factory=list)  # (article id, entity names), in order

    def assign(self, article_id: str, title: str, text: str, published, names) -> Assignment:
        """Place one stored (or about to be stored) original, as the index would replay it from the log."""
        assignment = self.index.assign(article_id, title, text, published, tuple(names))
        self.logged.append((article_id, list(names)))
        return assignment


@contextmanager
def index_batch() -> Iterator[IndexBatch]:
    """The story index, locked for assignments inside the caller's transaction; logged and versioned at the end.

    The articles assigned must exist when the block ends (their log rows refer to them).
    """
    _lock_index()
    with _GUARD:
        index = _current_index()
        _CACHE.index = None  # the copy changes before the database does: not current until both agree
        batch = IndexBatch(index)
        yield batch
        if not batch.logged:
            _CACHE.index = index
            return
        logs = StoryLog.objects.bulk_create([StoryLog(article_id=pk, entities=names) for pk, names in batch.logged])
        last = logs[-1].pk or StoryLog.objects.aggregate(last=Max("pk"))["last"]
        version = uuid.uuid4().hex
        update = {"version": version, "updated": timezone.now()}
        through = StoryIndexState.objects.filter(pk=1).values_list("through", flat=True).first() or 0
        if last - through >= CHECKPOINT_EVERY:
            update.update(state=_checkpoint(index), through=last)
        StoryIndexState.objects.filter(pk=1).update(**update)
        _CACHE.index, _CACHE.version = index, version


def _checkpoint(index: StoryIndex) -> str:
    """The index's state as JSON text, without aliases of stories no longer live (the database resolves those)."""
    data = index.to_dict()
    data["aliases"] = {old: new for old, new in data["aliases"].items() if index.resolve(new) in index.stories}
    # Text, not a JSON object: PostgreSQL's jsonb reorders keys, and the index breaks
    # ties between equal weights by the order its dicts were filled in.
    return json.dumps(data)


def _apply(assignment: Assignment, group: list) -> None:
    """Write what the index decided: a new story or the one joined, merges, and the central article."""
    if assignment.is_new:
        title = Article.objects.filter(pk=group[0]).values_list("title", flat=True).first() or ""
        Story.objects.get_or_create(pk=assignment.story_id, defaults={"title": title[:500]})
    for event in assignment.merged:
        merge(event.survivor, event.absorbed, refreshed=False)
    _move(group, assignment.story_id, central=assignment.central)


def merge(survivor: str, absorbed: str, *, refreshed: bool = True) -> None:
    """Fold one story into another: its articles move, and its id (and any it absorbed) resolves to the survivor."""
    # Flattened: whatever resolved to the absorbed story resolves to the survivor in one step.
    Story.objects.filter(Q(pk=absorbed) | Q(merged_into=absorbed)).update(merged_into=survivor, size=0, outlets=0)
    Article.objects.filter(story_id=absorbed).update(story_id=survivor)
    if refreshed:
        refresh(survivor)


def refresh(story_id, central: str | None = None) -> None:
    """Recompute a story's totals, topics and (given its central article) its title and lead."""
    refresh_many({str(story_id): central})


def refresh_many(centrals: dict[str, str | None]) -> None:
    """Recompute the totals, topics and (where a central article is given) title and lead of many stories at once."""
    stories = {str(story.pk): story for story in Story.objects.filter(pk__in=centrals, merged_into=None)}
    if not stories:
        return
    members = Article.objects.filter(story__in=stories, status=Article.Status.OK, revisions__isnull=True)
    # An outlet is its domain: imported briefs name it by domain, its feed by name.
    outlet = Coalesce(NullIf("source_domain", Value("")), NullIf("outlet", Value("")), "source__name")
    totals = {str(row["story"]): row for row in members.values("story").annotate(
        size=Count("pk"), outlets=Count(outlet, distinct=True), first=Min("published"), last=Max("published"))}
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
            story.central, story.title = lead, lead.title[:500]
            story.lead = lead.brief.lead if hasattr(lead, "brief") else ""
    # An upsert of whole rows: one statement, where bulk_update would build a CASE per row and field.
    Story.objects.bulk_create(stories.values(), update_conflicts=True, unique_fields=["id"], update_fields=[
        "size", "outlets", "first_published", "last_published", "topics", "updated", "central", "title", "lead"])
