"""Story clustering: each new article joins the best-matching recent story or starts one.

The caller owns a `StoryIndex` and feeds it articles in order. An article becomes
a TF-IDF vector (sublinear term counts times an IDF that grows with every article
seen) over the words, names and numbers of its title and lead, and the entity
names the caller passes. Its strongest terms look up candidate stories in an
inverted index whose posting lists are capped, so an assignment costs the same
with a hundred live stories or a million; only those candidates are scored, by
cosine to the story's centroid, lowered with the gap in time. The best one that
clears the bar takes the article; otherwise the article starts a story whose id
is derived from the article's id, so re-runs give the same ids. When an article
matches two stories whose centroids have converged, they merge: the larger
survives and the absorbed id keeps resolving to it. Stories quiet for longer
than the window leave the live index; an undated article takes the newest time
seen, and until a dated one arrives nothing expires.

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

from newsbrief.pipeline.clustering.terms import count_fields
from newsbrief.pipeline.clustering.vectors import Vector, cosine, strongest, summed, vectorise
from newsbrief.pipeline.errors import InputError, NotFoundError

STATE_VERSION = 1
# Story ids are uuid5(STORY_NAMESPACE, first article id): stable across re-runs.
STORY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://newsbrief.invalid/story")
DAY = 86400.0
_SERIAL: Final = "q"  # the array type of posting lists: a story's `born`, a 64-bit integer


class _Frozen:
    """A frozen dataclass that pickles by its constructor: compiled (mypyc), it cannot be restored field by field."""

    def __reduce__(self) -> tuple:
        """The class and its field values, in the constructor's order."""
        return type(self), tuple(getattr(self, f.name) for f in fields(self))  # type: ignore[arg-type]


@dataclass(frozen=True)
class ClusterParams(_Frozen):
    """The knobs of story assignment; the defaults are the tuned ones (bench/cluster)."""

    window_days: float = 7.0  # a story takes articles until it has been quiet this long
    # All numbers below were chosen on ECB+ (bench/cluster, B³ F1), preferring
    # the middle of a plateau to its peak, since other news will differ.
    # Cosine to a story's centroid at which an article joins it: B³ F1 is
    # 0.90 to 0.93 for joins from 0.22 to 0.28; 0.26 is the middle.
    join: float = 0.26
    # The bar for joining a story of one article. A higher one (0.30, 0.34)
    # scored lower (0.90 both), so it equals `join`; the knob stays for
    # corpora where a lone article's wording misleads.
    join_single: float = 0.26
    # Cosine between two stories' centroids at which, when one article clears
    # the bar for both, they become one story. Well above `join`: a merge cannot
    # be undone, and at 0.4 the two events of a topic start to fuse (F1 0.91 against 0.93).
    merge: float = 0.5
    time_weight: float = 0.2  # a story a full window old needs 1/(1-0.2) the similarity (not tunable on ECB+)
    # The IDF counts this many extra articles that hold no term, so that the
    # first articles of an archive do not make every shared word look common:
    # F1 0.90 without, 0.92 at 50, 0.93 at 200, 0.94 at 1,000.
    idf_prior: int = 200
    # Only the title and the first this-many characters of the text are read:
    # news puts the event in its lead, and it bounds the cost per article.
    # F1 0.92 at 800 characters, 0.93 at 1,000, 0.91 at 1,200 to 1,500, 0.90 for whole texts.
    text_chars: int = 1000
    # Strongest terms kept of an article and of a story's centroid. On ECB+ every
    # pair from 40 to 64 (article) and 40 to 96 (centroid) scores 0.91 to 0.94 at
    # join 0.26 (0.93 for centroids of 40 to 64 beside articles of 48); the smaller ones
    # keep a large index small and fast. 42 is the most a dict of 64 slots holds: one
    # more term doubles every centroid's table, and its lookups then touch twice the memory.
    vector_terms: int = 48
    centroid_terms: int = 42
    member_terms: int = 16  # terms kept of a member, enough to rank members by centrality
    # Terms under which a story is posted in the inverted index. 16 rather than 12: a follow-up whose own
    # strongest terms are new (the repairs, their cost) must still meet the story under one of the names
    # it shares with it (ECB+ F1 0.931 at 12, 0.933 at 16; speed unchanged within the noise).
    key_terms: int = 16
    query_terms: int = 12  # terms of a new article that look up candidates
    # Most recently active stories kept per term: bounds the cost per article. A story is posted under
    # `key_terms` terms, so it stays findable unless it has gone quiet under all of them.
    posting_cap: int = 16
    # Stories scored exactly per article: the right one is nearly always the first
    # (ECB+ F1 0.933 at 3 and 4, 0.927 at 2).
    candidates: int = 3
    central_keep: int = 4  # most central members remembered per story, to pick its central article


