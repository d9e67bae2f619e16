"""Stories at store time: ids that stay stable as articles arrive, merges, topics, checkpoints and replay of the index.

The sample corpus's stories and their pages are in test_sample_stories.py.
"""

import json
import shutil
from datetime import timedelta

import pytest
from django.db.models import F

from newsbrief.pipeline.clustering.cluster import StoryIndex, story_id_for
from newsbrief.site import store
from newsbrief.site.store import story_index_log, story_totals
from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.models import Article, Story, StoryIndexState, StoryLog
from tests.conftest import EXAMPLES
from tests.pipeline.test_cluster import BOTH, COUNCIL, HALF_A, HALF_B, T0, feed
from tests.pipeline.test_cluster_threads import CONVERGING

pytestmark = pytest.mark.django_db


def story_of(title_part: str) -> set:
    """The stories of the originals whose title holds these words."""
    return set(Article.objects.filter(title__icontains=title_part, duplicate_of=None).values_list("story_id", flat=True))


def test_story_ids_stay_stable_when_more_articles_arrive(tmp_path):
    first, later = tmp_path / "first", tmp_path / "later"
    for name in ("www.harbourgazette.example", "calderpost.example"):
        shutil.copytree(EXAMPLES / name, first / name)
    for name in ("news.coastlineradio.example", "www.veradiastandard.example", "valleyledger.example"):
        shutil.copytree(EXAMPLES / name, later / name)
    ingest_paths([first])
    before = dict(Article.objects.values_list("pk", "story_id"))
    for story_id in set(before.values()):
        founder = StoryLog.objects.filter(article__story_id=story_id).order_by("pk").first()
        assert str(story_id) == story_id_for(str(founder.article_id))  # derived from the first article: re-runs agree
    ingest_paths([later])
    after = dict(Article.objects.filter(pk__in=before).values_list("pk", "story_id"))
    for pk, story_id in before.items():
        old = Story.objects.get(pk=story_id)
        assert after[pk] == story_id or old.merged_into_id == after[pk]
    assert Article.objects.exclude(pk__in=before).filter(story_id__in=set(before.values())).exists()


def test_checkpoints_and_replay_rebuild_the_same_story_index(monkeypatch):
    monkeypatch.setattr(story_index_log, "CHECKPOINT_EVERY", 10)
    monkeypatch.setattr(story_index_log, "TERMS_PER_CHECKPOINTED_ROW", 10**9)  # a small state: every 10 rows
    ingest_paths([EXAMPLES])
    assert StoryIndexState.objects.get(pk=1).through > 0
    live = store.story_index().to_dict()
    rebuilt = store.story_index(cached=False).to_dict()
    assert rebuilt["stories"] == live["stories"] and rebuilt["df"] == live["df"]
    assert rebuilt["threads"]["stories"] == live["threads"]["stories"] and rebuilt["articles"] == live["articles"]
    assert rebuilt["threads"]["postings"] == live["threads"]["postings"]


def test_a_large_state_is_checkpointed_less_often_and_replays_all_the_same(monkeypatch):
    monkeypatch.setattr(story_index_log, "CHECKPOINT_EVERY", 10)
    monkeypatch.setattr(story_index_log, "TERMS_PER_CHECKPOINTED_ROW", 1)  # thousands of terms: thousands of rows
    ingest_paths([EXAMPLES])
    logged = StoryLog.objects.order_by("-pk").values_list("pk", flat=True).first()
    # Every 10 rows the last checkpoint would be under 10 rows old; the demo's state holds thousands of terms.
    assert logged - StoryIndexState.objects.get(pk=1).through >= 40
    assert store.story_index(cached=False).to_dict() == store.story_index().to_dict()


def test_a_checkpoint_keeps_no_aliases_of_events_or_threads_that_are_gone():
    index = StoryIndex(CONVERGING)
    both = feed(index, [HALF_A, HALF_B, BOTH])[-1]  # two threads merge, and their events
    assert both.merged and both.thread_merged
    index.assign(*COUNCIL, T0 + timedelta(days=40))  # the merged thread and event have expired since
    assert index.aliases and index.threads.aliases
    saved = json.loads(story_index_log._checkpoint(index))
    assert saved["aliases"] == {} and saved["threads"]["aliases"] == {}


def test_a_merged_story_id_redirects_to_the_story_that_absorbed_it(ingested_examples, client):
    survivor = Story.objects.get(pk=next(iter(story_of("Kestrel Bridge repairs"))))
    absorbed = Story.objects.get(pk=next(iter(story_of("Recount confirms Lindqvist"))))
    moved = set(Article.objects.filter(story=absorbed).values_list("pk", flat=True))
    size = survivor.size + absorbed.size
    store.merge_stories(str(survivor.pk), str(absorbed.pk))
    survivor.refresh_from_db()
    assert survivor.size == size
    assert set(Article.objects.filter(pk__in=moved).values_list("story_id", flat=True)) == {survivor.pk}
    response = client.get(f"/s/{absorbed.pk}/")
    assert response.status_code == 301 and response["Location"] == survivor.get_absolute_url()
    assert client.get(survivor.get_absolute_url()).status_code == 200


def test_a_storys_topics_are_the_commonest_tags_of_its_latest_articles(ingested_examples, monkeypatch):
    story = Story.objects.filter(merged_into=None).order_by("-size", "pk").first()
    latest_first = (F("published").desc(nulls_last=True), "pk")  # as the story's refresh ranks them, on every database
    originals = Article.objects.filter(story=story, duplicate_of=None).order_by(*latest_first)
    newest, older = originals[0], originals[1]
    newest.topics, older.topics = ["ferry timetable"], ["harbour wall"]
    Article.objects.bulk_update([newest, older], ["topics"])
    monkeypatch.setattr(story_totals, "TOPIC_SAMPLE", 1)
    store.refresh_stories(story.pk)
    story.refresh_from_db()
    assert story.topics == ["ferry timetable"]
    monkeypatch.setattr(story_totals, "TOPIC_SAMPLE", 200)
    store.refresh_stories(str(story.pk))
    story.refresh_from_db()
    assert len(story.topics) > 1 and story.size == Article.objects.filter(story=story).count()
