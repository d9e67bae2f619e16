"""Event and thread clustering: each article joins the best-matching recent event or starts one, in a thread.

Two levels. An *event* (a story on the site) is one happening, reported by many
outlets within days; a *thread* is a developing story, the events that follow
from one another over weeks (the attack, the manhunt, the inquiry). Every event
belongs to exactly one thread; a lone event is its own thread.

The caller owns a `StoryIndex` and feeds it articles in order. An article becomes
a TF-IDF vector (sublinear term counts times an IDF that grows with every article
seen) over the words, names and numbers of its whole title and text, and the
entity names the caller passes, each field normalised on its own so that a long
text cannot drown the names (rare names weigh more through their IDF). Both
levels are a `Level`: live groups with a centroid, an inverted index whose
posting lists are capped (so an assignment costs the same with a hundred live
groups or a million), and aliases for merged ids. The article's strongest terms
look up candidates; only those are scored, by cosine to the centroid, lowered
with the gap in time. The best event that clears the bar takes the article, and
its thread with it. Otherwise the article starts an event, which joins the best
thread that clears the (lower) thread bar, or starts a thread. Ids are derived
from the first article's id, so re-runs give the same ids. When an article clears
the bar of two groups whose centroids have converged, they merge: the larger
survives and the absorbed id keeps resolving to it; two events that merge bring
their threads together. Groups quiet for longer than their window leave the live
index (threads wait longer than events); an undated article takes the newest
time seen, and until a dated one arrives nothing expires.

The whole state is plain data: `to_dict` / `from_dict` round-trip it through JSON.
"""

from __future__ import annotations

import heapq
import itertools
import math
import operator
import uuid
from array import array
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone
from typing import Final

from newsbrief.pipeline.clustering.terms import ENTITIES, NAMES, NUMBERS, WORDS, count_fields
from newsbrief.pipeline.clustering.vectors import Vector, cosine, strongest, summed, vectorise
from newsbrief.pipeline.errors import InputError, NotFoundError

STATE_VERSION = 2  # 2: threads beside events
# Ids are uuid5(namespace, first article id): stable across re-runs.
STORY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://newsbrief.invalid/story")
THREAD_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://newsbrief.invalid/thread")
DAY = 86400.0
_SERIAL: Final = "q"  # the array type of posting lists: a group's `born`, a 64-bit integer


class _Frozen:
    """A frozen dataclass that pickles by its constructor: compiled (mypyc), it cannot be restored field by field."""

    def __reduce__(self) -> tuple:
        """The class and its field values, in the constructor's order."""
        return type(self), tuple(getattr(self, f.name) for f in fields(self))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Bars(_Frozen):
    """What it takes to join or merge the groups of one level, and how long they stay live."""

    window: float  # seconds a group takes articles after its last one
    join: float
    join_single: float
    merge: float