@dataclass(frozen=True)
class MergeEvent(_Frozen):
    """Two stories became one: `absorbed` now resolves to `survivor`."""

    survivor: str
    absorbed: str


@dataclass(frozen=True)
class Assignment(_Frozen):
    """Where one article went: its story, whether that story is new, its central article, any merges."""

    story_id: str
    is_new: bool
    central: str  # the story's most central article id, for its title and lead
    score: float = 0.0  # similarity to the story joined; 0 for a new story
    merged: tuple[MergeEvent, ...] = ()
    thread_id: str = ""  # the developing story (thread) its story belongs to; "" until threads are assigned
    thread_merged: tuple[MergeEvent, ...] = ()  # threads that became one through this article


# A member: article id, its strongest terms and their weights. Tuples of plain values (like the
# keys tuple and the centroid, a dict of str to float) are not tracked by the garbage collector,
# whose full collections would otherwise walk every story of a large index.
Member = tuple[str, tuple[str, ...], tuple[float, ...]]


@dataclass(slots=True)
class Story:
    """One live story: its centroid, posted terms, most central members and last time."""

    id: str
    born: int  # the index's article count when the story began: unique, and the older story wins ties
    size: int
    centroid: Vector  # sum of member vectors, strongest terms only
    keys: tuple[str, ...]  # the terms it is posted under
    members: tuple[Member, ...]  # the most central members, best first
    last: float | None  # POSIX time of its newest article, None when undated
    norm: float = 0.0

    @property
    def central(self) -> str:
        """The id of the member closest to the centroid."""
        return self.members[0][0]


def story_id_for(article_id: str) -> str:
    """The id of a story begun by this article."""
    return str(uuid.uuid5(STORY_NAMESPACE, article_id))


