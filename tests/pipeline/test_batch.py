"""The JSON Lines interface: good lines become briefs, bad lines are reported by number and skipped."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from newsbrief.pipeline.briefs.summarize_jsonl import summarize_jsonl
from newsbrief.pipeline.errors import InputError
from tests.pipeline.test_summarize import TEXT, TITLE

SHORT = "The ferry to the island was cancelled because of fog. Passengers were offered refunds."


@pytest.fixture
def articles(tmp_path):
    lines = [
        json.dumps({"id": "a1", "title": TITLE, "text": TEXT}),  # 1
        "{not json",  # 2
        "",  # 3: blank lines are neither read nor errors
        json.dumps({"id": 7, "text": SHORT}),  # 4: no title is fine
        json.dumps(["a", "list"]),  # 5
        json.dumps({"title": "no id", "text": SHORT}),  # 6
        json.dumps({"id": "a5", "text": "   "}),  # 7
        json.dumps({"id": "a6", "title": 3, "text": SHORT}),  # 8
        json.dumps({"id": "a7", "title": None, "text": SHORT}),  # 9: a null title is no title
    ]
    path = tmp_path / "articles.jsonl"
    path.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "x", "text": "caf\xe9"}\n')  # 10: not UTF-8
    return path


def test_good_lines_are_written_and_bad_ones_reported_by_line_number(articles, tmp_path):
    out = tmp_path / "briefs.jsonl"
    report = summarize_jsonl(articles, out)
    assert (report.read, report.written) == (9, 3)
    assert [e.line for e in report.errors] == [2, 5, 6, 7, 8, 10]
    messages = {e.line: e.message for e in report.errors}
    assert "not valid JSON" in messages[2]
    assert "'id'" in messages[6] and "'text'" in messages[7] and "'title'" in messages[8]
    assert "UTF-8" in messages[10]


def test_each_output_line_has_the_brief_fields(articles, tmp_path):
    out = tmp_path / "briefs.jsonl"
    summarize_jsonl(articles, out)
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in records] == ["a1", 7, "a7"]
    first = records[0]
    assert set(first) == {"id", "lead", "key_points", "body", "closing", "entities", "topics", "statements"}
    assert 1 <= len(first["lead"]) <= 3 and all(isinstance(s, str) for s in first["lead"])
    assert 3 <= len(first["key_points"]) <= 5
    assert "\n\n" in first["body"]
    assert first["closing"].startswith("In summary, ")


def test_each_output_line_has_the_entities_topics_and_statements(tmp_path):
    text = (
        "PORT ALDWYN — Mayor Ines Halloran wants 180 million crowns from the state to repair the Kestrel Bridge.\n\n"
        "The Calder Transport Authority rejects the mayor's plan and proposes a toll. Ms. Halloran said "
        "the city will not wait for the state."
    )
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "k1", "title": "Mayor wants bridge money", "text": text}) + "\n")
    summarize_jsonl(path, tmp_path / "out.jsonl")
    record = json.loads((tmp_path / "out.jsonl").read_text())
    halloran = [e for e in record["entities"] if e["name"] == "Ines Halloran"]
    assert halloran and halloran[0]["kind"] == "person" and "Ms. Halloran" in halloran[0]["surface_forms"]
    assert record["topics"] and all(isinstance(tag, str) for tag in record["topics"])
    wants = [s for s in record["statements"] if s["actor"] == "Ines Halloran" and s["polarity"] == "wants"]
    assert wants and "180 million crowns" in wants[0]["aim"]
    paragraphs = text.split("\n\n")
    assert all(s["evidence"].strip() in paragraphs[s["paragraph"]][s["start"] : s["end"]] for s in record["statements"])
    summarize_jsonl(path, tmp_path / "plain.jsonl", enrich=False)
    assert "entities" not in json.loads((tmp_path / "plain.jsonl").read_text())


def test_body_mode_is_passed_through(articles, tmp_path):
    out = tmp_path / "briefs.jsonl"
    summarize_jsonl(articles, out, body_mode="none")
    assert all(json.loads(line)["body"] == "" for line in out.read_text().splitlines())


def test_progress_is_reported_for_every_line(articles, tmp_path):
    seen = []
    summarize_jsonl(articles, tmp_path / "briefs.jsonl", on_line=seen.append)
    assert seen == list(range(1, 11))


def test_missing_input_is_an_input_error_and_writes_nothing(tmp_path):
    out = tmp_path / "briefs.jsonl"
    with pytest.raises(InputError, match="missing.jsonl"):
        summarize_jsonl(tmp_path / "missing.jsonl", out)
    assert list(tmp_path.iterdir()) == []


def test_command_prints_counts_and_bad_line_numbers(articles, tmp_path):
    out, err = tmp_path / "briefs.jsonl", io.StringIO()
    call_command("summarize", "--in", str(articles), "--out", str(out), stderr=err)
    text = err.getvalue()
    assert "3 of 9 articles summarized" in text
    for line in (2, 5, 6, 7, 8, 10):
        assert f"articles.jsonl:{line}: skipped" in text
    assert len(out.read_text().splitlines()) == 3


def test_command_fails_when_no_line_is_usable(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("nope\n")
    with pytest.raises(CommandError, match="no article"):
        call_command("summarize", "--in", str(bad), "--out", str(tmp_path / "o.jsonl"), stderr=io.StringIO())


def test_console_script_exits_1_on_a_missing_input_file(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "newsbrief", "summarize", "--in", str(tmp_path / "nope.jsonl"), "--out", str(tmp_path / "o.jsonl")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "nope.jsonl" in result.stderr


def test_a_line_in_another_language_is_briefed_as_the_site_briefs_it(tmp_path):
    from tests.pipeline.test_enrich_languages import GERMAN

    source = tmp_path / "de.jsonl"
    source.write_text(json.dumps({"id": "de1", "title": "Stadtrat saniert die Holzbrücke", "text": GERMAN}) + "\n")
    out = tmp_path / "briefs.jsonl"
    summarize_jsonl(source, out)
    record = json.loads(out.read_text())
    assert record["closing"].startswith("Zusammengefasst: ")
    assert "In summary" not in json.dumps(record)
    assert record["entities"] == [] and record["statements"] == []


def test_a_declared_language_that_is_not_a_string_is_reported(tmp_path):
    source = tmp_path / "bad.jsonl"
    source.write_text(json.dumps({"id": "x", "text": SHORT, "language": 7}) + "\n")
    report = summarize_jsonl(source, tmp_path / "out.jsonl")
    assert [(e.line, e.message) for e in report.errors] == [(1, "'language' must be a string (an ISO 639 code such as 'de')")]
