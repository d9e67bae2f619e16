"""One level of grouping (events, or threads): live groups with centroids, expiry, merges and aliases (compiled).

The thread level also keeps an inverted index whose posting lists are capped, so
that finding an article's candidate threads costs the same with a hundred live
threads or a million. Events are found through their thread instead: the article
scores only the few live events of the thread it joined (`scan`).
"""

from __future__ import annotations

import heapq
import itertools
import math
import operator
from array import array
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Final

from newsbrief.pipeline.clustering.params import Bars, ClusterParams, _Frozen
from newsbrief.pipeline.clustering.vectors import Vector, cosine, strongest, summed
from newsbrief.pipeline.errors import InputError

_SERIAL: Final = "q"  # the array type of posting lists: a group's `born`, a 64-bit integer


@dataclass(frozen=True)
class MergeEvent(_Frozen):
    """Two groups (events or threads) became one: `absorbed` now resolves to `survivor`."""

    survivor: str
    absorbed: str


# A member: article id, its strongest terms and their weights. Tuples of plain values (like the
# keys tuple and the centroid, a dict of str to float) are not tracked by the garbage collector,
# whose full collections would otherwise walk every group of a large index.
Member = tuple[str, tuple[str, ...], tuple[float, ...]]


@dataclass(slots=True)
class Story:
    """One live group (an event, or a thread): its centroid, posted terms, most central members and last time."""

    id: str
    born: int  # the index's article count when the group began: unique per level, and the older wins ties
    size: int
    centroid: Vector  # sum of member vectors, strongest terms only
    keys: tuple[str, ...]  # the terms it is posted under (threads only)
    members: tuple[Member, ...]  # the most central members, best first
    last: float | None  # POSIX time of its newest article, None when undated
    norm: float = 0.0
    thread: str = ""  # an event's thread as it was last set (resolve it); "" for a thread
    events: tuple[str, ...] = ()  # a thread's live events, oldest first; () for an event

    @property
    def central(self) -> str:
        """The id of the member closest to the centroid."""
        return self.members[0][0]