@dataclass(frozen=True)
class ClusterParams(_Frozen):
    """The knobs of event and thread assignment; bench/cluster chose the scored ones on held-out ECB+ topics."""

    # Time: ECB+ has no dates, so these follow from what the levels are rather than from a score:
    # an event is reported within days, a developing story runs for weeks.
    window_days: float = 7.0  # an event takes articles until it has been quiet this long
    thread_window_days: float = 30.0  # a thread takes new events until quiet this long (never below window_days)
    time_weight: float = 0.2  # a group a full window old needs 1/(1-0.2) the similarity
    # Chosen by bench/cluster/protocol.py on all ECB+ topics (its held-out scores: docs/benchmarks.md): cosine to an event's centroid at which
    # an article joins it (join_single for an event of one article, equal here), and between two
    # events' centroids at which they merge when one article clears the bar of both.
    join: float = 0.18
    join_single: float = 0.18
    merge: float = 0.5  # not scored: kept from before, well above `join` since a merge cannot be undone
    # Cosine to a thread's centroid at which an article that starts an event puts it in that thread,
    # and between two threads' centroids at which they merge.
    thread_join: float = 0.1
    thread_merge: float = 0.3
    # Weight of the entity names beside the words, the capitalised names and the numbers (1 each).
    entity_weight: float = 1.0
    # The IDF counts this many extra articles that hold no term, so that the first articles of an
    # archive do not make every shared word look common.
    idf_prior: int = 1000
    # The whole text is read, up to this many characters: a bound on the cost of one article
    # (a long feature is about 20,000), not a choice of what to compare.
    text_chars: int = 40000
    # News puts the event in its lead: the words of the first this-many characters count twice
    # (0: the whole text counts once). Chosen with the rest, from 0 or 1,000.
    lead_chars: int = 1000
    # Sizes, set for cost rather than score (the score is flat across them on ECB+): strongest
    # terms kept of an article and of a centroid. 42 is the most a dict of 64 slots holds: one more
    # term doubles every centroid's table, and its lookups then touch twice the memory.
    vector_terms: int = 48
    centroid_terms: int = 42
    member_terms: int = 16  # terms kept of a member, enough to rank members by centrality
    # Terms under which a group is posted in the inverted index: a follow-up whose own strongest
    # terms are new must still meet the group under one of the names it shares with it.
    key_terms: int = 16
    query_terms: int = 12  # terms of a new article that look up candidates
    # Most recently active groups kept per term: bounds the cost per article. A group is posted
    # under `key_terms` terms, so it stays findable unless it has gone quiet under all of them.
    posting_cap: int = 16
    candidates: int = 3  # groups scored exactly per article and level: the right one is nearly always the first
    central_keep: int = 4  # most central members remembered per group, to pick its central article

    def events(self) -> Bars:
        """The bars of the event level."""
        return Bars(self.window_days * DAY, self.join, self.join_single, self.merge)

    def threads(self) -> Bars:
        """The bars of the thread level."""
        window = max(self.thread_window_days, self.window_days) * DAY  # a live event's thread is live
        return Bars(window, self.thread_join, self.thread_join, self.thread_merge)

    def field_weights(self) -> dict[str, float]:
        """The weight of each field of an article's vector."""
        return {WORDS: 1.0, NAMES: 1.0, NUMBERS: 1.0, ENTITIES: self.entity_weight}


@dataclass(frozen=True)
class MergeEvent(_Frozen):
    """Two groups (events or threads) became one: `absorbed` now resolves to `survivor`."""

    survivor: str
    absorbed: str


@dataclass(frozen=True)
class Assignment(_Frozen):
    """Where one article went: its event (story), whether it is new, its central article, its thread, any merges."""

    story_id: str
    is_new: bool
    central: str  # the event's most central article id, for its title and lead
    score: float = 0.0  # similarity to the event joined; 0 for a new event
    merged: tuple[MergeEvent, ...] = ()
    thread_id: str = ""  # the thread of the article's event after this assignment
    thread_merged: tuple[MergeEvent, ...] = ()  # threads that became one through this article


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
    keys: tuple[str, ...]  # the terms it is posted under
    members: tuple[Member, ...]  # the most central members, best first
    last: float | None  # POSIX time of its newest article, None when undated
    norm: float = 0.0
    thread: str = ""  # an event's thread as it was last set (resolve it); "" for a thread

    @property
    def central(self) -> str:
        """The id of the member closest to the centroid."""
        return self.members[0][0]


def story_id_for(article_id: str) -> str:
    """The id of an event (story) begun by this article."""
    return str(uuid.uuid5(STORY_NAMESPACE, article_id))


def thread_id_for(article_id: str) -> str:
    """The id of a thread begun by this article."""
    return str(uuid.uuid5(THREAD_NAMESPACE, article_id))


