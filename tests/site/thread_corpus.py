"""A small made-up news week of developing stories, and a stand-in thread level for the story index.

Two developing stories and a lone event, written for these tests: the Kestrel
Bridge (its closure, then the repair contract: two events of one thread, tied by
the council they both name), the Lindqvist recount, and a pier concert. The
mayor's visit to the works names the bridge and Lindqvist together. `ScriptedThreads` wraps the real story index (events are
the index's own) and puts events in threads by the entities they name, the way
the clustering will fill `thread_id` and `thread_merged`: so the store's paths
are tested with thread ids before, and beside, the real thread level.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from newsbrief.pipeline import types
from newsbrief.pipeline.clustering.cluster import Assignment, MergeEvent, StoryIndex
from newsbrief.pipeline.duplicates import neardup
from newsbrief.pipeline.duplicates.keys import content_hash
from newsbrief.site.models import Article, Source, Story, Thread
from newsbrief.site.store import BulkArticle, outlet_source, store_article

START = datetime(2026, 11, 16, 7, 0, tzinfo=UTC)
BRIDGE = types.Entity("Kestrel Bridge", types.EntityKind.PLACE, 3, ("Kestrel Bridge",))
COUNCIL = types.Entity("Aldwyn Council", types.EntityKind.ORG, 2, ("Aldwyn Council", "the council"))
LINDQVIST = types.Entity("Mara Lindqvist", types.EntityKind.PERSON, 2, ("Mara Lindqvist", "Lindqvist"))
BRANNOCK = types.Entity("Brannock Steel", types.EntityKind.ORG, 2, ("Brannock Steel",))
PIER = types.Entity("Pier Six", types.EntityKind.PLACE, 1, ("Pier Six",))
OUTLETS = {"gazette.example": "The Harbour Gazette", "ledger.example": "The Valley Ledger",
           "post.example": "The Calder Post"}

# Each event in three wordings (a wording per outlet, so that no two are near-duplicates), sharing its facts.
_EVENTS = {
    "closure": ("Kestrel Bridge shut after inspectors find cracks in its main girders", (
        "Inspectors found deep cracks in the main girders of the Kestrel Bridge, and engineers shut the crossing "
        "to all traffic. Divers will examine the piers; ferries carry commuters meanwhile.",
        "Engineers closed the Kestrel Bridge on Monday when an inspection revealed cracked girders. Commuters "
        "must take the ferries while divers check the piers beneath the cracked span.",
        "Cracks in the girders have closed the Kestrel Bridge. The inspectors' report led engineers to stop all "
        "traffic, and extra ferries now run while divers survey the piers.")),
    "contract": ("Aldwyn Council hands the bridge repair contract to Brannock Steel", (
        "Brannock Steel won the tender to repair the bridge for eleven million crowns, the council announced "
        "after a vote of councillors; the firm promises a reopening before the spring equinox.",
        "Councillors voted to award the eleven million crown repair tender to Brannock Steel, whose welders "
        "start in December and aim to reopen the crossing by the spring equinox.",
        "The repair tender went to Brannock Steel, eleven million crowns, after councillors voted on Wednesday; "
        "a reopening by the equinox is the firm's promise.")),
    "recount": ("Recount confirms Lindqvist as mayor by forty votes", (
        "A hand recount of every ballot paper confirmed Mara Lindqvist as mayor by forty votes, and the "
        "returning officer rejected the challenger's complaint about postal ballots.",
        "Mara Lindqvist remains mayor: the recount of every ballot gave her a forty vote margin, and the "
        "complaint about postal ballots was dismissed by the returning officer.",
        "The returning officer dismissed the postal ballot complaint after a full recount kept Lindqvist ahead "
        "by forty votes.")),
    "concert": ("Pier Six concert draws a record crowd of lantern boats", (
        "A lantern boat concert at Pier Six drew a record crowd, brass bands playing from moored barges until "
        "midnight while the harbour lights dimmed for fireworks.",
        "Record crowds watched lantern boats and brass bands on barges at Pier Six, where the fireworks lit "
        "the harbour at midnight.",
        "Brass bands on moored barges and hundreds of lantern boats made the Pier Six concert the best attended "
        "yet, ending with fireworks at midnight.")),
    "visit": ("Mayor tours the bridge works and asks for night shifts", (
        "The mayor toured the scaffolding under the bridge, met welders on the night shift and asked for "
        "round-the-clock work so the ferries can stop.",
        "On a tour of the scaffolding, the mayor asked the welders to work night shifts around the clock.",
        "Round-the-clock shifts were the mayor's request as she walked the scaffolding with the welders.")),
}
_WORDING = {"gazette.example": 0, "ledger.example": 1, "post.example": 2}
# (event, outlet domain, hours after START, entities, who wants what)
ARTICLES = [
    ("closure", "gazette.example", 0, (BRIDGE, COUNCIL), ((COUNCIL, "the bridge shut until it is safe"),)),
    ("recount", "ledger.example", 2, (LINDQVIST,), ()),
    ("closure", "ledger.example", 3, (BRIDGE,), ()),
    ("closure", "post.example", 5, (BRIDGE, COUNCIL), ()),
    ("recount", "post.example", 8, (LINDQVIST,), ((LINDQVIST, "a quick handover"),)),
    ("concert", "gazette.example", 20, (PIER,), ()),
    ("contract", "gazette.example", 49, (COUNCIL, BRANNOCK), ((COUNCIL, "the bridge open by spring"),)),
    ("contract", "post.example", 52, (BRANNOCK, COUNCIL), ()),
    ("visit", "ledger.example", 75, (LINDQVIST, BRIDGE), ((LINDQVIST, "night shifts on the bridge"),)),
    ("contract", "ledger.example", 76, (BRANNOCK,), ()),
]


def _text(event: str, domain: str) -> tuple[str, str]:
    """A title and the outlet's wording of the event."""
    title, wordings = _EVENTS[event]
    return title, wordings[_WORDING[domain]]


