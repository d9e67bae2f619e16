"""The JSON Lines interface of story clustering, and the `newsbrief cluster` command over it."""

import json

import pytest
from django.core.management import CommandError, call_command

from newsbrief.pipeline.clustering.cluster import story_id_for, thread_id_for
from newsbrief.pipeline.clustering.cluster_jsonl import cluster_file, cluster_lines
from newsbrief.pipeline.errors import InputError
from tests.pipeline.test_cluster import AGROUND, FERRY


def article_lines() -> list[str]:
    """The fictional ferry coverage as input lines, with one malformed line of each kind among them."""
    (f1, t1, x1), (f2, t2, x2), (f3, _, x3) = FERRY
    (a1, u1, y1), (a2, _, y2) = AGROUND
    return [
        json.dumps({"id": f1, "title": t1, "text": x1, "published": "2026-03-03T09:00:00Z"}),
        json.dumps({"id": a1, "title": u1, "text": y1, "published": "2026-03-05T10:00:00+00:00"}),
        "{not json",
        json.dumps({"id": "no-text", "title": "A title alone"}),
        json.dumps({"id": "bad-time", "text": x2, "published": "last Tuesday"}),
        "",
        json.dumps({"id": f2, "title": t2, "text": x2, "published": "2026-03-03T12:00:00Z", "entities": ["I. Marrow"]}),
        json.dumps({"id": f3, "text": x3}),  # no title, no time: the index's clock stands in
        json.dumps({"id": a2, "text": y2, "entities": [{"name": "Tomas Vey"}]}),
        json.dumps({"id": f1, "text": x1}),
    ]


def test_lines_in_order_become_article_story_pairs_and_bad_lines_are_skipped_by_number():
    rows, report = cluster_lines(article_lines())
    ferry, aground = story_id_for("ferry-1"), story_id_for("aground-1")
    assert [(article, story) for article, story, _ in rows] == [
        ("ferry-1", ferry), ("aground-1", aground), ("ferry-2", ferry), ("ferry-3", ferry), ("aground-2", aground)
    ]  # fmt: skip
    threads = {story: thread for _, story, thread in rows}
    assert len(threads) == 2 and threads[ferry] == thread_id_for("ferry-1")  # one thread per event, never empty
    assert threads[aground] in {thread_id_for("ferry-1"), thread_id_for("aground-1")}
    assert [number for number, _ in report.skipped] == [3, 4, 5, 10]
    reasons = dict(report.skipped)
    assert "not JSON" in reasons[3]
    assert '"text"' in reasons[4]
    assert "ISO 8601" in reasons[5]
    assert "earlier line" in reasons[10]
    assert (report.articles, report.new_stories, report.stories) == (5, 2, 2)
    assert report.threads == len(set(threads.values()))


def test_a_line_without_entities_gets_those_the_finder_gives_and_an_empty_list_means_none():
    asked = []

    def find_entities(title, text):
        asked.append(title)
        return ("Bellmoor Port Authority", "Ilse Marrow")

    lines = [
        json.dumps({"id": "a", "title": "found", "text": "Talks on the harbour levy collapsed late on Friday."}),
        json.dumps({"id": "b", "title": "given", "text": "Negotiators walked out.", "entities": ["Ilse Marrow"]}),
        json.dumps({"id": "c", "title": "none", "text": "Port charges rose again.", "entities": []}),
    ]
    cluster_lines(lines, find_entities=find_entities)
    assert asked == ["found"]


def test_the_file_interface_writes_one_line_per_article(tmp_path):
    source, dest = tmp_path / "articles.jsonl", tmp_path / "stories.jsonl"
    source.write_text("\n".join(article_lines()) + "\n", encoding="utf-8")
    seen = []
    report = cluster_file(source, dest, progress=seen.append)
    rows = [json.loads(line) for line in dest.read_text(encoding="utf-8").splitlines()]
    assert [row["id"] for row in rows] == ["ferry-1", "aground-1", "ferry-2", "ferry-3", "aground-2"]
    assert {row["story"] for row in rows} == {story_id_for("ferry-1"), story_id_for("aground-1")}
    assert all(row["thread"] for row in rows)
    assert len(report.skipped) == 4
    assert seen == list(range(1, 11))


def test_a_missing_input_is_an_input_error_and_writes_nothing(tmp_path):
    dest = tmp_path / "stories.jsonl"
    with pytest.raises(InputError, match="missing.jsonl"):
        cluster_file(tmp_path / "missing.jsonl", dest)
    assert not dest.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db  # the site's alias table, for the entities of lines that give none
def test_the_cluster_command_writes_stories_and_threads_and_reports_counts(tmp_path, capsys):
    source, dest = tmp_path / "articles.jsonl", tmp_path / "stories.jsonl"
    source.write_text("\n".join(article_lines()) + "\n", encoding="utf-8")
    call_command("cluster", "--in", str(source), "--out", str(dest))
    out = capsys.readouterr().out
    assert "articles: 5  stories: 2  threads: " in out and "skipped: 4" in out
    assert "skipped line 3: not JSON" in out
    rows = [json.loads(line) for line in dest.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 5 and all(set(row) == {"id", "story", "thread"} for row in rows)
    with pytest.raises(CommandError, match="missing.jsonl") as failure:
        call_command("cluster", "--in", str(tmp_path / "missing.jsonl"), "--out", str(dest))
    assert failure.value.returncode == 2
