"""`newsbrief ingest` reads JSON Feed files, says what it does not read, and gives a page without a URL its own source."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.models import Article, Source

pytestmark = pytest.mark.django_db

# Two stories of our own, distinct enough not to be near-duplicates of each other.
STORIES = {
    1: ["The Port Aldwyn harbour board voted on Tuesday evening to keep the night ferry to Kestrel Island running "
        "through the winter, reversing a decision it took in the spring.",
        "Islanders had collected more than two thousand signatures against the cut, saying that nurses and "
        "dock workers on late shifts had no other way home after ten o'clock.",
        "The board's chair said the crossing would cost the port about forty thousand pounds more each winter."],
    2: ["Fares for visitors from the mainland will rise by a fifth in January, the ferry company said on Wednesday, "
        "blaming the price of fuel and the cost of a new engine for its older boat.",
        "Season tickets for islanders stay at this year's price, and children under twelve still travel free "
        "on every crossing, including the late boat on Friday and Saturday nights.",
        "The company expects the new timetable to be printed and in the harbour office by the end of the month."],
}


def _json_feed(folder):
    items = [{"id": str(n), "url": f"https://quayside.example/news/{n}", "title": f"Harbour news, part {n}",
              "content_html": "".join(f"<p>{p}</p>" for p in STORIES[n])} for n in STORIES]
    path = folder / "feed.json"
    path.write_text(json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Quayside Weekly",
                                "home_page_url": "https://quayside.example/", "items": items}), encoding="utf-8")
    return path


def test_a_json_feed_file_is_ingested(tmp_path):
    report = ingest_paths([_json_feed(tmp_path)])
    assert (report.new, report.failed) == (2, [])
    assert Source.objects.get(name="Quayside Weekly").kind == Source.Kind.FEED


def test_a_file_of_a_suffix_newsbrief_does_not_read_is_an_error_that_names_it(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match=r"feed.jsonl: newsbrief does not read '.jsonl' files; it reads feeds "
                                           r"\(.xml, .rss, .atom, .json\)"):
        call_command("ingest", str(path), stdout=io.StringIO())


def test_files_of_other_suffixes_in_a_folder_are_listed_as_skipped(tmp_path):
    _json_feed(tmp_path)
    (tmp_path / "notes.md").write_text("# notes", encoding="utf-8")
    out = io.StringIO()
    call_command("ingest", str(tmp_path), stdout=out)
    assert "new: 2  duplicate: 0  failed: 0  skipped: 1" in out.getvalue()
    assert f"skipped: {tmp_path / 'notes.md'}: not read ('.md' file)" in out.getvalue()


def _page_file(path, title, story, outlet=""):
    meta = f"<meta property='og:site_name' content='{outlet}'>" if outlet else ""
    body = "".join(f"<p>{p}</p>" for p in STORIES[story])
    path.write_text(f"<html><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>{body}"
                    "</article></body></html>", encoding="utf-8")
    return path


def test_pages_that_name_no_url_never_share_a_source(tmp_path):
    first = _page_file(tmp_path / "ferry-vote.html", "Ferry vote", 1)
    second = _page_file(tmp_path / "ferry-fares.html", "Ferry fares", 2, outlet="Quayside Weekly")
    assert ingest_paths([first, second]).new == 2
    sources = {a.title: a.source for a in Article.objects.all()}
    assert sources["Ferry vote"] != sources["Ferry fares"]
    assert (sources["Ferry vote"].url, sources["Ferry vote"].name) == (first.resolve().as_uri(), "ferry-vote.html")
    assert sources["Ferry fares"].name == "Quayside Weekly"
    assert not Source.objects.filter(url="https:///").exists()
