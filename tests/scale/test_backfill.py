"""Backfills: input readers, banding, the local engine, and Ray in local mode giving the local engine's results."""

import ast
import gzip
import importlib.util
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from newsbrief.pipeline.duplicates import neardup
from newsbrief.pipeline.errors import InputError
from newsbrief.scale import banding, inputs, stages
from newsbrief.scale.local_engine import LocalEngine
from newsbrief.site.ingest.backfill import run_backfill
from newsbrief.site.models import Article, Brief, Entity, Source, Story
from tests.conftest import EXAMPLES

needs_ray = pytest.mark.skipif(importlib.util.find_spec("ray") is None,
                               reason="Ray is not installed (pip install 'newsbrief[scale]')")
WIRE = "www.veradiastandard.example/news/2026/11/21/storm-edda-red-warning.html"


class Stop(Exception):
    """Raised from the progress callback: the run is killed between two batches."""


def _page_text(relative: str) -> tuple[str, str]:
    record = next(inputs.read_all(EXAMPLES / relative))
    row = stages.process_record(record, stages.Options(enrich=False))
    return row["title"], row["text"]


def _write_jsonl(path: Path) -> None:
    """A small JSON Lines corpus from the examples' texts: an original, its exact copy, a near copy, no title."""
    title, text = _page_text("www.harbourgazette.example/news/2026/11/22/saltmarsh-quay-evacuated-storm-edda.html")
    _, other = _page_text("www.northgatechronicle.example/2026/11/21/mariners-cup-run-pier-six-stadium.html")
    items = [
        {"id": "w1", "title": f"Wire: {title}", "text": text + "\n\nMeridian Wire contributed.",
         "url": "https://wire.example/w1", "published": "2026-11-22T06:00:00Z"},
        {"id": "w2", "title": "The same text again", "text": text + "\n\nMeridian Wire contributed.",
         "published": "2026-11-22T09:00:00+00:00"},
        {"id": "w3", "text": other.replace("\n\n", "\n"), "published": "2026-11-21"},  # lines as paragraphs, no title
    ]
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for item in items:
            out.write(json.dumps(item) + "\n")
        out.write("{not json\n")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The sample corpus (the examples' pages and text briefs) plus a small JSON Lines file."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLES, root / "examples")
    _write_jsonl(root / "wire.jsonl.gz")
    return root


def snapshot() -> dict:
    """What a backfill left in the database, in a form two runs can be compared by."""
    articles = Article.objects.order_by("pk").values_list(
        "pk", "title", "content_hash", "duplicate_of_id", "similarity", "story_id", "revision_of_id", "signature")
    return {
        "articles": list(articles),
        "briefs": sorted(Brief.objects.values_list("article_id", "lead", "closing")),
        "stories": sorted(Story.objects.values_list("pk", "title")),
        "entities": sorted(Entity.articles.through.objects.values_list("article_id", "entity__name")),
    }


def wipe() -> None:
    for model in (Article, Story, Entity, Source):
        model.objects.all().delete()


def killed_after(batches: int):
    def progress(phase, done, total):
        if phase == "originals" and done >= batches * 10:
            raise Stop

    return progress


# -- inputs and banding, no database ------------------------------------------


def test_inputs_read_pages_briefs_and_json_lines_in_a_stable_order(corpus):
    records = list(inputs.read_all(corpus))
    kinds = {r["kind"] for r in records}
    assert kinds == {"html", "brief", "text", "invalid"}
    assert [r["seq"] for r in records] == sorted(r["seq"] for r in records)
    assert len({r["id"] for r in records}) == len(records)
    assert records == list(inputs.read_all(corpus))  # the same ids and order every time


def test_a_brief_keeps_the_uuid_written_in_it():
    path = EXAMPLES / "text" / "tamsin-valley-rationing-brief.txt"
    written = path.read_text(encoding="utf-8").split("\n")[3]
    assert next(inputs.read_all(path))["id"] == written


def test_warc_responses_with_html_become_page_records(tmp_path):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    page = (EXAMPLES / WIRE).read_bytes()
    with open(tmp_path / "crawl.warc.gz", "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for url, content_type in (("https://www.veradiastandard.example/a.html", "text/html; charset=utf-8"),
                                  ("https://www.veradiastandard.example/logo.png", "image/png")):
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(page),
                                                          http_headers=headers))
    records = list(inputs.read_all(tmp_path))
    assert [(r["kind"], r["url"]) for r in records] == [("html", "https://www.veradiastandard.example/a.html")]
    assert records[0]["html"] == page
    row = stages.process_record(records[0], stages.Options(enrich=False))
    assert row["status"] == stages.OK and "Storm Edda" in row["text"]


