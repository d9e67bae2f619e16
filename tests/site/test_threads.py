"""Threads (developing stories) over events (stories) at store time: one thread per event, merges, both paths agree.

Backfill and polling agree: a backfill of an archive followed by polling gives
the events and threads of polling alone, whether the story index names threads
(ScriptedThreads stands in for its thread level) or not (a thread per event).
Run on PostgreSQL too (see team notes: NEWSBRIEF_DATABASE_URL).
"""

from importlib import import_module

import pytest
from django.apps import apps

from newsbrief.site import store
from newsbrief.site.models import Article, Story, Thread
from newsbrief.site.store import BulkWriter, story_index_log
from tests.site.thread_corpus import NoThreads, ScriptedThreads, events_and_threads, store_one_by_one, week, wipe

pytestmark = pytest.mark.django_db


@pytest.fixture
def fresh_index(monkeypatch):
    """No copy of the story index left in memory by an earlier test."""
    monkeypatch.setattr(story_index_log, "_CACHE", story_index_log._Cached())


@pytest.fixture
def scripted_threads(monkeypatch, fresh_index):
    """The story index with the stand-in thread level, rebuilt from the log whenever it is not current."""
    monkeypatch.setattr(story_index_log, "StoryIndex", ScriptedThreads)
    monkeypatch.setattr(story_index_log, "CHECKPOINT_EVERY", 10**9)


@pytest.fixture
def no_threads(monkeypatch, fresh_index):
    """The story index naming no threads, as before the clustering assigned them."""
    monkeypatch.setattr(story_index_log, "StoryIndex", NoThreads)
    monkeypatch.setattr(story_index_log, "CHECKPOINT_EVERY", 10**9)


def _live_threads():
    return Thread.objects.filter(merged_into=None, event_count__gt=0)


def _thread_of(title_part: str) -> set:
    return set(Article.objects.filter(title__icontains=title_part).values_list("story__thread_id", flat=True))


def _assert_every_event_in_exactly_one_live_thread():
    for story in Story.objects.filter(merged_into=None, size__gt=0).select_related("thread"):
        assert story.thread is not None and story.thread.merged_into_id is None, story
    for thread in _live_threads():
        events = Story.objects.filter(thread=thread, merged_into=None, size__gt=0)
        assert thread.event_count == events.count() >= 1
        assert thread.size == sum(event.size for event in events)
        assert thread.central_id in {event.pk for event in events} and thread.title == thread.central.title
        assert thread.first_published == min(event.first_published for event in events)
        assert thread.last_published == max(event.last_published for event in events)


def test_every_event_of_the_sample_corpus_is_in_exactly_one_thread(ingested_examples):
    _assert_every_event_in_exactly_one_live_thread()
    events = Story.objects.filter(merged_into=None, size__gt=0)
    assert sum(thread.event_count for thread in _live_threads()) == events.count()
    for thread in _live_threads().filter(event_count=1):  # a lone event is a thread of its own, titled as it is
        (event,) = Story.objects.filter(thread=thread, merged_into=None, size__gt=0)
        assert (thread.title, thread.size, thread.outlets) == (event.title, event.size, event.outlets)


def test_without_threads_from_the_index_each_event_is_its_own_thread(no_threads):
    store_one_by_one(week())
    _assert_every_event_in_exactly_one_live_thread()
    events = Story.objects.filter(merged_into=None, size__gt=0)
    assert set(_live_threads().values_list("pk", flat=True)) == set(events.values_list("thread_id", flat=True))
    assert _live_threads().count() == events.count() >= 3


