"""The sample corpus's stories, ingested once for the module: who shares a story, merges, the pages."""

import re

import pytest

from newsbrief.site import store
from newsbrief.site.models import Article, Mention, Statement, Story
from tests.site.test_stories import story_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_corpus")]


def test_reports_of_one_event_share_a_story_and_other_events_do_not():
    bridge_repairs = story_of("Kestrel Bridge repairs")
    assert len(bridge_repairs) == 1 and None not in bridge_repairs
    recount = story_of("Recount confirms Lindqvist")
    assert len(recount) == 1
    strike = story_of("Nurses reach tentative 6.5 per cent deal") | story_of("Nurses walk out at Calder General")
    assert len(strike) == 1
    assert not bridge_repairs & strike and not recount & strike and not bridge_repairs & recount


def test_the_developing_stories_each_gather_several_outlets():
    live = Story.objects.filter(merged_into=None)
    # Eight developing stories in the sample; the clustering is tuned elsewhere, so ask for most of them.
    assert live.filter(outlets__gte=3).count() >= 6
    for story in live:
        members = Article.objects.filter(story=story, status=Article.Status.OK, revisions__isnull=True)
        assert story.size == members.count()
        assert story.title and story.central_id


def test_every_stored_article_has_a_story_and_copies_join_their_originals():
    stored = Article.objects.filter(status=Article.Status.OK)
    assert not stored.filter(story=None).exists()
    copies = stored.exclude(duplicate_of=None).select_related("duplicate_of")
    assert copies.exists()  # the wire story
    for copy in copies:
        assert copy.story_id == copy.duplicate_of.story_id
    assert not Mention.objects.filter(article__in=copies).exists()
    assert not Statement.objects.filter(article__in=copies).exists()


def test_a_restarted_process_rebuilds_the_same_story_index():
    live = store.story_index().to_dict()
    rebuilt = store.story_index(cached=False).to_dict()  # as a new process finds it: nothing in memory
    assert rebuilt == live


def test_the_story_page_shows_the_timeline_outlets_entities_and_who_wants_what(client):
    story = Story.objects.filter(merged_into=None).order_by("-outlets", "pk").first()
    html = client.get(story.get_absolute_url()).content.decode()
    timeline = Article.objects.filter(story=story, duplicate_of=None, revisions__isnull=True)
    for article in timeline:
        assert f'href="{article.get_absolute_url()}"' in html
    assert "Timeline" in html and "Outlets" in html and "Entities" in html and "Who wants what" in html
    anchors = re.findall(r'href="(/a/[^"#]+)#(statement-\d+)"', html)
    assert anchors
    page, anchor = anchors[0]
    assert f'id="{anchor}"' in client.get(page).content.decode()
    # the picture of the coverage, copies included: one bar segment per outlet and day, in its legend's colour
    dated = Article.objects.filter(story=story, status=Article.Status.OK, revisions__isnull=True, published__isnull=False)
    segments = re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="(#\w+)"><title>([^<]+)</title>', html)
    assert sum(int(re.search(r": (\d+) article", label).group(1)) for _, label in segments) == dated.count()
    assert f'role="img" aria-label="{dated.count()} articles from ' in html
    swatches = re.findall(r'<rect width="10" height="10" fill="(#\w+)"/></svg> ([^<]+?) <span', html)
    assert len(swatches) == story.outlets and {colour for colour, _ in segments} <= {colour for colour, _ in swatches}


def test_the_front_page_ranks_stories_by_breadth_and_recency(client):
    html = client.get("/").content.decode()
    links = re.findall(r'href="(/s/[0-9a-f-]+/)"', html)
    # Every live story is on the page (the sample has fewer than the front page holds), its thread's
    # events in its card. How many stories the sample makes is the clustering's business, tuned elsewhere:
    # ask only for most of its eight.
    live = Story.objects.filter(merged_into=None, size__gt=0)
    assert len(links) == len(set(links)) == live.count() >= 6
    ranked = [Story.objects.get(pk=link.split("/")[2]) for link in links]
    assert ranked[0].outlets >= 3
    assert all(story.merged_into_id is None for story in ranked)
    assert f"{ranked[0].outlets} outlets" in html
    # each story card draws its coverage per day, small
    assert html.count('<div class="sparkline"><svg viewBox="0 0 160 29" role="img"') == len(links)