def test_a_missing_input_is_a_clear_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        inputs.discover(tmp_path / "nothing")
    (tmp_path / "notes.md").write_text("# not an input")
    with pytest.raises(InputError, match="no HTML"):
        inputs.discover(tmp_path)


def _node(article_id, text, seq, published=""):
    row = {"id": article_id, "seq": seq, "published": published, "content_hash": article_id[:1],
           "signature": stages.pack(neardup.signature(text)), "canonical_url": ""}
    return banding.node_of(row)


def test_banding_links_near_copies_to_the_earliest_published_across_the_input():
    _, text = _page_text(WIRE)
    edited = text.replace("said", "told reporters", 2)
    _, unrelated = _page_text(
        "www.harbourgazette.example/sport/2026/11/20/mariners-beat-eastmere-rovers-cup-quarter-final.html")
    nodes = [_node("a-late", text, 0, "2026-11-21T12:00:00.000000+00:00"),
             _node("b-early", edited, 1, "2026-11-21T08:00:00.000000+00:00"),
             _node("c-other", unrelated, 2)]
    decisions = banding.find_in_process(nodes, banding.shape(0.8))
    assert decisions.copies == {"a-late": "b-early"}
    assert decisions.exact == {}


def test_exact_copies_keep_the_first_and_a_stored_article_always_wins():
    members = [{"id": "new", "order": banding.order_key(seq=0, published="", article_id="new")},
               {"id": "stored", "order": banding.order_key(seq=None, published="~", article_id="stored")}]
    assert banding.exact_pairs(members) == [{"id": "new", "kept": "stored"}]


def test_a_stage_process_answers_batches_skips_stored_records_and_ends_with_its_channel(corpus):
    import threading
    from multiprocessing import Pipe

    records = [r for r in inputs.read_all(corpus / "wire.jsonl.gz") if r["kind"] == "text"]
    ours, theirs = Pipe()
    serving = threading.Thread(target=stages.serve, args=(theirs,))
    serving.start()
    ours.send((stages.Options(enrich=False), stages.StoredIds([records[0]["id"]])))
    assert ours.recv() is None  # ready
    ours.send(records)
    rows = ours.recv()
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert [r["status"] for r in rows] == [stages.STORED] + [stages.OK] * (len(records) - 1)
    ours.close()
    serving.join(timeout=10)
    assert not serving.is_alive()


def test_a_record_whose_text_is_stored_is_keyed_but_never_briefed(corpus):
    record = next(r for r in inputs.read_all(corpus / "wire.jsonl.gz") if r["kind"] == "text")
    fresh = stages.process_record(record, stages.Options(enrich=False))
    stored = stages.StoredIds(content_hashes=[fresh["content_hash"]])
    row = stages.process_record(record, stages.Options(enrich=False), stored)
    assert row["status"] == stages.OK and row["content_hash"] == fresh["content_hash"]
    assert row["brief"] == "" and row["signature"] == b"" and fresh["brief"]  # no brief, no signature to band


def test_ray_workers_outside_the_stage_processes_import_no_stage_libraries():
    code = ("import sys, newsbrief.scale.ray_tasks; "
            "print(sorted(m for m in ('spacy', 'trafilatura', 'datasketch', 'scipy') if m in sys.modules))")
    pytest.importorskip("ray")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_scale_layer_does_not_import_django():
    for path in (Path(stages.__file__).parent).glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
        names |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        assert not {n for n in names if n.startswith(("django", "newsbrief.site"))}, path.name


# -- the local engine, with the database --------------------------------------


@pytest.mark.django_db
def test_local_backfill_stores_originals_copies_and_stories_and_counts_failures(corpus):
    report = run_backfill(corpus, LocalEngine(2), enrich=False, batch_size=10)
    assert report.new >= 40 and report.new == Brief.objects.count()
    assert report.exact_duplicates >= 2  # the twin-URL rates story, and the JSON copy w2
    assert report.failures == {"no article text": 1, "bad input": 1}
    wire = Article.objects.filter(duplicate_of__isnull=False)
    assert report.near_duplicates == wire.count() >= 2
    for copy in wire:
        assert copy.story_id == copy.duplicate_of.story_id and copy.similarity >= 0.8
        assert not Brief.objects.filter(article=copy).exists()
    assert Article.objects.filter(title="The same text again").count() == 0
    assert Story.objects.count() < report.new  # coverage of one event shares a story
    assert Article.objects.filter(story__isnull=True).count() == 0


