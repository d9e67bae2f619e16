"""An original's enrichment as rows: one entity per name, its mentions, and who-wants-what statements.

One implementation for both paths: an article stored alone writes a batch of one,
a backfill writes hundreds at a time.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace

from newsbrief.pipeline.clustering.cluster_jsonl import entity_names  # noqa: F401  (the store's writers use it)
from newsbrief.pipeline.types import Enrichment
from newsbrief.site.models import Article, Entity, Mention, Statement
from newsbrief.site.store.entity_kinds import settle_kinds
from newsbrief.site.store.entity_variants import joins

# Longer names are cut to the column's width: two names cut to one are one entity.
NAME_CHARS = Entity._meta.get_field("name").max_length
CUE_CHARS = Statement._meta.get_field("cue").max_length


def write_enrichment(found: Iterable[tuple[uuid.UUID | str, Enrichment]]) -> None:
    """Mentions and statements of stored originals; one entity per name, of the kind most of its articles give it.

    found: (article id, its enrichment) in the order the articles were stored. A
    name new to the database gets the kind its first article gives it, and
    settle_kinds then gives it the kind most articles give it.
    """
    found = list(found)
    stored = {pk: row for pk, *row in Article.objects.filter(pk__in=[pk for pk, _ in found]).values_list(
        "pk", "source_domain", "published", "ingested")}
    found = _joined(found, {pk: domain for pk, (domain, _, _) in stored.items()})
    kinds: dict[str, str] = {}  # name -> the kind of its first appearance
    given: dict[str, set[str]] = defaultdict(set)  # name -> every kind a mention gives it
    for _, enrichment in found:
        for item in enrichment.entities:
            kinds.setdefault(item.name[:NAME_CHARS], str(item.kind))
            given[item.name[:NAME_CHARS]].add(str(item.kind))
        for statement in enrichment.statements:
            kinds.setdefault(statement.actor[:NAME_CHARS], str(statement.actor_kind))
    if not kinds:
        return
    pk_of, unsettled = _entities(kinds, given)
    mentions: dict[tuple[str, int], Mention] = {}
    statements = []
    for article_id, enrichment in found:
        _, published, ingested = stored[_pk(article_id)]
        for item in enrichment.entities:
            entity_id = pk_of[item.name[:NAME_CHARS]]
            mention = mentions.setdefault((str(article_id), entity_id), Mention(
                article_id=article_id, entity_id=entity_id, count=0, surface_forms=[], kind=str(item.kind),
                article_published=published, article_ingested=ingested))
            mention.count += item.mentions
            mention.surface_forms += [form for form in item.surface_forms if form not in mention.surface_forms]
        statements += [Statement(
            article_id=article_id, actor_id=pk_of[s.actor[:NAME_CHARS]], cue=s.cue[:CUE_CHARS], aim=s.aim,
            polarity=str(s.polarity), evidence=s.evidence.strip(), paragraph=s.span.paragraph,
            start=s.span.start, end=s.span.end, article_published=published) for s in enrichment.statements]
    Mention.objects.bulk_create(mentions.values(), ignore_conflicts=True)
    settle_kinds(unsettled)
    Statement.objects.bulk_create(statements)


def _joined(found: list[tuple[uuid.UUID | str, Enrichment]], outlets: dict) -> list[tuple[uuid.UUID | str, Enrichment]]:
    """The enrichments with each new name that is a variant of an entity's (entity_variants.py) given that name.

    outlets: each article's source domain, by its id as the database returns it.
    """
    new: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, str] = {}
    forms: dict[str, set[str]] = defaultdict(set)
    for article_id, enrichment in found:
        for item in enrichment.entities:
            new[item.name[:NAME_CHARS]].add(outlets.get(_pk(article_id), ""))
            kinds.setdefault(item.name[:NAME_CHARS], str(item.kind))
            forms[item.name[:NAME_CHARS]].update(item.surface_forms)
    joined = joins(new, kinds, forms) if new else {}
    if not joined:
        return found

    def renamed(enrichment: Enrichment) -> Enrichment:
        return replace(
            enrichment,
            entities=tuple(replace(e, name=joined.get(e.name[:NAME_CHARS], e.name)) for e in enrichment.entities),
            statements=tuple(replace(s, actor=joined.get(s.actor[:NAME_CHARS], s.actor)) for s in enrichment.statements),
        )

    return [(article_id, renamed(enrichment)) for article_id, enrichment in found]


def _pk(article_id):
    """An article id as the database returns it."""
    return uuid.UUID(str(article_id)) if not isinstance(article_id, uuid.UUID) else article_id


def _entities(kinds: dict[str, str], given: dict[str, set[str]]) -> tuple[dict[str, int], set[int]]:
    """The entity of each name, made where new; and those some mention gives another kind than theirs."""
    # The small model often types one name differently from article to article
    # ("Lumenworks" an organisation here, a person there); one page per name is what readers expect.
    stored = set(Entity.objects.filter(name__in=kinds).values_list("name", flat=True))
    Entity.objects.bulk_create([Entity(name=name, kind=kind, last_word=Entity.last_word_of(name))
                                for name, kind in kinds.items() if name not in stored],
                               ignore_conflicts=True)
    pk_of: dict[str, int] = {}
    unsettled = set()
    for pk, name, kind in Entity.objects.filter(name__in=kinds).order_by("pk").values_list("pk", "name", "kind"):
        if name not in pk_of:  # an older database may hold a name under two kinds: the oldest entity stands
            pk_of[name] = pk
            if given[name] - {kind}:
                unsettled.add(pk)
    return pk_of, unsettled


def clear_enrichment(article_ids: Iterable) -> None:
    """Remove the mentions and statements of originals that became copies: copies carry no enrichment."""
    ids = list(article_ids)
    if ids:
        Mention.objects.filter(article__in=ids).delete()
        Statement.objects.filter(article__in=ids).delete()
