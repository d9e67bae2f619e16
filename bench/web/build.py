"""Build one archive for bench.web in its own process: migrate a fresh database, write the articles
through the store in bulk (bench/web/archive.py), and list the URLs and queries to measure beside it.

    .venv/bin/python -m bench.web.build DATABASE_URL ARTICLES VOCABULARY URLS_FILE

DATABASE_URL names an empty SQLite file or PostgreSQL database. The URL lists
(URLS_FILE): articles, stories and entities, some of the newest or busiest and the
rest drawn at random from the whole archive (the long tail that crawlers walk); the
search mix: words of the vocabulary's common, middling and rare ranks, pairs, an OR,
a phrase, and names from the entity table, the most named and random ones.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.web.archive import Vocabulary, articles, vocabulary_from, write_archive


def _queries(vocabulary: Vocabulary, rng: random.Random) -> list[str]:
    """The search mix, as query strings."""
    from django.db.models import Count

    from newsbrief.site.models import Entity
    from newsbrief.site.web.search_query import STOPWORDS

    words = [w for w in vocabulary.words if w not in STOPWORDS]
    common, middling, rare = words[10:200], words[500:3000], words[8000:25000] or words[-500:]
    mix = [*rng.sample(common, 6), *rng.sample(middling, 6), *rng.sample(rare, 6)]
    mix += [f"{rng.choice(common)} {rng.choice(middling)}" for _ in range(4)]
    mix += [f"{rng.choice(middling)} {rng.choice(middling)}" for _ in range(2)]
    mix += [f"{rng.choice(middling)} OR {rng.choice(rare)}", f"{rng.choice(common)} -{rng.choice(common)}"]
    named = Entity.objects.annotate(n=Count("mentions")).order_by("-n")
    busiest = list(named.values_list("name", flat=True)[:6])
    pks = list(Entity.objects.values_list("pk", flat=True))
    drawn = list(Entity.objects.filter(pk__in=rng.sample(pks, min(8, len(pks)))).values_list("name", flat=True))
    mix += [*busiest, *drawn, f'"{busiest[0]}"', f"{rng.choice(common)} {drawn[0]}"]
    return mix


def url_lists(vocabulary: Vocabulary, seed: int = 11) -> dict[str, list[str]]:
    """The paths bench.web measures, by kind."""
    from django.db.models import Count

    from newsbrief.site.models import Article, Entity, Story

    rng = random.Random(seed)
    published = Article.objects.published()
    newest = [a.get_absolute_url() for a in published[:20]]
    ids = list(published.values_list("pk", flat=True))
    drawn = [a.get_absolute_url() for a in Article.objects.filter(pk__in=rng.sample(ids, min(100, len(ids))))]
    live = Story.objects.filter(merged_into=None, size__gt=0)
    story_ids = list(live.values_list("pk", flat=True))
    stories = [s.get_absolute_url() for s in live.order_by("-last_published")[:10]]
    stories += [s.get_absolute_url() for s in Story.objects.filter(pk__in=rng.sample(story_ids, min(50, len(story_ids))))]
    busiest = [e.get_absolute_url() for e in Entity.objects.annotate(n=Count("mentions")).order_by("-n")[:10]]
    entity_ids = list(Entity.objects.values_list("pk", flat=True))
    entities = busiest + [e.get_absolute_url() for e in Entity.objects.filter(
        pk__in=rng.sample(entity_ids, min(30, len(entity_ids))))]
    searches = ["/search/?" + urlencode({"q": query}) for query in _queries(vocabulary, rng)]
    return {"article": newest + drawn, "story": stories, "entity": entities, "search": searches}


def main(argv: list[str] | None = None) -> None:
    database_url, count, vocabulary_path, urls_file = (argv or sys.argv[1:])[:4]
    os.environ["NEWSBRIEF_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsbrief.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    vocabulary = vocabulary_from(Path(vocabulary_path))
    began = time.monotonic()

    def progress(written: int) -> None:
        if written % 10_000 == 0 or written == int(count):
            rate = written / (time.monotonic() - began)
            print(f"# {written:,} articles written ({rate:,.0f}/s)", file=sys.stderr, flush=True)

    write_archive(articles(int(count), vocabulary), batch=500, progress=progress)
    # The store refreshes the planner statistics as the archive doubles (site/store/planner_statistics.py);
    # the last doubling may lie up to half the archive back, so the measured archive gets its own.
    from newsbrief.site.store.planner_statistics import refresh

    refresh()
    Path(urls_file).write_text(json.dumps(url_lists(vocabulary), indent=1))


@dataclass(frozen=True)
class Archive:
    """A built archive: its NEWSBRIEF_DATABASE_URL, its URL lists, and its file where it is SQLite."""

    url: str
    urls_file: Path
    sqlite_file: Path | None


def location(folder: Path, size: int, database: str = "sqlite") -> Archive:
    """Where the archive of `size` articles lives: a SQLite file in `folder`, or, where `database` is a
    PostgreSQL URL, the database `<its name>_web_<size>` on that server (its URL lists in `folder`)."""
    if database == "sqlite":
        file = folder / f"archive-{size}.sqlite3"
        return Archive(f"sqlite:///{file}", Path(f"{file}.urls.json"), file)
    parts = urlsplit(database)
    if parts.scheme not in ("postgres", "postgresql"):
        raise SystemExit(f"bench.web: --database is 'sqlite' or a postgres:// URL, not {database!r}")
    name = f"{parts.path.strip('/') or 'newsbrief'}_web_{size}"
    return Archive(parts._replace(path=f"/{name}").geturl(), folder / f"{parts.hostname}-{name}.urls.json", None)


def archive(folder: Path, size: int, vocabulary: Path, database: str = "sqlite") -> Archive:
    """The archive of `size` articles at its location: built first unless its URL lists are there, else
    migrated, since an archive kept from an earlier run may predate the schema."""
    found = location(folder, size, database)
    root = Path(__file__).resolve().parents[2]
    if found.urls_file.exists():
        subprocess.run([sys.executable, "-m", "newsbrief", "migrate", "--noinput", "-v", "0"], cwd=root, check=True,
                       env={**os.environ, "NEWSBRIEF_DATABASE_URL": found.url})
        return found
    if found.sqlite_file:
        found.sqlite_file.unlink(missing_ok=True)
    else:
        _recreate_postgresql(database, urlsplit(found.url).path.strip("/"))
    began = time.monotonic()
    subprocess.run([sys.executable, "-m", "bench.web.build", found.url, str(size), str(vocabulary),
                    str(found.urls_file)], cwd=root, check=True)
    print(f"# {size:,} articles built in {time.monotonic() - began:,.0f} s", file=sys.stderr)
    return found


def _recreate_postgresql(server_url: str, name: str) -> None:
    """An empty database of this name on the server (an earlier, unfinished build dropped)."""
    import psycopg

    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
