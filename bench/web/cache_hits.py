"""Benchmark: the page cache's hit rate while `newsbrief run` polls feeds that keep publishing.

    .venv/bin/python -m bench.web.cache_hits [--articles 2000] [--seconds 120] [--publish-every 5]
                                             [--poll-every 10] [--readers 4] [--workers 2] [--keep DIR]

bench.web's archive (bench/web/build.py, SQLite) is served by `newsbrief run` (2
workers, page cache on, a poll round every --poll-every seconds) following 5
feeds of a loopback feed server, which publishes a new article (feed entry and
page) on one of them every --publish-every seconds. Readers (threads, keep-alive
off) ask for pages with a skewed popularity, as readers do: the front page, the
latest feed, searches, and article, story and entity pages drawn by Zipf's law over
bench.web's URL lists. Each answer's X-Page-Cache header says hit or miss; the table
gives the hit rate per kind of page and in all, and how many articles the polls
stored meanwhile.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from email.utils import format_datetime
from datetime import UTC, datetime
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from bench.web.__main__ import PYTHON, ROOT, VOCABULARY, free_port, running
from bench.web.build import archive

FEEDS = 5


class Publisher:
    """A loopback news site: FEEDS feeds whose entries (and pages) appear one at a time."""

    def __init__(self, vocabulary_path: Path):
        from bench.web.archive import articles, vocabulary_from

        self._stories = articles(10_000, vocabulary_from(vocabulary_path), seed=211)
        self.published: list[tuple[int, str, str]] = []  # (feed, title, paragraphs as HTML)
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def publish(self, rng: random.Random) -> None:
        """One new article on one feed."""
        item = next(self._stories).article
        html = "".join(f"<p>{escape(p)}</p>" for p in item.text.split("\n\n"))
        with self._lock:
            self.published.append((rng.randrange(FEEDS), item.title, html))

    def _feed(self, feed: int) -> bytes:
        with self._lock:
            entries = [(n, title) for n, (f, title, _) in enumerate(self.published) if f == feed][-20:]
        now = format_datetime(datetime.now(UTC))
        items = "".join(f"<item><title>{escape(title)}</title><link>{self.base}/page/{n}.html</link>"
                        f"<guid>{self.base}/page/{n}.html</guid><pubDate>{now}</pubDate></item>"
                        for n, title in reversed(entries))
        return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet {feed}</title>'
                f"<link>{self.base}/</link><description>News</description>{items}</channel></rss>").encode()

    def _page(self, n: int) -> bytes:
        _, title, html = self.published[n]
        return (f"<!doctype html><html lang='en'><head><title>{escape(title)}</title></head><body><article>"
                f"<h1>{escape(title)}</h1>{html}</article></body></html>").encode()

    def _handler(self):
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                try:
                    if self.path.startswith("/feed"):
                        body, kind = site._feed(int(self.path[5:].removesuffix(".xml"))), "application/rss+xml"
                    elif self.path.startswith("/page/"):
                        body, kind = site._page(int(self.path[6:].removesuffix(".html"))), "text/html"
                    else:
                        raise LookupError
                except (LookupError, ValueError):
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        return Handler


def _zipf(rng: random.Random, items: list[str]) -> str:
    return items[min(int(rng.paretovariate(1.0)) - 1, len(items) - 1)]


def read(base: str, urls: dict[str, list[str]], seconds: float, seed: int, seen: Counter) -> None:
    """Ask for pages until the time is up, counting (kind, hit or miss) in `seen`."""
    rng = random.Random(seed)
    kinds = ["front"] * 2 + ["feed"] + ["search"] + ["article"] * 4 + ["story"] + ["entity"]
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        kind = rng.choice(kinds)
        path = {"front": "/", "feed": "/feeds/latest.rss"}.get(kind) or _zipf(rng, urls[kind])
        with urllib.request.urlopen(base + path, timeout=60) as response:
            response.read()
            seen[kind, response.headers.get("X-Page-Cache", "none")] += 1


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.web.cache_hits", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--publish-every", type=float, default=5.0)
    parser.add_argument("--poll-every", type=float, default=10.0)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--vocabulary", type=Path, default=VOCABULARY)
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-cache-hits-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        built = archive(folder, args.articles, args.vocabulary)
        database = built.sqlite_file
        urls = json.loads(built.urls_file.read_text())
        work = Path(tmp) / "live.sqlite3"  # a copy: the polls' writes never reach the kept archive
        subprocess.run(["sqlite3", str(database), f".backup {work}"], check=True)
        env = {**os.environ, "NEWSBRIEF_DATABASE_URL": f"sqlite:///{work}", "NEWSBRIEF_DEBUG": "0",
               "NEWSBRIEF_CACHE_SECONDS": "3600", "NEWSBRIEF_FETCH_ALLOW": "127.0.0.0/8"}
        os.environ.update(DJANGO_SETTINGS_MODULE="newsbrief.settings", NEWSBRIEF_DATABASE_URL=f"sqlite:///{work}")
        import django

        django.setup()  # the Publisher draws its articles as the archive's are drawn (bench/web/archive.py)
        rng = random.Random(7)
        site = Publisher(args.vocabulary)
        for _ in range(FEEDS * 2):
            site.publish(rng)
        for feed in range(FEEDS):
            subprocess.run([PYTHON, "-m", "newsbrief", "add-source", f"{site.base}/feed{feed}.xml", "--min-interval",
                            "1"], cwd=ROOT, env=env, check=True, capture_output=True)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        run = [PYTHON, "-m", "newsbrief", "run", "--host", "127.0.0.1", "--port", str(port), "--workers",
               str(args.workers), "--poll-every", str(args.poll_every)]
        seen: Counter = Counter()
        with running(run, base + "/", env):
            stop = threading.Event()

            def publish() -> None:
                while not stop.wait(args.publish_every):
                    site.publish(rng)

            threading.Thread(target=publish, daemon=True).start()
            readers = [threading.Thread(target=read, args=(base, urls, args.seconds, seed, seen))
                       for seed in range(args.readers)]
            for reader in readers:
                reader.start()
            for reader in readers:
                reader.join()
            stop.set()
        stored = subprocess.run(["sqlite3", str(work), "SELECT count(*) FROM newsbrief_article"],
                                capture_output=True, text=True, check=True).stdout.strip()
    print(f"bench.web.cache_hits, {datetime.now():%d %b %Y}: {args.articles:,} articles, `newsbrief run` with "
          f"{args.workers} workers polling every {args.poll_every:g} s, a new article every {args.publish_every:g} s"
          f" on one of {FEEDS} feeds, {args.readers} readers for {args.seconds} s, {os.cpu_count()} CPUs; "
          f"{int(stored) - args.articles} articles stored by the polls meanwhile\n")
    print("| pages | requests | hit rate |")
    print("| --- | --- | --- |")
    for kind in ("front", "feed", "search", "article", "story", "entity"):
        hits, total = seen[kind, "hit"], sum(n for (k, _), n in seen.items() if k == kind)
        print(f"| {kind} | {total:,} | {hits / total:.0%} |" if total else f"| {kind} | 0 | |")
    hits, total = sum(n for (_, state), n in seen.items() if state == "hit"), sum(seen.values())
    print(f"| all | {total:,} | {hits / total:.0%} |")


if __name__ == "__main__":
    main()