@dataclass
class Level:
    """One level of grouping: live groups, their inverted index when `indexed`, expiry and aliases."""

    indexed: bool = False  # threads are found through the inverted index; events through their thread
    groups: dict[str, Story] = field(default_factory=dict)  # live groups only
    # term -> the `born` of its groups, oldest first. Numbers in an array rather than ids in a dict:
    # counting votes then touches no scattered id strings, a cache miss each (half its time at 100,000 groups).
    postings: dict[str, array] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # absorbed id -> the group it merged into
    _expiry: list[tuple[float, str]] = field(default_factory=list, repr=False)  # heap of (last, group id)
    _born: dict[int, Story] = field(default_factory=dict, repr=False)  # live groups by `born`

    def resolve(self, group_id: str) -> str:
        """The id a group id now stands for: itself, or the group it merged into."""
        for _ in range(len(self.aliases) + 1):
            if group_id not in self.aliases:
                return group_id
            group_id = self.aliases[group_id]
        raise InputError(f"group aliases loop at {group_id}")

    def matches(self, vector: Vector, when: float | None, p: ClusterParams, bars: Bars) -> list[tuple[float, Story]]:
        """Candidate groups from the inverted index that the article may join, best first."""
        # Candidates are the groups posted under most of the article's strongest terms (the vector is
        # strongest first). Looking the lists up, joining and counting them each run as one loop in C:
        # cheap even when every list is full, and the cache misses of a large index overlap.
        terms = itertools.islice(vector, p.query_terms)
        joined = b"".join(map(self.postings.get, terms, itertools.repeat(b"")))
        votes: Counter[int] = Counter(memoryview(joined).cast(_SERIAL))
        # The most voted, ties to the first seen (a stable sort): most_common's order, without its heapq in Python.
        candidates = sorted(votes, key=votes.__getitem__, reverse=True)[: p.candidates]
        return self._scored([self._born[born] for born in candidates], vector, when, p, bars)

    def scan(self, group_ids: Iterable[str], vector: Vector, when: float | None, p: ClusterParams,
             bars: Bars) -> list[tuple[float, Story]]:
        """The named live groups that the article may join, best first."""
        return self._scored([self.groups[gid] for gid in group_ids], vector, when, p, bars)

    def _scored(self, groups: list[Story], vector: Vector, when: float | None, p: ClusterParams,
                bars: Bars) -> list[tuple[float, Story]]:
        """The groups whose cosine to the article, lowered with the gap in time, clears their bar; best first."""
        scored = []
        for group in groups:
            decay = 1.0
            if when is not None and group.last is not None:
                gap = abs(when - group.last)
                if gap > bars.window:
                    continue
                decay = 1.0 - p.time_weight * gap / bars.window
            score = cosine(vector, 1.0, group.centroid, group.norm) * decay
            if score >= (bars.join_single if group.size == 1 else bars.join):
                scored.append((score, group))
        scored.sort(key=lambda pair: (-pair[0], pair[1].born))
        return scored

    def start(self, group_id: str, born: int, article_id: str, vector: Vector, when: float | None,
              p: ClusterParams, bars: Bars) -> Story:
        """A new group of one article."""
        group = Story(group_id, born, 0, {}, (), (), when)
        self.groups[group.id] = self._born[group.born] = group
        self.add(group, article_id, vector, when, p, bars)
        return group

    def add(self, group: Story, article_id: str, vector: Vector, when: float | None, p: ClusterParams,
            bars: Bars) -> None:
        """Fold one article into a group: centroid, central members, time and postings."""
        group.size += 1
        group.centroid = summed(group.centroid, vector)
        terms, weights = zip(*itertools.islice(vector.items(), p.member_terms)) if vector else ((), ())
        group.members += ((article_id, terms, weights),)
        self._refresh(group, when, p, bars)

    def merge_if_converged(self, group: Story, others: list[tuple[float, Story]], p: ClusterParams,
                           bars: Bars) -> tuple[Story, list[MergeEvent]]:
        """Merge into `group` the other matches whose centroids have converged with it; the survivor and the merges."""
        merged = []
        for _, other in others:
            if other.id in self.groups and group.id in self.groups:
                if cosine(group.centroid, group.norm, other.centroid, other.norm) >= bars.merge:
                    event = self.merge(group, other, p, bars)
                    merged.append(event)
                    group = self.groups[event.survivor]
        return group, merged

    def merge(self, a: Story, b: Story, p: ClusterParams, bars: Bars) -> MergeEvent:
        """Fold the smaller (or younger) of two groups into the other; a thread takes the other's events."""
        survivor, absorbed = (a, b) if (a.size, -a.born) >= (b.size, -b.born) else (b, a)
        self._unpost(absorbed)
        del self.groups[absorbed.id], self._born[absorbed.born]
        self.aliases[absorbed.id] = survivor.id
        survivor.centroid = summed(survivor.centroid, absorbed.centroid)
        survivor.size += absorbed.size
        survivor.members += absorbed.members
        survivor.events += absorbed.events
        self._refresh(survivor, absorbed.last, p, bars)
        return MergeEvent(survivor.id, absorbed.id)

    def expire(self, now: float, window: float) -> list[Story]:
        """Drop groups that have been quiet longer than the window before `now` from the live index; those dropped."""
        horizon, dropped = now - window, []
        while self._expiry and self._expiry[0][0] < horizon:
            last, gid = heapq.heappop(self._expiry)
            group = self.groups.get(gid)
            if group is not None and group.last == last:
                self._unpost(group)
                del self.groups[gid], self._born[group.born]
                dropped.append(group)
        return dropped

    def refresh_all(self, p: ClusterParams, bars: Bars) -> None:
        """Recompute every live group's trimmed centroid, norm, central members and postings, oldest first."""
        for group in sorted(self.groups.values(), key=lambda g: g.born):
            self._refresh(group, None, p, bars)

    def _refresh(self, group: Story, when: float | None, p: ClusterParams, bars: Bars) -> None:
        """Recompute what follows from a changed centroid: trimming, norm, central members, keys."""
        terms = strongest(group.centroid)  # one sort for both the trim and the keys
        if len(terms) > bars.centroid_terms:
            centroid = group.centroid
            group.centroid = {term: centroid[term] for term in terms[: bars.centroid_terms]}
        group.norm = math.hypot(*group.centroid.values())
        if len(group.members) > 1:
            # Rank by dot product with the centroid (the same order as cosine); ties keep the earlier member.
            get, zeros = group.centroid.get, itertools.repeat(0.0)
            ranked = sorted(group.members, key=lambda m: -sum(map(operator.mul, m[2], map(get, m[1], zeros))))
            group.members = tuple(ranked[: p.central_keep])
        if when is not None and (group.last is None or when > group.last):
            group.last = when
        if group.last is not None:
            heapq.heappush(self._expiry, (group.last, group.id))
        if self.indexed:
            self._post(group, tuple(terms[: p.key_terms]), p.posting_cap)

    def _post(self, group: Story, keys: tuple[str, ...], cap: int) -> None:
        """Post the group under these terms, as the most recent group of each."""
        postings, born = self.postings, group.born
        # A posting list emptied by expiry is gone; a full one may have dropped the group already.
        for posting in list(map(postings.get, group.keys)):  # lookups first: their cache misses overlap
            if posting is not None and born in posting:
                posting.remove(born)
        for term in keys:
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = array(_SERIAL)
            posting.append(born)
            if len(posting) > cap:
                del posting[0]
        group.keys = keys

    def _unpost(self, group: Story) -> None:
        """Take the group out of the inverted index."""
        for term in group.keys:
            posting = self.postings.get(term)
            if posting is not None:
                if group.born in posting:
                    posting.remove(group.born)
                if not posting:
                    del self.postings[term]
        group.keys = ()

    def to_dict(self) -> dict:
        """The level's state as JSON-ready data."""
        return {
            "stories": [
                {**asdict(s), "keys": list(s.keys), "events": list(s.events),
                 "members": [[aid, dict(zip(t, w))] for aid, t, w in s.members]}
                for s in self.groups.values()
            ],
            "postings": {term: [self._born[b].id for b in posting] for term, posting in self.postings.items()},
            "aliases": dict(self.aliases),
        }

    @classmethod
    def from_dict(cls, data: dict, indexed: bool) -> Level:
        """The level that `to_dict` wrote."""
        level = cls(indexed=indexed, aliases=dict(data["aliases"]))
        for raw in data["stories"]:
            members = tuple((aid, tuple(vec), tuple(vec.values())) for aid, vec in raw["members"])
            group = Story(**{**raw, "keys": tuple(raw["keys"]), "members": members,
                             "events": tuple(raw.get("events", ()))})
            level.groups[group.id] = level._born[group.born] = group
            if group.last is not None:
                level._expiry.append((group.last, group.id))
        heapq.heapify(level._expiry)
        groups = level.groups
        level.postings = {
            term: array(_SERIAL, [groups[gid].born for gid in ids]) for term, ids in data["postings"].items()
        }
        return level
