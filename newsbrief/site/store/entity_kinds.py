"""An entity's kind, settled by the articles that name it.

spaCy's small model types one name differently from article to article ("Port
Aldwyn" a place in most, an organisation in a few). The site keeps one entity
per name, so its kind is the one most articles give it, not the first article's;
a kind an editor set in the admin stays as they set it.
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterable

from django.db.models import Count

from newsbrief.site.models import Entity, Mention

_CHUNK = 500  # entity ids per query: well under any database's limit on bound parameters


def settle_kinds(entity_ids: Iterable[int]) -> None:
    """Give each entity the kind most of its articles give it, unless an editor set it; ties keep the kind."""
    ids = iter(sorted(set(entity_ids)))
    while chunk := list(itertools.islice(ids, _CHUNK)):
        votes: dict[int, Counter] = defaultdict(Counter)
        rows = (
            Mention.objects.filter(entity_id__in=chunk).exclude(kind="")
            .values_list("entity_id", "kind").annotate(articles=Count("id"))
        )  # fmt: skip
        for entity_id, kind, articles in rows:
            votes[entity_id][kind] = articles
        for entity in Entity.objects.filter(pk__in=votes, kind_set_by_editor=False).only("name", "kind"):
            counts = votes[entity.pk]
            best = max(counts, key=lambda kind: (counts[kind], kind == entity.kind, kind))
            # An older database may hold the name under the other kind too: that row keeps it.
            if best != entity.kind and not Entity.objects.filter(name=entity.name, kind=best).exists():
                Entity.objects.filter(pk=entity.pk).update(kind=best)