@dataclass
class Level:
    """One level of grouping (events or threads): live groups, their inverted index, expiry and aliases."""

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
        scored = []
        for born in candidates:
            group = self._born[born]
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
              p: ClusterParams) -> Story:
        """A new group of one article."""
        group = Story(group_id, born, 0, {}, (), (), when)
        self.groups[group.id] = self._born[group.born] = group
        self.add(group, article_id, vector, when, p)
        return group

    def add(self, group: Story, article_id: str, vector: Vector, when: float | None, p: ClusterParams) -> None:
        """Fold one article into a group: centroid, central members, time and postings."""
        group.size += 1
        group.centroid = summed(group.centroid, vector)
        terms, weights = zip(*itertools.islice(vector.items(), p.member_terms)) if vector else ((), ())
        group.members += ((article_id, terms, weights),)
        self._refresh(group, when, p)

    def merge_if_converged(self, group: Story, others: list[tuple[float, Story]], p: ClusterParams,
                           bar: float) -> tuple[Story, list[MergeEvent]]:
        """Merge into `group` the other matches whose centroids have converged with it; the survivor and the merges."""
        merged = []
        for _, other in others:
            if other.id in self.groups and group.id in self.groups:
                if cosine(group.centroid, group.norm, other.centroid, other.norm) >= bar:
                    event = self.merge(group, other, p)
                    merged.append(event)
                    group = self.groups[event.survivor]
        return group, merged

    def merge(self, a: Story, b: Story, p: ClusterParams) -> MergeEvent:
        """Fold the smaller (or younger) of two groups into the other."""
        survivor, absorbed = (a, b) if (a.size, -a.born) >= (b.size, -b.born) else (b, a)
        self._unpost(absorbed)
        del self.groups[absorbed.id], self._born[absorbed.born]
        self.aliases[absorbed.id] = survivor.id
        survivor.centroid = summed(survivor.centroid, absorbed.centroid)
        survivor.size += absorbed.size
        survivor.members += absorbed.members
        self._refresh(survivor, absorbed.last, p)
        return MergeEvent(survivor.id, absorbed.id)

    def expire(self, now: float, window: float) -> None:
        """Drop groups that have been quiet longer than the window before `now` from the live index."""
        horizon = now - window
        while self._expiry and self._expiry[0][0] < horizon:
            last, gid = heapq.heappop(self._expiry)
            group = self.groups.get(gid)
            if group is not None and group.last == last:
                self._unpost(group)
                del self.groups[gid], self._born[group.born]

    def _refresh(self, group: Story, when: float | None, p: ClusterParams) -> None:
        """Recompute what follows from a changed centroid: trimming, norm, central members, keys."""
        terms = strongest(group.centroid)  # one sort for both the trim and the keys
        if len(terms) > p.centroid_terms:
            centroid = group.centroid
            group.centroid = {term: centroid[term] for term in terms[: p.centroid_terms]}
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
                {**asdict(s), "keys": list(s.keys), "members": [[aid, dict(zip(t, w))] for aid, t, w in s.members]}
                for s in self.groups.values()
            ],
            "postings": {term: [self._born[b].id for b in posting] for term, posting in self.postings.items()},
            "aliases": dict(self.aliases),
        }

    @classmethod
    def from_dict(cls, data: dict) -> Level:
        """The level that `to_dict` wrote."""
        level = cls(aliases=dict(data["aliases"]))
        for raw in data["stories"]:
            members = tuple((aid, tuple(vec), tuple(vec.values())) for aid, vec in raw["members"])
            group = Story(**{**raw, "keys": tuple(raw["keys"]), "members": members})
            level.groups[group.id] = level._born[group.born] = group
            if group.last is not None:
                level._expiry.append((group.last, group.id))
        heapq.heapify(level._expiry)
        groups = level.groups
        level.postings = {
            term: array(_SERIAL, [groups[gid].born for gid in ids]) for term, ids in data["postings"].items()
        }
        return level