def week() -> list[BulkArticle]:
    """The week's articles in the order they were published, with fixed ids, briefs and enrichment."""
    made = []
    for n, (event, domain, hours, entities, wants) in enumerate(ARTICLES):
        title, text = _text(event, domain)
        url = f"https://{domain}/news/{event}-{n}.html"
        article = types.Article(url=url, canonical_url=url, title=title, text=text, source_domain=domain,
                                content_hash=content_hash(text), outlet=OUTLETS[domain],
                                published=START + timedelta(hours=hours))
        lead = text.split(". ")[0] + "."
        brief = types.Brief(lead=(types.BriefSentence(lead, types.Span(0, 0, len(lead))),),
                            closing=(types.BriefSentence("In summary, the story goes on.", None, "extractive"),),
                            method="extractive")
        statements = tuple(types.Statement(actor.name, actor.kind, "wants", aim, types.Polarity.WANTS,
                                           f"{actor.name} wants {aim}.", types.Span(0, 0, 20))
                           for actor, aim in wants)
        enrichment = types.Enrichment(entities, (event,), statements)
        made.append(BulkArticle(id=str(uuid.UUID(int=n + 1)), article=article, origin=url,
                                signature=neardup.signature(text), brief=brief, enrichment=enrichment))
    return made


def store_one_by_one(items: list[BulkArticle]) -> None:
    """Store articles as polling does: one at a time, each in its own transaction."""
    for item in items:
        source = outlet_source(item.article.source_domain, item.article.outlet, Source.Kind.PAGE)
        assert store_article(item.article, item.brief, source, article_id=uuid.UUID(item.id),
                             enrichment=item.enrichment)