def test_threads_the_index_names_hold_several_events_and_merge_with_ids_that_resolve(scripted_threads):
    store_one_by_one(week())
    _assert_every_event_in_exactly_one_live_thread()
    bridge = _thread_of("Kestrel Bridge shut")
    assert len(bridge) == 1 and bridge == _thread_of("repair contract")  # two events, one developing story
    (thread,) = Thread.objects.filter(pk__in=bridge)
    assert thread.event_count >= 2 and thread.outlets == 3
    assert thread.title == "Kestrel Bridge shut after inspectors find cracks in its main girders"  # most outlets
    # The visit names Lindqvist and the bridge: the recount's thread folds into the bridge's, the older.
    assert _thread_of("Recount confirms") == bridge == _thread_of("Mayor tours")
    absorbed = Thread.objects.exclude(merged_into=None).get()
    assert absorbed.merged_into_id == thread.pk and (absorbed.event_count, absorbed.size) == (0, 0)
    concert = Thread.objects.get(pk__in=_thread_of("Pier Six concert"))
    assert concert.event_count == 1 and concert.merged_into_id is None


@pytest.mark.parametrize("threads", ["scripted_threads", "no_threads", "fresh_index"])
def test_a_backfill_then_polling_gives_the_events_and_threads_of_polling_alone(request, threads):
    request.getfixturevalue(threads)  # threads by the stand-in, none from the index, and the index as it is
    articles = week()
    store_one_by_one(articles)
    polled = events_and_threads()
    wipe()
    writer = BulkWriter()
    archive, later = articles[:9], articles[9:]  # the mayor's visit, which merges two threads, in the archive
    for start in range(0, len(archive), 4):  # batches that split events and threads between transactions
        assert writer.originals(archive[start:start + 4]).stored == len(archive[start:start + 4])
    store_one_by_one(later)
    backfilled = events_and_threads()
    for part in polled:
        assert backfilled[part] == polled[part], part
    assert len(polled["threads"]) >= 2 and len(polled["events by title"]) >= 4


def test_a_restarted_process_rebuilds_the_same_threads(scripted_threads):
    store_one_by_one(week()[:6])
    live = story_index_log.story_index()
    rebuilt = story_index_log.story_index(cached=False)  # as a new process finds it: the log replayed
    assert rebuilt.thread_of_story == live.thread_of_story and rebuilt.alias == live.alias
    store_one_by_one(week()[6:])
    _assert_every_event_in_exactly_one_live_thread()


def test_an_editors_story_merge_folds_the_thread_it_empties(no_threads):
    store_one_by_one(week())
    survivor = Story.objects.get(pk=Article.objects.filter(title__startswith="Kestrel Bridge shut")
                                 .values_list("story_id", flat=True)[0])
    absorbed = Story.objects.get(pk=Article.objects.filter(title__startswith="Pier Six concert")
                                 .values_list("story_id", flat=True)[0])
    emptied = absorbed.thread_id
    store.merge_stories(str(survivor.pk), str(absorbed.pk))
    assert Thread.objects.get(pk=emptied).merged_into_id == survivor.thread_id
    thread = Thread.objects.get(pk=survivor.thread_id)
    assert thread.size == survivor.size + absorbed.size and thread.event_count == 1
    _assert_every_event_in_exactly_one_live_thread()


def test_the_migration_gives_every_story_stored_before_threads_a_thread_of_its_own():
    live = Story.objects.create(title="Ferry strike ends", lead="The ferries sail.", size=3, outlets=2,
                                topics=["ferries"])
    absorbed = Story.objects.create(title="Ferry crews walk out", merged_into=live)
    empty = Story.objects.create(title="Nothing left")
    import_module("newsbrief.site.migrations.0012_threads").thread_per_story(apps, None)  # as the migration runs
    for story in (live, absorbed, empty):
        story.refresh_from_db()
        assert story.thread_id == story.pk
    thread = Thread.objects.get(pk=live.pk)
    assert (thread.title, thread.lead, thread.size, thread.outlets, thread.topics) == (
        "Ferry strike ends", "The ferries sail.", 3, 2, ["ferries"])
    assert (thread.event_count, thread.central_id, thread.merged_into_id) == (1, live.pk, None)
    assert Thread.objects.get(pk=absorbed.pk).merged_into_id == live.pk
    assert Thread.objects.get(pk=empty.pk).event_count == 0