@dataclass
class StoryIndex:
    """The caller-owned state of incremental event (story) and thread assignment."""

    params: ClusterParams = field(default_factory=ClusterParams)
    articles: int = 0  # articles assigned so far (the N of the IDF)
    df: dict[str, int] = field(default_factory=dict)  # document frequency of every term seen
    events: Level = field(default_factory=Level)
    threads: Level = field(default_factory=Level)
    clock: float | None = None  # the newest publication time seen

    @property
    def stories(self) -> dict[str, Story]:
        """The live events by id."""
        return self.events.groups

    @property
    def postings(self) -> dict[str, array]:
        """The events' inverted index."""
        return self.events.postings

    @property
    def aliases(self) -> dict[str, str]:
        """Absorbed event id -> the event it merged into."""
        return self.events.aliases

    def assign(
        self,
        article_id: str,
        title: str,
        text: str,
        published: datetime | None = None,
        entities: tuple[str, ...] = (),
    ) -> Assignment:
        """Put one article into its event and thread and say which, with any merges it caused."""
        if not article_id:
            raise InputError("an article needs an id to be clustered")
        new_id = story_id_for(article_id)
        if new_id in self.events.groups or new_id in self.events.aliases:
            raise InputError(f"article {article_id} was already clustered")
        p, events, threads = self.params, self.events, self.threads
        when = _posix(published)
        if when is not None and (self.clock is None or when > self.clock):
            self.clock = when
            events.expire(when, p.events().window)
            threads.expire(when, p.threads().window)
        when = when if when is not None else self.clock
        vector = self._vectorise(title, text, tuple(entities))
        matches = events.matches(vector, when, p, p.events())
        if not matches:
            event = events.start(new_id, self.articles, article_id, vector, when, p)
            thread, thread_merged = self._thread_of_new_event(article_id, vector, when)
            event.thread = thread.id
            return Assignment(event.id, True, event.central, 0.0, (), thread.id, tuple(thread_merged))
        best_score, event = matches[0]
        events.add(event, article_id, vector, when, p)
        thread = threads.groups[threads.resolve(event.thread)]  # live: it has every article of its live events
        threads.add(thread, article_id, vector, when, p)
        threads_before = {event.id: thread.id} | {o.id: threads.resolve(o.thread) for _, o in matches[1:]}
        event, merged = events.merge_if_converged(event, matches[1:], p, p.merge)
        thread_merged = []
        for merge in merged:  # two events that became one bring their threads together
            a, b = threads.resolve(threads_before[merge.survivor]), threads.resolve(threads_before[merge.absorbed])
            if a != b:
                thread_merged.append(threads.merge(threads.groups[a], threads.groups[b], p))
        event.thread = threads.resolve(event.thread)
        return Assignment(event.id, False, event.central, round(best_score, 6), tuple(merged), event.thread,
                          tuple(thread_merged))

    def _thread_of_new_event(self, article_id: str, vector: Vector,
                             when: float | None) -> tuple[Story, list[MergeEvent]]:
        """The thread an article that starts an event puts it in, and the threads that merged on the way."""
        p, threads = self.params, self.threads
        matches = threads.matches(vector, when, p, p.threads())
        if not matches:
            return threads.start(thread_id_for(article_id), self.articles, article_id, vector, when, p), []
        thread = matches[0][1]
        threads.add(thread, article_id, vector, when, p)
        return threads.merge_if_converged(thread, matches[1:], p, p.thread_merge)

    def resolve(self, story_id: str) -> str:
        """The live id an event (story) id now stands for: itself, or the event it merged into."""
        return self.events.resolve(story_id)

    def resolve_thread(self, thread_id: str) -> str:
        """The id a thread id now stands for: itself, or the thread it merged into."""
        return self.threads.resolve(thread_id)

    def thread_of(self, story_id: str) -> str:
        """The thread of a live event."""
        event = self.events.groups.get(self.resolve(story_id))
        if event is None:
            raise NotFoundError(f"no live story {story_id}")
        return self.threads.resolve(event.thread)

    def central(self, story_id: str) -> str:
        """The id of the event's most central article (its title and lead come from it)."""
        event = self.events.groups.get(self.resolve(story_id))
        if event is None:
            raise NotFoundError(f"no live story {story_id}")
        return event.central

    def _vectorise(self, title: str, text: str, entities: tuple[str, ...]) -> Vector:
        """The article's TF-IDF vector over its title and text; counts it into the IDF."""
        p = self.params
        if len(text) > p.text_chars:
            text = (text[: p.text_chars].rsplit(None, 1) or [""])[0]  # end on a whole word
        self.articles += 1
        if p.lead_chars:  # the words of the opening count twice: news puts the event in its lead
            lead = text if len(text) <= p.lead_chars else (text[: p.lead_chars].rsplit(None, 1) or [""])[0]
            text = lead + "\n" + text
        fields = count_fields(title, text, entities)
        return vectorise(fields, self.df, self.articles + p.idf_prior, p.vector_terms, p.field_weights())

    # -- state as plain data -------------------------------------------------

    def to_dict(self) -> dict:
        """The whole state as JSON-ready data: the events' level at the top, the threads' under "threads"."""
        return {
            "version": STATE_VERSION,
            "params": asdict(self.params),
            "articles": self.articles,
            "clock": self.clock,
            "df": dict(self.df),
            **self.events.to_dict(),
            "threads": self.threads.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> StoryIndex:
        """The state that `to_dict` wrote."""
        if data.get("version") != STATE_VERSION:
            raise InputError(f"story index state version {data.get('version')!r}, expected {STATE_VERSION}")
        known = {f.name for f in fields(ClusterParams)}
        return cls(
            params=ClusterParams(**{k: v for k, v in data["params"].items() if k in known}),
            articles=data["articles"],
            df=dict(data["df"]),
            events=Level.from_dict(data),
            threads=Level.from_dict(data["threads"]),
            clock=data["clock"],
        )


def _posix(moment: datetime | None) -> float | None:
    """A datetime as POSIX seconds; a naive one is taken as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()
