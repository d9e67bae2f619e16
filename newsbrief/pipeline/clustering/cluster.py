"""Thread and event clustering: each article joins the best-matching developing story (thread), then an event in it.

Two levels. An *event* (a story on the site) is one happening, reported by many
outlets within days; a *thread* is a developing story, the events that follow
from one another over weeks (the attack, the manhunt, the inquiry). Every event
belongs to exactly one thread, by construction; a lone event is its own thread.

The caller owns a `StoryIndex` and feeds it articles in order. An article is
counted once into the IDF (which grows with every article seen, beside a prior of
imagined articles that hold each word as often as general English does) and becomes two
TF-IDF vectors (sublinear term counts times IDF), each field normalised on its
own so that a long text cannot drown the names, and rare terms weigh more through
their IDF. Threads first: the *thread vector* is the words of the whole title and
text with the entity names the caller passes at a lower weight; its strongest
terms look a few candidate threads up in an inverted index (not a scan). Then
events, among those threads' few live events only: the *event vector* adds
capitalised names, numbers and entity names as fields of their own, and counts the
lead's words twice; the best event that clears the event bar takes the article,
into its thread. An article that joins no event starts one, in the best candidate
thread whose centroid clears the thread bar, else in a thread of its own: so the
thread bar decides only whether a new event belongs to a developing story, and a
report of a known event never leaves its thread for wording the rest of the thread
lacks. Both bars are cosines lowered with the gap in time. Ids are derived from the first
article's id, so re-runs give the same ids. When an article clears the bar of two
groups of a level whose centroids have converged, they merge: the larger survives
and the absorbed id keeps resolving to it; two threads that merge pool their
events. Groups quiet for longer than their window leave the live index (threads
wait longer than events); an undated article takes the newest time seen, and
until a dated one arrives nothing expires.

The whole state is plain data: `to_dict` / `from_dict` round-trip it through JSON;
`from_dict` upgrades the states of earlier versions (state_upgrade).
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime, timezone

from newsbrief.pipeline.clustering.background import imagined_counts
from newsbrief.pipeline.clustering.level import Level, MergeEvent, Story
from newsbrief.pipeline.clustering.params import ClusterParams, _Frozen
from newsbrief.pipeline.clustering.terms import count_fields
from newsbrief.pipeline.clustering.vectors import Vector, idf, vectorise
from newsbrief.pipeline.errors import InputError, NotFoundError

STATE_VERSION = 3  # 2: threads beside events; 3: threads first, events found through their thread
# Ids are uuid5(namespace, first article id): stable across re-runs.
STORY_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://newsbrief.invalid/story")
THREAD_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://newsbrief.invalid/thread")


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


def story_id_for(article_id: str) -> str:
    """The id of an event (story) begun by this article."""
    return str(uuid.uuid5(STORY_NAMESPACE, article_id))


def thread_id_for(article_id: str) -> str:
    """The id of a thread begun by this article."""
    return str(uuid.uuid5(THREAD_NAMESPACE, article_id))


@dataclass
class StoryIndex:
    """The caller-owned state of incremental thread and event (story) assignment."""

    params: ClusterParams = field(default_factory=ClusterParams)
    articles: int = 0  # articles assigned so far (the N of the IDF)
    df: dict[str, int] = field(default_factory=dict)  # document frequency of every term seen
    events: Level = field(default_factory=Level)
    threads: Level = field(default_factory=lambda: Level(indexed=True))
    clock: float | None = None  # the newest publication time seen

    @property
    def stories(self) -> dict[str, Story]:
        """The live events by id."""
        return self.events.groups

    @property
    def postings(self) -> dict:
        """The threads' inverted index: term -> the `born` of the threads posted under it."""
        return self.threads.postings

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
        """Put one article into its thread and event and say which, with any merges it caused."""
        if not article_id:
            raise InputError("an article needs an id to be clustered")
        new_id = story_id_for(article_id)
        if new_id in self.events.groups or new_id in self.events.aliases:
            raise InputError(f"article {article_id} was already clustered")
        p, events = self.params, self.events
        when = _posix(published)
        if when is not None and (self.clock is None or when > self.clock):
            self.clock = when
            for event in events.expire(when, p.events().window):
                self._leave_thread(event.thread, (event.id,))
            self.threads.expire(when, p.threads().window)
        when = when if when is not None else self.clock
        thread_vector, event_vector = self._vectorise(title, text, tuple(entities))
        thread, thread_merged, matches = self._place(article_id, thread_vector, event_vector, when)
        bars = p.events()
        if not matches:
            event = events.start(new_id, self.articles, article_id, event_vector, when, p, bars)
            event.thread = thread.id
            thread.events += (event.id,)
            return Assignment(event.id, True, event.central, 0.0, (), thread.id, tuple(thread_merged))
        best_score, event = matches[0]
        events.add(event, article_id, event_vector, when, p, bars)
        event, merged = events.merge_if_converged(event, matches[1:], p, bars)
        if merged:
            self._leave_thread(thread.id, tuple(m.absorbed for m in merged))
        event.thread = thread.id
        return Assignment(event.id, False, event.central, round(best_score, 6), tuple(merged), thread.id,
                          tuple(thread_merged))

    def _place(self, article_id: str, thread_vector: Vector, event_vector: Vector,
               when: float | None) -> tuple[Story, list[MergeEvent], list[tuple[float, Story]]]:
        """The thread the article joins (or starts), the threads that merged on the way, and the live events it
        may join there, best first."""
        p, threads, events = self.params, self.threads, self.events
        bars, event_bars = p.threads(), p.events()
        candidates = threads.matches(thread_vector, when, p, p.thread_candidates())
        found: Story | None = None
        matches: list[tuple[float, Story]] = []
        for _, candidate in candidates:  # best thread first: it keeps ties
            joinable = events.scan(candidate.events, event_vector, when, p, event_bars)
            if joinable and (not matches or joinable[0][0] > matches[0][0]):
                found, matches = candidate, joinable
        joined = [(score, thread) for score, thread in candidates if score >= bars.join]
        if found is None:
            if not joined:
                return threads.start(thread_id_for(article_id), self.articles, article_id, thread_vector, when, p,
                                     bars), [], []
            found = joined[0][1]
        threads.add(found, article_id, thread_vector, when, p, bars)
        others = [(score, thread) for score, thread in joined if thread is not found]
        thread, merged = threads.merge_if_converged(found, others, p, bars)
        if merged:  # the merged threads pool their events: the article may join, and so merge, several
            matches = events.scan(thread.events, event_vector, when, p, event_bars)
        return thread, merged, matches

    def _leave_thread(self, thread_id: str, event_ids: tuple[str, ...]) -> None:
        """Take events that expired or merged away out of their thread's live events."""
        thread = self.threads.groups.get(self.threads.resolve(thread_id))
        if thread is not None:
            thread.events = tuple(e for e in thread.events if e not in event_ids)

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

    def _vectorise(self, title: str, text: str, entities: tuple[str, ...]) -> tuple[Vector, Vector]:
        """The article's thread and event vectors; counts it into the IDF."""
        p = self.params
        if len(text) > p.text_chars:
            text = (text[: p.text_chars].rsplit(None, 1) or [""])[0]  # end on a whole word
        self.articles += 1
        whole = count_fields(title, text, entities)
        imagined = imagined_counts(p.idf_prior) if p.english_prior else {}
        weights = idf(whole, self.df, self.articles + p.idf_prior, imagined)
        thread_vector = vectorise(whole, weights, p.thread_terms, p.thread_fields())
        counts = whole
        if p.lead_chars:  # the opening's words, names and numbers count twice: news puts the event there
            opening = text if len(text) <= p.lead_chars else (text[: p.lead_chars].rsplit(None, 1) or [""])[0]
            lead = count_fields("", opening)
            counts = {name: _plus(found, lead[name]) if name in lead else found for name, found in whole.items()}
        return thread_vector, vectorise(counts, weights, p.vector_terms, p.event_fields())

    # -- state as plain data -------------------------------------------------

    def to_dict(self) -> dict:
        """The whole state as JSON-ready data: the events' level at the top, the threads' under "threads"."""
        events = self.events.to_dict()
        del events["postings"]  # events are found through their thread
        return {
            "version": STATE_VERSION,
            "params": asdict(self.params),
            "articles": self.articles,
            "clock": self.clock,
            "df": dict(self.df),
            **events,
            "threads": self.threads.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: dict) -> StoryIndex:
        """The state that `to_dict` wrote, or an earlier version's upgraded to this one."""
        from newsbrief.pipeline.clustering.state_upgrade import upgraded

        data = upgraded(data, STATE_VERSION)
        known = {f.name for f in fields(ClusterParams)}
        index = cls(
            params=ClusterParams(**{k: v for k, v in data["params"].items() if k in known}),
            articles=data["articles"],
            df=dict(data["df"]),
            events=Level.from_dict({**data, "postings": {}}, indexed=False),
            threads=Level.from_dict(data["threads"], indexed=True),
            clock=data["clock"],
        )
        if data.get("rebuild"):
            index._rebuild_threads()
        return index

    def _rebuild_threads(self) -> None:
        """List each live thread's live events and post every thread in the index, oldest first."""
        threads = self.threads
        for event in sorted(self.events.groups.values(), key=lambda e: e.born):
            thread = threads.groups.get(threads.resolve(event.thread))
            if thread is None:
                raise InputError(f"story index state: the thread of event {event.id} is not live")
            thread.events += (event.id,)
        threads.refresh_all(self.params, self.params.threads())


def _plus(counts: Counter, more: Counter) -> Counter:
    """The two counts added: those of `counts` in their order, then `more`'s new terms (all counts positive)."""
    total = counts.copy()  # updating a copy loops over `more` only, where `+` loops over both
    total.update(more)
    return total


def _posix(moment: datetime | None) -> float | None:
    """A datetime as POSIX seconds; a naive one is taken as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.timestamp()