@dataclass
class StoryIndex:
    """The caller-owned state of incremental story assignment."""

    params: ClusterParams = field(default_factory=ClusterParams)
    articles: int = 0  # articles assigned so far (the N of the IDF)
    df: dict[str, int] = field(default_factory=dict)  # document frequency of every term seen
    stories: dict[str, Story] = field(default_factory=dict)  # live stories only
    # term -> the `born` of its stories, oldest first. Numbers in an array rather than ids in a dict:
    # counting votes then touches no scattered id strings, a cache miss each (half its time at 100,000 stories).
    postings: dict[str, array] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)  # absorbed story id -> the story it merged into
    clock: float | None = None  # the newest publication time seen
    _expiry: list[tuple[float, str]] = field(default_factory=list, repr=False)  # heap of (last, story id)
    _born: dict[int, Story] = field(default_factory=dict, repr=False)  # live stories by `born`

    def assign(
        self,
        article_id: str,
        title: str,
        text: str,
        published: datetime | None = None,
        entities: tuple[str, ...] = (),
    ) -> Assignment:
        """Put one article into its story and say which, with any merges it caused."""
        if not article_id:
            raise InputError("an article needs an id to be clustered")
        new_id = story_id_for(article_id)
        if new_id in self.stories or new_id in self.aliases:
            raise InputError(f"article {article_id} was already clustered")
        when = _posix(published)
        if when is not None and (self.clock is None or when > self.clock):
            self.clock = when
            self._expire(when)
        when = when if when is not None else self.clock
        vector = self._vectorise(title, text, tuple(entities))
        matches = self._matches(vector, when)
        if not matches:
            story = self._start(new_id, article_id, vector, when)
            return Assignment(story.id, True, story.central)
        best_score, story = matches[0]
        self._add(story, article_id, vector, when)
        merged = []
        for _, other in matches[1:]:
            if other.id in self.stories and story.id in self.stories:
                if cosine(story.centroid, story.norm, other.centroid, other.norm) >= self.params.merge:
                    event = self._merge(story, other)
                    merged.append(event)
                    story = self.stories[event.survivor]
        return Assignment(story.id, False, story.central, round(best_score, 6), tuple(merged))

    def resolve(self, story_id: str) -> str:
        """The live id a story id now stands for: itself, or the story it merged into."""
        for _ in range(len(self.aliases) + 1):
            if story_id not in self.aliases:
                return story_id
            story_id = self.aliases[story_id]
        raise InputError(f"story aliases loop at {story_id}")

    def central(self, story_id: str) -> str:
        """The id of the story's most central article (its title and lead come from it)."""
        story = self.stories.get(self.resolve(story_id))
        if story is None:
            raise NotFoundError(f"no live story {story_id}")
        return story.central

    # -- vectors and scores ------------------------------------------------

    def _vectorise(self, title: str, text: str, entities: tuple[str, ...]) -> Vector:
        """The article's TF-IDF vector over its title and lead; counts it into the IDF."""
        p = self.params
        if len(text) > p.text_chars:
            text = (text[: p.text_chars].rsplit(None, 1) or [""])[0]  # end on a whole word
        self.articles += 1
        return vectorise(count_fields(title, text, entities), self.df, self.articles + p.idf_prior, p.vector_terms)

    def _matches(self, vector: Vector, when: float | None) -> list[tuple[float, Story]]:
        """Candidate stories from the inverted index that the article may join, best first."""
        p = self.params
        # Candidates are the stories posted under most of the article's strongest terms (the vector is
        # strongest first). Looking the lists up, joining and counting them each run as one loop in C:
        # cheap even when every list is full, and the cache misses of a large index overlap.
        terms = itertools.islice(vector, p.query_terms)
        joined = b"".join(map(self.postings.get, terms, itertools.repeat(b"")))
        votes: Counter[int] = Counter(memoryview(joined).cast(_SERIAL))
        # The most voted, ties to the first seen (a stable sort): most_common's order, without its heapq in Python.
        candidates = sorted(votes, key=votes.__getitem__, reverse=True)[: p.candidates]
        window = p.window_days * DAY
        scored = []
        for born in candidates:
            story = self._born[born]
            decay = 1.0
            if when is not None and story.last is not None:
                gap = abs(when - story.last)
                if gap > window:
                    continue
                decay = 1.0 - p.time_weight * gap / window
            score = cosine(vector, 1.0, story.centroid, story.norm) * decay
            if score >= (p.join_single if story.size == 1 else p.join):
                scored.append((score, story))
        scored.sort(key=lambda pair: (-pair[0], pair[1].born))
        return scored

    # -- changing stories ----------------------------------------------------

    def _start(self, story_id: str, article_id: str, vector: Vector, when: float | None) -> Story:
        """A new story of one article."""
        story = Story(story_id, self.articles, 0, {}, (), (), when)
        self.stories[story.id] = self._born[story.born] = story
        self._add(story, article_id, vector, when)
        return story

    def _add(self, story: Story, article_id: str, vector: Vector, when: float | None) -> None:
        """Fold one article into a story: centroid, central members, time and postings."""
        story.size += 1
        story.centroid = summed(story.centroid, vector)
        terms, weights = zip(*itertools.islice(vector.items(), self.params.member_terms)) if vector else ((), ())
        story.members += ((article_id, terms, weights),)
        self._refresh(story, when)

    def _refresh(self, story: Story, when: float | None) -> None:
        """Recompute what follows from a changed centroid: trimming, norm, central members, keys."""
        p = self.params
        terms = strongest(story.centroid)  # one sort for both the trim and the keys
        if len(terms) > p.centroid_terms:
            centroid = story.centroid
            story.centroid = {term: centroid[term] for term in terms[: p.centroid_terms]}
        story.norm = math.hypot(*story.centroid.values())
        if len(story.members) > 1:
            # Rank by dot product with the centroid (the same order as cosine); ties keep the earlier member.
            get, zeros = story.centroid.get, itertools.repeat(0.0)
            ranked = sorted(story.members, key=lambda m: -sum(map(operator.mul, m[2], map(get, m[1], zeros))))
            story.members = tuple(ranked[: p.central_keep])
        if when is not None and (story.last is None or when > story.last):
            story.last = when
        if story.last is not None:
            heapq.heappush(self._expiry, (story.last, story.id))
        self._post(story, tuple(terms[: p.key_terms]))

    def _post(self, story: Story, keys: tuple[str, ...]) -> None:
        """Post the story under these terms, as the most recent story of each."""
        postings, cap, born = self.postings, self.params.posting_cap, story.born
        # A posting list emptied by expiry is gone; a full one may have dropped the story already.
        for posting in list(map(postings.get, story.keys)):  # lookups first: their cache misses overlap
            if posting is not None and born in posting:
                posting.remove(born)
        for term in keys:
            posting = postings.get(term)
            if posting is None:
                posting = postings[term] = array(_SERIAL)
            posting.append(born)
            if len(posting) > cap:
                del posting[0]
        story.keys = keys

    def _unpost(self, story: Story) -> None:
        """Take the story out of the inverted index."""
        for term in story.keys:
            posting = self.postings.get(term)
            if posting is not None:
                if story.born in posting:
                    posting.remove(story.born)
                if not posting:
                    del self.postings[term]
        story.keys = ()

    def _merge(self, a: Story, b: Story) -> MergeEvent:
        """Fold the smaller (or younger) of two stories into the other."""
        survivor, absorbed = (a, b) if (a.size, -a.born) >= (b.size, -b.born) else (b, a)
        self._unpost(absorbed)
        del self.stories[absorbed.id], self._born[absorbed.born]
        self.aliases[absorbed.id] = survivor.id
        survivor.centroid = summed(survivor.centroid, absorbed.centroid)
        survivor.size += absorbed.size
        survivor.members += absorbed.members
        self._refresh(survivor, absorbed.last)
        return MergeEvent(survivor.id, absorbed.id)

    def _expire(self, now: float) -> None:
        """Drop stories that have been quiet longer than the window before `now` from the live index."""
        horizon = now - self.params.window_days * DAY
        while self._expiry and self._expiry[0][0] < horizon:
            last, sid = heapq.heappop(self._expiry)
            story = self.stories.get(sid)
            if story is not None and story.last == last:
                self._unpost(story)
                del self.stories[sid], self._born[story.born]

    # -- state as plain data -------------------------------------------------

    def to_dict(self) -> dict:
        """The whole state as JSON-ready data."""
        return {
            "version": STATE_VERSION,
            "params": asdict(self.params),
            "articles": self.articles,
            "clock": self.clock,
            "df": dict(self.df),
            "stories": [
                {**asdict(s), "keys": list(s.keys), "members": [[aid, dict(zip(t, w))] for aid, t, w in s.members]}
                for s in self.stories.values()
            ],
            "postings": {term: [self._born[b].id for b in posting] for term, posting in self.postings.items()},
            "aliases": dict(self.aliases),
        }

    @classmethod
    def from_dict(cls, data: dict) -> StoryIndex:
        """The state that `to_dict` wrote."""
        if data.get("version") != STATE_VERSION:
            raise InputError(f"story index state version {data.get('version')!r}, expected {STATE_VERSION}")
        known = {f.name for f in fields(ClusterParams)}
        index = cls(
            params=ClusterParams(**{k: v for k, v in data["params"].items() if k in known}),
            articles=data["articles"],
            df=dict(data["df"]),
            aliases=dict(data["aliases"]),
            clock=data["clock"],
        )
        for raw in data["stories"]:
            members = tuple((aid, tuple(vec), tuple(vec.values())) for aid, vec in raw["members"])
            story = Story(**{**raw, "keys": tuple(raw["keys"]), "members": members})
            index.stories[story.id] = index._born[story.born] = story
            if story.last is not None:
                index._expiry.append((story.last, story.id))
        heapq.heapify(index._expiry)
        stories = index.stories
        index.postings = {
            term: array(_SERIAL, [stories[sid].born for sid in ids]) for term, ids in data["postings"].items()
        }
        return index


def _posix(moment: datetime | None) -> float | None:
    """A datetime as POSIX seconds; a naive one is taken as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()
