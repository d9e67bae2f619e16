"""Threads: every event belongs to one developing story; entities and time let differently worded reports join."""

import json
from datetime import timedelta

from newsbrief.pipeline.clustering.cluster import ClusterParams, StoryIndex, story_id_for, thread_id_for
from tests.pipeline.test_cluster import BOTH, COUNCIL, FERRY, HALF_A, HALF_B, T0, feed

# Low bars at both levels, so that an article covering two stories brings them together.
CONVERGING = ClusterParams(join=0.3, join_single=0.3, merge=0.25, thread_join=0.3, thread_merge=0.25)

# Fictional follow-ups of the Dawn Star ferry accident (tests/pipeline/test_cluster.py): later events of its thread.
INQUIRY_REPORT = (
    "report-1",
    "Dawn Star report blames radar fault and harbour fog",
    "Investigators from the Bellmoor Port Authority published their report on the Dawn Star ferry, which "
    "struck the north pier at Bellmoor. The radar fault that Captain Ilse Marrow described had been logged "
    "twice before the crossing from Kestrel Point, and the report asks for new radar on every harbour ferry.",
)
CAPTAIN_CHARGED = (
    "charged-1",
    "Ferry captain Ilse Marrow charged over Dawn Star pier crash",
    "Prosecutors charged Captain Ilse Marrow with negligence over the Dawn Star crash at the Bellmoor north "
    "pier. The Bellmoor Port Authority report found the ferry's radar fault had been logged before the Kestrel "
    "Point crossing. Marrow will appear before magistrates next month.",
)


def test_every_assignment_names_a_thread_and_a_lone_event_is_its_own_thread():
    index = StoryIndex()
    ferry = feed(index, FERRY)
    council = index.assign(*COUNCIL, T0 + timedelta(days=1))
    assert {a.thread_id for a in ferry} == {thread_id_for("ferry-1")}
    assert council.thread_id == thread_id_for("council-1") and council.is_new
    assert index.thread_of(story_id_for("ferry-1")) == thread_id_for("ferry-1")


def test_a_later_event_of_a_developing_story_joins_its_thread_as_a_new_event():
    index = StoryIndex()
    ferry = feed(index, FERRY)
    index.assign(*COUNCIL, T0 + timedelta(days=1))
    report = index.assign(*INQUIRY_REPORT, T0 + timedelta(days=12))  # the accident's event has expired
    assert report.is_new and report.story_id == story_id_for("report-1")
    assert report.thread_id == ferry[0].thread_id


def test_a_thread_outlives_its_events_window_but_not_its_own():
    index = StoryIndex()
    feed(index, FERRY)
    late = index.assign(*CAPTAIN_CHARGED, T0 + timedelta(days=45))
    assert late.is_new and late.thread_id == thread_id_for("charged-1")


def test_two_rare_shared_entities_in_the_same_week_join_a_story_whatever_the_wording():
    names = ("Ilse Marrow", "Kestrel Point", "Bellmoor Port Authority", "Dawn Star")
    # Reworded: no word in common with the coverage so far but the two names.
    shared = ("shared", "", "Skipper Marrow's lawyers now dispute the Kestrel Point logbook entries.")
    other = ("other", "", "Skipper Vale's lawyers now dispute the Ashby Quay logbook entries.")

    def ferry_index():
        index = StoryIndex()
        for n, (aid, title, text) in enumerate(FERRY):
            index.assign(aid, title, text, T0 + n * timedelta(hours=3), names)
        return index

    joined = ferry_index().assign(*shared, T0 + timedelta(days=4), ("Ilse Marrow", "Kestrel Point"))
    assert not joined.is_new and joined.story_id == story_id_for("ferry-1")
    # The names did it: the same sentence with two other names, or a month later, starts its own event.
    assert ferry_index().assign(*other, T0 + timedelta(days=4), ("Oren Vale", "Ashby Quay")).is_new
    assert ferry_index().assign(*shared, T0 + timedelta(days=30), ("Ilse Marrow", "Kestrel Point")).is_new


def test_threads_that_converge_merge_with_their_events_and_every_id_resolves():
    # Events are found within their thread, so two events merge only once their threads have.
    index = StoryIndex(CONVERGING)
    a = index.assign(*HALF_A, T0)
    b = index.assign(*HALF_B, T0 + timedelta(hours=1))
    assert a.thread_id != b.thread_id
    both = index.assign(*BOTH, T0 + timedelta(hours=2))
    assert len(both.thread_merged) == 1 and len(both.merged) == 1
    merge = both.thread_merged[0]
    assert {merge.survivor, merge.absorbed} == {a.thread_id, b.thread_id}
    assert both.thread_id == merge.survivor == index.resolve_thread(merge.absorbed)
    assert index.thread_of(a.story_id) == index.thread_of(b.story_id) == both.thread_id


def test_threads_round_trip_through_json_and_carry_on_identically():
    index = StoryIndex(CONVERGING)
    feed(index, FERRY[:2] + [HALF_A, HALF_B])
    copy = StoryIndex.from_dict(json.loads(json.dumps(index.to_dict())))
    assert copy.to_dict() == index.to_dict()
    later = [FERRY[2], BOTH, INQUIRY_REPORT]
    start = T0 + timedelta(days=3)
    carried_on = feed(copy, later, start)
    assert carried_on == feed(index, later, start)
    assert any(a.thread_merged for a in carried_on)
    assert copy.to_dict() == index.to_dict()


def test_the_same_articles_give_the_same_threads_every_run():
    runs = []
    for _ in range(2):
        index = StoryIndex()
        stream = FERRY + [COUNCIL, INQUIRY_REPORT, CAPTAIN_CHARGED]
        runs.append([(a.story_id, a.thread_id) for a in feed(index, stream, step=timedelta(days=2))])
    assert runs[0] == runs[1]


def test_a_state_from_before_threads_loads_with_each_event_its_own_thread():
    index = StoryIndex()
    feed(index, FERRY[:2] + [COUNCIL])
    # Version 1, as the index stored it before threads: the events' level alone, and an old merge.
    now = index.to_dict()
    events = [{k: v for k, v in event.items() if k not in ("thread", "events")} for event in now["stories"]]
    ferry, council = story_id_for("ferry-1"), story_id_for("council-1")
    old = {"version": 1, "params": {**now["params"], "join": 0.5, "text_chars": 1000}, "articles": now["articles"],
           "clock": now["clock"], "df": now["df"], "stories": events, "postings": {},
           "aliases": {story_id_for("gone-1"): ferry}}
    upgraded = StoryIndex.from_dict(json.loads(json.dumps(old)))
    assert upgraded.thread_of(ferry) == ferry and upgraded.thread_of(council) == council
    assert upgraded.resolve_thread(story_id_for("gone-1")) == ferry == upgraded.resolve(story_id_for("gone-1"))
    assert upgraded.params == ClusterParams()  # the scored settings of the old design are not kept
    follow_up = upgraded.assign(*FERRY[2], T0 + timedelta(hours=6))
    assert (follow_up.story_id, follow_up.thread_id) == (ferry, ferry)
    assert StoryIndex.from_dict(json.loads(json.dumps(upgraded.to_dict()))).to_dict() == upgraded.to_dict()