@pytest.mark.django_db
def test_a_rerun_adds_nothing_and_skips_stored_articles_before_any_work(corpus):
    run_backfill(corpus, LocalEngine(1), enrich=False)
    before = snapshot()
    again = run_backfill(corpus, LocalEngine(1), enrich=False)
    assert snapshot() == before
    assert again.new == again.near_duplicates == 0
    assert again.already_stored == len(before["articles"])
    assert again.processed == again.read - again.already_stored


@pytest.mark.django_db
def test_a_text_stored_under_another_id_is_an_exact_duplicate_and_never_briefed(corpus, tmp_path):
    run_backfill(corpus / "wire.jsonl.gz", LocalEngine(1), enrich=False)
    title, text = Article.objects.filter(title__startswith="Wire: ").values_list("title", "text").get()
    again = tmp_path / "again.jsonl"
    again.write_text(json.dumps({"id": "again", "title": title, "text": text}) + "\n", encoding="utf-8")
    before = snapshot()
    report = run_backfill(again, LocalEngine(1), enrich=False)
    assert (report.exact_duplicates, report.new, report.already_stored) == (1, 0, 0)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_killed_local_run_resumes_to_what_an_uninterrupted_run_gives(corpus):
    run_backfill(corpus, LocalEngine(2), enrich=False, batch_size=10)
    whole = snapshot()
    wipe()
    with pytest.raises(Stop):
        run_backfill(corpus, LocalEngine(2), enrich=False, batch_size=10, progress=killed_after(2))
    assert 0 < Article.objects.count() < len(whole["articles"])
    resumed = run_backfill(corpus, LocalEngine(2), enrich=False, batch_size=10)
    assert resumed.already_stored > 0
    assert snapshot() == whole


@pytest.mark.django_db
def test_the_backfill_command_prints_its_report(corpus):
    out = io.StringIO()
    call_command("backfill", str(corpus / "wire.jsonl.gz"), "--engine", "local", "--no-enrich", stdout=out)
    text = out.getvalue()
    assert "new 2" in text and "exact duplicates 1" in text and "articles/s" in text
    assert "bad input: 1" in text


# -- Ray in local mode --------------------------------------------------------


@pytest.fixture(scope="module")
def ray_local():
    ray = pytest.importorskip("ray")
    # Loopback only, as every test; nice 0 so that its workers are not starved on a busy machine.
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, _node_ip_address="127.0.0.1",
             _system_config={"worker_niceness": 0})
    from newsbrief.scale.ray_engine import RayEngine

    yield lambda: RayEngine(2)
    ray.shutdown()


@needs_ray
@pytest.mark.django_db
def test_ray_gives_the_local_engines_articles_duplicates_and_stories(corpus, ray_local):
    local = run_backfill(corpus, LocalEngine(2), enrich=True)
    expected = snapshot()
    wipe()
    remote = run_backfill(corpus, ray_local(), enrich=True)
    assert snapshot() == expected
    assert (remote.new, remote.near_duplicates, remote.exact_duplicates, remote.failures) == (
        local.new, local.near_duplicates, local.exact_duplicates, local.failures)
    assert expected["entities"]  # enrichment ran in the actors


@needs_ray
@pytest.mark.django_db
def test_a_killed_ray_run_resumes_and_a_rerun_adds_nothing(corpus, ray_local):
    run_backfill(corpus, LocalEngine(2), enrich=False, batch_size=10)
    whole = snapshot()
    wipe()
    with pytest.raises(Stop):
        run_backfill(corpus, ray_local(), enrich=False, batch_size=10, progress=killed_after(2))
    assert 0 < Article.objects.count() < len(whole["articles"])
    run_backfill(corpus, ray_local(), enrich=False, batch_size=10)
    assert snapshot() == whole
    again = run_backfill(corpus, ray_local(), enrich=False, batch_size=10)
    assert again.new == again.near_duplicates == 0 and snapshot() == whole


@pytest.mark.django_db
def test_the_backfill_bar_counts_records_without_a_made_up_total_and_says_1_worker(corpus, monkeypatch):
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # draw the bar as on a terminal
    out = io.StringIO()
    call_command("backfill", str(corpus / "wire.jsonl.gz"), "--engine", "local", "--workers", "1", "--no-enrich",
                 stdout=out)
    text = out.getvalue()
    assert "records read" in text and "writing originals" in text
    assert "/?" not in text and "(1 worker)" in text
