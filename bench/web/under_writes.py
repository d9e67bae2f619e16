"""Benchmark: pages measured while a writer adds articles to the same database, as a backfill or a poll does.

    .venv/bin/python -m bench.web.under_writes [--articles 10000] [--write 1000] [--batch 100] [--seconds 20]
                                               [--connections 50] [--workers 2] [--keep DIR] [--database URL]

The archive is bench.web's (bench/web/build.py, built once under --keep; SQLite, or
with --database on that PostgreSQL server); the writes stay in it.
`newsbrief serve` (2 workers, page cache off: every request
reads the database) is loaded by wrk over bench.web's URL mix (articles,
stories, entities, front page, feed, search) while another process writes
--write new articles through the store's BulkWriter, --batch per transaction (a
backfill's path; a poll writes one per transaction). The row says how the pages
fared while the writer ran: requests, p50/p99, non-2xx answers and timeouts (a
"database is locked" is a 500 here, so it counts among them). Bar: no failed
request. tests/site/test_writes_and_readers.py runs the same on SQLite and
PostgreSQL, small, and reads every answer for "database is locked".

    .venv/bin/python -m bench.web.under_writes write DATABASE_URL COUNT VOCABULARY [--batch N]

is the writer on its own: COUNT new articles (new URLs, published after the
archive's newest), so that tests can run it too.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from bench.web.__main__ import PYTHON, ROOT, VOCABULARY, free_port, running
from bench.web.build import archive
from bench.web.load import run_wrk

def write(database_url: str, count: int, vocabulary_path: Path, *, batch: int) -> None:
    """Write `count` new articles through the store, `batch` per transaction, newer than any in the archive."""
    os.environ["NEWSBRIEF_DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsbrief.settings"
    import django

    django.setup()
    from bench.web.archive import START, articles, vocabulary_from, write_archive
    from newsbrief.site.models import Article

    newest = Article.objects.order_by("-published").values_list("published", flat=True).first() or START
    shift = newest - START + timedelta(days=1)

    def fresh(item, n):
        url = f"https://{item.article.source_domain}/later/{n}.html"
        article = replace(item.article, url=url, canonical_url=url, published=item.article.published + shift)
        return replace(item, article=article, origin=url)

    began = time.monotonic()
    items = (fresh(item, n) for n, item in enumerate(articles(count, vocabulary_from(vocabulary_path), seed=97)))
    written = write_archive(items, batch=batch)
    print(json.dumps({"written": written, "seconds": time.monotonic() - began}), flush=True)


def measure(args) -> dict:
    """Serve the archive, write while wrk loads it, and return the row's figures."""
    with tempfile.TemporaryDirectory(prefix="bench-under-writes-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        built = archive(folder, args.articles, args.vocabulary, args.database)
        url = built.url
        urls = json.loads(built.urls_file.read_text())
        paths = ["/", "/feeds/latest.rss", *urls["article"], *urls["story"], *urls["entity"], *urls["search"]]
        port = free_port()
        env = {**os.environ, "NEWSBRIEF_DATABASE_URL": url, "NEWSBRIEF_DEBUG": "0", "NEWSBRIEF_CACHE_SECONDS": "0"}
        serve = [PYTHON, "-m", "newsbrief", "serve", "--host", "127.0.0.1", "--port", str(port),
                 "--workers", str(args.workers)]
        with running(serve, f"http://127.0.0.1:{port}/", env):
            writer = subprocess.Popen([PYTHON, "-m", "bench.web.under_writes", "write", url, str(args.write),
                                       str(args.vocabulary), "--batch", str(args.batch)],
                                      cwd=ROOT, stdout=subprocess.PIPE, text=True)
            load = run_wrk(f"http://127.0.0.1:{port}", paths, seconds=args.seconds, connections=args.connections,
                           timeout=args.timeout)
            written = json.loads(writer.communicate()[0].strip().splitlines()[-1])
        return {"load": load, "written": written}


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["write"]:
        parser = argparse.ArgumentParser(prog="python -m bench.web.under_writes write")
        parser.add_argument("database_url")
        parser.add_argument("count", type=int)
        parser.add_argument("vocabulary", type=Path)
        parser.add_argument("--batch", type=int, default=100)
        args = parser.parse_args(argv[1:])
        write(args.database_url, args.count, args.vocabulary, batch=args.batch)
        return
    parser = argparse.ArgumentParser(prog="python -m bench.web.under_writes", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000, help="the archive's size before the writes")
    parser.add_argument("--write", type=int, default=1000, help="articles written while the pages are measured")
    parser.add_argument("--batch", type=int, default=100, help="articles per write transaction")
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=2)
    parser.add_argument("--vocabulary", type=Path, default=VOCABULARY)
    parser.add_argument("--keep", type=Path, help="a folder to keep the built archive in, and to reuse it from")
    parser.add_argument("--database", default="sqlite", help="sqlite, or a PostgreSQL server's postgres:// URL")
    args = parser.parse_args(argv)
    row = measure(args)
    load, written = row["load"], row["written"]
    rps, p50, p99, failures = load.cells()
    met = "no" if load.failed else "yes"
    kind = "SQLite" if args.database == "sqlite" else "PostgreSQL"
    print(f"bench.web.under_writes: {kind}, {args.articles:,} articles, {written['written']:,} written in "
          f"{written['seconds']:.1f} s ({args.batch} per transaction) during {args.seconds} s of wrk -c{args.connections},"
          f" {args.workers} workers, cache off, {os.cpu_count()} CPUs\n")
    print("| pages while writing | req/s | p50 ms | p99 ms | non-2xx / timeouts | bar met |")
    print("| --- | --- | --- | --- | --- | --- |")
    print(f"| URL mix, cache off | {rps} | {p50} | {p99} | {failures} | {met} |")


if __name__ == "__main__":
    main()