def events_and_threads() -> dict:
    """What the database says of the events and threads, in a form two runs can be compared by."""
    story_of = dict(Article.objects.values_list("title", "story_id"))
    live_threads = Thread.objects.filter(merged_into=None, event_count__gt=0)
    return {
        "articles": sorted(Article.objects.values_list("pk", "story_id", "story__thread_id")),
        "stories": sorted(Story.objects.filter(merged_into=None, size__gt=0).values_list(
            "pk", "thread_id", "title", "size", "outlets", "first_published", "last_published")),
        "threads": sorted(live_threads.values_list(
            "pk", "title", "lead", "central_id", "event_count", "size", "outlets", "first_published",
            "last_published", "topics")),
        "absorbed stories": sorted(Story.objects.exclude(merged_into=None).values_list("pk", "merged_into_id")),
        "absorbed threads": sorted(Thread.objects.exclude(merged_into=None).values_list("pk", "merged_into_id")),
        "events by title": sorted({tuple(sorted(t for t, s in story_of.items() if s == story))
                                   for story in story_of.values()}),
    }


def wipe() -> None:
    """Delete every article, story, thread, entity and source (the index's log goes with the articles)."""
    for model in (Article, Story, Thread, Source):
        model.objects.all().delete()


THREAD_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://newsbrief.invalid/tests/thread")


class ScriptedThreads:
    """The real story index, with threads by entity: events naming one name share a thread, and an article naming
    the names of two threads merges them (the older survives). A stand-in for the clustering's thread level."""

    def __init__(self, params=None, *, index: StoryIndex | None = None):
        self.index = index if index is not None else StoryIndex(params=params)
        self.thread_of_name: dict[str, str] = {}
        self.thread_of_story: dict[str, str] = {}
        self.alias: dict[str, str] = {}
        self.born: dict[str, int] = {}

    @classmethod
    def from_dict(cls, data: dict) -> ScriptedThreads:
        """Tests keep no checkpoint of the stand-in's threads: it is rebuilt by replaying the log."""
        raise AssertionError("ScriptedThreads is replayed from the log, never loaded from a checkpoint")

    def __getattr__(self, name):
        return getattr(self.index, name)

    def assign(self, article_id, title, text, published=None, entities=()) -> Assignment:
        """The index's assignment, with the thread of its event and the thread merges it caused."""
        made = self.index.assign(article_id, title, text, published, entities)
        merges: list[MergeEvent] = []
        for event in made.merged:  # two events that became one bring their threads together
            self._join(self._resolve(self.thread_of_story[event.survivor]),
                       self._resolve(self.thread_of_story[event.absorbed]), merges)
        thread = self._resolve(self.thread_of_story.get(made.story_id, ""))
        for name in entities:
            known = self._resolve(self.thread_of_name.get(name, ""))
            if known and thread and known != thread:
                thread = self._join(thread, known, merges)
            thread = thread or known
        if not thread:
            thread = str(uuid.uuid5(THREAD_NAMESPACE, article_id))
            self.born[thread] = len(self.born)
        for name in entities:
            self.thread_of_name[name] = thread
        self.thread_of_story[made.story_id] = thread
        return Assignment(made.story_id, made.is_new, made.central, made.score, made.merged, thread, tuple(merges))

    def _resolve(self, thread: str) -> str:
        while thread in self.alias:
            thread = self.alias[thread]
        return thread

    def _join(self, a: str, b: str, merges: list[MergeEvent]) -> str:
        """Merge two threads, the older surviving; the survivor."""
        if a == b:
            return a
        survivor, absorbed = (a, b) if self.born[a] < self.born[b] else (b, a)
        self.alias[absorbed] = survivor
        merges.append(MergeEvent(survivor, absorbed))
        return survivor


class NoThreads(ScriptedThreads):
    """The story index as it was before threads: every assignment's thread_id empty."""

    def assign(self, article_id, title, text, published=None, entities=()) -> Assignment:
        """The index's assignment, naming no thread."""
        made = self.index.assign(article_id, title, text, published, entities)
        return Assignment(made.story_id, made.is_new, made.central, made.score, made.merged)
