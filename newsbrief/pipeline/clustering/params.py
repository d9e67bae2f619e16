"""The knobs of event and thread assignment, and the bars of each level (compiled with mypyc, like cluster)."""

from __future__ import annotations

from dataclasses import dataclass, fields

from newsbrief.pipeline.clustering.terms import ENTITIES, NAMES, NUMBERS, WORDS

DAY = 86400.0


class _Frozen:
    """A frozen dataclass that pickles by its constructor: compiled (mypyc), it cannot be restored field by field."""

    def __reduce__(self) -> tuple:
        """The class and its field values, in the constructor's order."""
        return type(self), tuple(getattr(self, f.name) for f in fields(self))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Bars(_Frozen):
    """What it takes to join or merge the groups of one level, how long they stay live, and their centroids' size."""

    window: float  # seconds a group takes articles after its last one
    join: float
    join_single: float
    merge: float
    centroid_terms: int


@dataclass(frozen=True)
class ClusterParams(_Frozen):
    """The knobs of thread and event assignment; bench/cluster chose the scored ones on held-out ECB+ topics."""

    # Time: ECB+ has no dates, so these follow from what the levels are rather than from a score:
    # an event is reported within days, a developing story runs for weeks.
    window_days: float = 7.0  # an event takes articles until it has been quiet this long
    thread_window_days: float = 30.0  # a thread takes articles until quiet this long (never below window_days)
    time_weight: float = 0.2  # a group a full window old needs 1/(1-0.2) the similarity
    # Chosen by bench/cluster/protocol.py on all ECB+ topics (held-out scores: docs/benchmarks.md).
    # Threads: cosine of an article's word vector to a thread's centroid at which an article that starts
    # an event starts it in the thread (one that joins a live event is in that event's thread), and
    # between two threads' centroids at which they merge when one article clears the bar of both.
    thread_join: float = 0.1
    thread_merge: float = 0.3
    # Events, among the live events of the article's candidate threads only: cosine to an event's centroid at which
    # the article joins it (join_single for an event of one article, equal here), and between two
    # events' centroids at which they merge when one article clears the bar of both.
    join: float = 0.2
    join_single: float = 0.2
    merge: float = 0.4
    # Weight of the entity names beside the words, the capitalised names and the numbers (1 each) in
    # an article's event vector. Not scored (ECB+ scores it flat from 0 to 1, its two events of a topic
    # sharing their names): at 1, a reworded report that shares its names with an event clears the bar.
    entity_weight: float = 1.0
    # The thread vector is the words and, at this weight, the entity names: a developing story keeps
    # its vocabulary while its events change names and numbers (names and numbers at full weight
    # there cut ECB+ thread F1 from 0.97 to 0.86, on both halves). Not scored: a quarter is enough
    # for two shared rare names to bring a reworded report in (tests/pipeline/test_cluster_threads.py).
    thread_entity_weight: float = 0.25
    # The IDF counts this many imagined articles beside those seen, so that the first articles of an
    # archive do not make every shared word look common; with `english_prior`, they hold each word at
    # its rate in general English (background.py), so that "per cent" or "city" never looks rare.
    idf_prior: int = 1000
    english_prior: bool = True
    # The whole text is read, up to this many characters: a bound on the cost of one article
    # (a long feature is about 20,000), not a choice of what to compare.
    text_chars: int = 40000
    # News puts the event in its lead: in the event vector the words of the first this-many characters
    # count twice (0: the whole text counts once). The thread vector reads the whole text once.
    lead_chars: int = 1000
    # Sizes, set for cost rather than score: strongest terms kept of an article's event vector and
    # of an event's centroid (42 is the most a dict of 64 slots holds), and of its thread vector and
    # a thread's centroid (a thread's vocabulary is wider: 42 cost ECB+ threads 0.02 to 0.06).
    vector_terms: int = 48
    centroid_terms: int = 42
    thread_terms: int = 64
    thread_centroid_terms: int = 64
    member_terms: int = 16  # terms kept of a member, enough to rank members by centrality
    # Terms under which a thread is posted in the inverted index: a follow-up whose own strongest
    # terms are new must still meet the thread under one of the words it shares with it. A thread's
    # later events bring words of their own: 16 and 12 (enough for events) lost ECB+ threads 0.02 to 0.04.
    key_terms: int = 32
    query_terms: int = 32  # terms of a new article that look up candidate threads
    # Most recently active threads kept per term: bounds the cost per article. A thread is posted
    # under `key_terms` terms, so it stays findable unless it has gone quiet under all of them.
    posting_cap: int = 16
    candidates: int = 3  # threads scored exactly per article: the right one is nearly always the first
    central_keep: int = 4  # most central members remembered per group, to pick its central article

    def events(self) -> Bars:
        """The bars of the event level."""
        return Bars(self.window_days * DAY, self.join, self.join_single, self.merge, self.centroid_terms)

    def threads(self) -> Bars:
        """The bars of the thread level."""
        window = max(self.thread_window_days, self.window_days) * DAY  # a live event's thread is live
        return Bars(window, self.thread_join, self.thread_join, self.thread_merge, self.thread_centroid_terms)

    def thread_candidates(self) -> Bars:
        """The thread bars without a similarity bar: every candidate thread in the window, to search for events."""
        window = max(self.thread_window_days, self.window_days) * DAY
        return Bars(window, 0.0, 0.0, self.thread_merge, self.thread_centroid_terms)

    def event_fields(self) -> dict[str, float]:
        """The weight of each field of an article's event vector."""
        return {WORDS: 1.0, NAMES: 1.0, NUMBERS: 1.0, ENTITIES: self.entity_weight}

    def thread_fields(self) -> dict[str, float]:
        """The weight of each field of an article's thread vector (fields left out weigh nothing)."""
        return {WORDS: 1.0, ENTITIES: self.thread_entity_weight}
