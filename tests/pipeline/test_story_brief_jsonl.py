"""`newsbrief story-brief`: JSON lines of articles grouped by story in, one story brief per story out."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from newsbrief.pipeline.briefs.story_brief_jsonl import story_briefs_jsonl
from tests.pipeline.story_fixtures import COURIER, GAZETTE, TITLES, WIRE

FERRY = "The island ferry was cancelled on Monday because of thick fog. Passengers were offered refunds at the quay."


@pytest.fixture
def articles(tmp_path):
    lines = [
        {"id": "gazette-1", "story": "dam", "outlet": "Harbour Gazette", "title": TITLES["gazette-1"], "text": GAZETTE,
         "published": "2031-04-02T06:00:00+00:00"},  # 1
        {"id": "wire-1", "story": "dam", "outlet": "Northern Wire", "text": WIRE, "published": "2031-04-02T09:00:00+00:00"},
        {"id": "ferry-1", "story": 7, "text": FERRY},  # 3: no outlet: its own
        {"id": "courier-1", "story": "dam", "outlet": "Aldwyn Courier", "text": COURIER,
         "published": "2031-04-03T12:00:00+00:00"},  # 4
        {"id": "post-1", "story": "dam", "outlet": "Valley Post", "text": WIRE, "published": "2031-04-02T10:00:00"},
        {"id": "x1", "text": FERRY},  # 6: no story
        {"id": "x2", "story": "dam", "text": FERRY, "published": "next Tuesday"},  # 7
        {"id": "x3", "story": "dam", "text": FERRY, "outlet": 5},  # 8
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n{broken\n", encoding="utf-8")  # 9
    return path


def test_one_brief_per_story_with_provenance_and_tables(articles, tmp_path):
    out = tmp_path / "briefs.jsonl"
    report = story_briefs_jsonl(articles, out, enrich=False)
    assert (report.read, report.written) == (9, 2)
    rows = {row["story"]: row for row in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    dam = rows["dam"]
    assert dam["lead"] and dam["lead"][0].endswith("(Harbour Gazette)")
    assert [d["thing"] for d in dam["differ"]] == ["dead"]
    assert len(dam["provenance"]) == len(dam["lead"]) + len(dam["key_points"]) + bool(dam["closing"])
    wire = next(c for c in dam["coverage"] if c["outlet"] == "Northern Wire")
    assert wire["carried_by"] == ["Valley Post"]  # the same text again is the Wire's coverage
    assert rows["7"]["coverage"][0]["outlet"] == "ferry-1"


def test_bad_lines_are_named_by_number_and_why(articles, tmp_path):
    report = story_briefs_jsonl(articles, tmp_path / "briefs.jsonl", enrich=False)
    why = {e.line: e.message for e in report.errors}
    assert sorted(why) == [6, 7, 8, 9]
    assert "'story'" in why[6] and "'published'" in why[7] and "'outlet'" in why[8] and "JSON" in why[9]


def test_the_command_writes_the_file_and_reports_skipped_lines(articles, tmp_path):
    out, err = tmp_path / "briefs.jsonl", io.StringIO()
    call_command("story-brief", "--in", str(articles), "--out", str(out), stderr=err)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    assert f"{articles}:6: skipped: missing or invalid 'story'" in err.getvalue()
    assert "2 stories briefed" in err.getvalue()


def test_the_command_names_a_missing_input(tmp_path):
    with pytest.raises(CommandError, match="cannot read the input"):
        call_command("story-brief", "--in", str(tmp_path / "none.jsonl"), "--out", str(tmp_path / "out.jsonl"))
