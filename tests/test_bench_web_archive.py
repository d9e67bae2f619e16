"""bench.web's archives: built once through the store, found again, on SQLite or a named PostgreSQL server."""

import gzip
import json
import sqlite3

import pytest

from bench.web.build import archive, location

# Our own words, repeated enough that the vocabulary has common, middling and rare ranks.
TEXT = (
    "The harbour board met the ferry crews on Monday and agreed a new timetable for the winter. "
    "Councillors asked the board to publish the costs of the bridge repairs before the vote. "
) * 40 + " ".join(f"word{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(600))


@pytest.fixture
def vocabulary(tmp_path):
    path = tmp_path / "corpus.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for n in range(5):
            out.write(json.dumps({"id": str(n), "text": TEXT}) + "\n")
    return path


def test_a_sqlite_archive_is_built_with_its_urls_and_found_again_without_a_rebuild(tmp_path, vocabulary):
    built = archive(tmp_path, 60, vocabulary)
    assert built.sqlite_file == tmp_path / "archive-60.sqlite3" and built.url == f"sqlite:///{built.sqlite_file}"
    urls = json.loads(built.urls_file.read_text())
    assert set(urls) == {"article", "story", "entity", "search"} and all(urls[kind] for kind in urls)
    with sqlite3.connect(built.sqlite_file) as db:
        assert db.execute("SELECT count(*) FROM newsbrief_article").fetchone() == (60,)
        names = db.execute("SELECT name, last_word FROM newsbrief_entity").fetchall()
    assert names and all(last == name.rsplit(" ", 1)[-1].lower() for name, last in names)
    stamp = built.sqlite_file.stat().st_mtime_ns
    assert archive(tmp_path, 60, vocabulary) == built and built.sqlite_file.stat().st_mtime_ns == stamp


def test_a_postgresql_archive_is_named_after_the_server_database_and_size(tmp_path):
    built = location(tmp_path, 500, "postgres://u:p@db.example:5432/news")
    assert built.url == "postgres://u:p@db.example:5432/news_web_500" and built.sqlite_file is None
    assert built.urls_file == tmp_path / "db.example-news_web_500.urls.json"


def test_anything_but_sqlite_or_a_postgres_url_is_refused(tmp_path):
    with pytest.raises(SystemExit, match="--database"):
        location(tmp_path, 10, "mysql://db.example/news")
