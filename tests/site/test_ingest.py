"""Ingesting the sample corpus (once for the module): counts, exact duplicates, broken items, and idempotence."""

import io
import re
import shutil
import uuid

import pytest
from django.core.management import call_command

from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.management.progress import short_label
from newsbrief.site.models import Article, Brief, Source
from tests.conftest import EXAMPLES

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_corpus")]


def test_the_sample_corpus_gives_at_least_forty_briefs(sample_corpus):
    assert sample_corpus.new >= 40
    assert Article.objects.published().count() == sample_corpus.new
    assert Brief.objects.count() == sample_corpus.new


def test_every_article_keeps_its_metadata(sample_corpus):
    for article in Article.objects.exclude(source__kind=Source.Kind.TEXT):
        assert article.url.startswith("https://")
        assert article.canonical_url and "utm_" not in article.canonical_url
        assert article.source_domain.endswith(".example")
        assert article.content_hash and article.text and article.title
        assert article.published is not None


def test_briefs_stand_on_the_article_text(sample_corpus):
    for article in Article.objects.published().exclude(source__kind=Source.Kind.TEXT):
        for sentence in article.brief.provenance:
            paragraph = article.text.split("\n\n")[sentence["paragraph"]]
            source = paragraph[sentence["start"] : sentence["end"]]
            # The closing opens with "In summary, " and lowercases the source's first letter.
            assert sentence["text"] == source or sentence["text"].endswith(source[1:])


def test_the_same_text_under_two_urls_is_stored_once(sample_corpus):
    assert sample_corpus.duplicate >= 1
    hashes = list(Article.objects.values_list("content_hash", flat=True))
    assert len(hashes) == len(set(hashes))


def test_broken_items_fail_with_reasons_and_do_not_stop_the_rest(sample_corpus):
    failed = sample_corpus.failed
    assert any(why.startswith(str(EXAMPLES / "broken" / "malformed-feed.xml")) for why in failed)
    assert any("malformed feed" in why for why in failed)
    assert any("no article text in https://news.coastlineradio.example/live/" in why for why in failed)
    assert sample_corpus.new >= 40


def test_a_link_out_of_the_ingested_folder_is_refused_with_a_message_and_the_rest_ingested(ferry_brief, tmp_path):
    inside, outside = tmp_path / "inside", tmp_path / "outside"
    inside.mkdir()
    outside.mkdir()
    shutil.copy(ferry_brief, inside / "ferry.txt")
    text = ferry_brief.read_text(encoding="utf-8").replace("Ferry Crews Vote", "Private Notes Vote", 1)
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", str(uuid.uuid4()), text)
    (outside / "private.txt").write_text(text.replace("214 of its 260", "215 of its 260"), encoding="utf-8")
    (inside / "leak.txt").symlink_to(outside / "private.txt")
    report = ingest_paths([inside])
    assert report.new == 1
    assert not Article.objects.filter(title__startswith="Private Notes").exists()
    assert report.failed == [f"{inside / 'leak.txt'}: a link to a file outside {inside}; not read"]


def test_a_page_with_invalid_utf8_is_still_read():
    assert not Article.objects.filter(text__contains="\ufffd").exists()


def test_ingesting_again_adds_nothing(sample_corpus):
    counts = (Article.objects.count(), Brief.objects.count(), Source.objects.count())
    again = ingest_paths([EXAMPLES])
    assert again.new == 0
    assert again.duplicate == sample_corpus.new + sample_corpus.duplicate
    assert (Article.objects.count(), Brief.objects.count(), Source.objects.count()) == counts


def test_a_copy_of_the_corpus_elsewhere_adds_no_articles(sample_corpus, tmp_path):
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    assert ingest_paths([tmp_path / "examples"]).new == 0


def test_the_cli_prints_the_counts_and_the_reasons():
    out = io.StringIO()
    call_command("ingest", str(EXAMPLES), stdout=out)
    text = out.getvalue()
    assert "new: " in text and "duplicate: " in text and "failed: " in text
    assert "malformed-feed.xml" in text


def test_piped_output_starts_with_the_counts_not_a_blank_line():
    out = io.StringIO()  # not a terminal, as in `newsbrief ingest examples/ | tee log`
    call_command("ingest", str(EXAMPLES / "calderpost.example"), stdout=out)
    assert out.getvalue().startswith("new: ")


def test_the_progress_label_keeps_the_start_and_the_file_name_of_a_long_path():
    path = "/srv/newsbrief/corpora/2026/www.veradiastandard.example/news/2026/11/22/storm-edda-closes-bridge.html"
    label = short_label(path)
    assert len(label) == 60 and label.startswith("/srv/newsbrief/") and label.endswith("/storm-edda-closes-bridge.html")
    assert short_label("examples/calderpost.example/rss.xml") == "examples/calderpost.example/rss.xml"
    long_name = "/a/" + "x" * 80 + ".html"
    assert short_label(long_name) == long_name[:59] + "…"
