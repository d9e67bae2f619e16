"""Benchmark of the web site under load: newsbrief's pages, feed and search against the framework's floor and nginx.

    .venv/bin/python -m bench.web [--articles 10000] [--seconds 10] [--connections 50] [--workers 2]

Needs `wrk` and `nginx` from Debian (`apt-get install -y wrk nginx`); the benchmark
says so and stops when either is missing.

The data: a temporary SQLite database, migrated, filled with N synthetic articles
(10,000; 40 sources; titles and texts drawn from a fixed vocabulary with a fixed
seed), each with a brief written straight in with bulk_create (lead, three body
paragraphs, closing; no provenance), then the search index rebuilt. Enrichment
(entities, statements) and story assignment are skipped for speed: the front page
lists the latest briefs without ranked stories, and article pages show no entities
or related coverage.

The servers, each measured in turn on loopback by `wrk -t2 -cC -dSs --latency`
after a 1 s warm-up:
- newsbrief: `newsbrief serve --workers W` as a subprocess (gunicorn, whitenoise,
  the full middleware stack, access log on, written to /dev/null), with the page
  cache on (NEWSBRIEF_CACHE_SECONDS=60, the default), then again with it off (0) for
  the same URLs (wrk repeats one query, so the cached search row is
  a popular query's; the cache-off row is what a new query costs);
- the floor: bench/web/minimal, a Django view rendering one row from SQLite through
  a template, under the same gunicorn (same worker count, same access log);
- the ceiling: the article page as newsbrief served it, saved to a file and served
  by nginx (W worker processes, access log off, sendfile on).

wrk's cookie-less requests are anonymous readers: every article page answer sets a
fresh CSRF cookie (the cache fills each reader's token in) and none is sent back.

The table: requests/s, p50 and p99 latency (wrk's), non-2xx answers and requests
that got no answer within 10 s (wrk --timeout; not in the latencies), and the bar
(p99 <= 100 ms for pages and feeds, <= 300 ms for search; article page >= 0.7 x the
floor's requests/s, measured in the same run).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
NEWSBRIEF = [PYTHON, "-m", "newsbrief"]
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'  # newsbrief.site.web.server's

WORDS = (
    "harbour council ferry bridge budget vote minister election court school hospital river train port union"
    " strike market energy water housing police museum festival airport weather storm farm tax bank trade"
    " university research climate forest fishing rail road tunnel crew timetable mayor village coast island"
).split()
FILLER = "the a of to in and on for with at by from said will has was were would could after before over".split()


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) if rng.random() < 0.5 else rng.choice(FILLER) for _ in range(n)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(12, 24)) for _ in range(sentences))


def build_database(path: Path, articles: int) -> None:
    """Migrate a fresh SQLite database at path and fill it with synthetic articles and briefs."""
    os.environ["NEWSBRIEF_DATABASE_URL"] = f"sqlite:///{path}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsbrief.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction

    from newsbrief.pipeline.duplicates.keys import content_hash
    from newsbrief.site.store import rebuild_search_index
    from newsbrief.site.models import Article, Brief, Source

    call_command("migrate", verbosity=0)
    rng = random.Random(5)
    with transaction.atomic():
        sources = Source.objects.bulk_create(
            Source(name=f"Outlet {n}", url=f"https://outlet{n}.example/feed.xml", home_url=f"https://outlet{n}.example/",
                   domain=f"outlet{n}.example")
            for n in range(40)
        )
        start = datetime(2026, 1, 1, tzinfo=timezone.utc)
        rows, briefs = [], []
        for n in range(articles):
            source = sources[n % len(sources)]
            body = [_paragraph(rng, rng.randint(3, 5)) for _ in range(5)]
            text = "\n\n".join(body)
            title = " ".join(rng.choice(WORDS) for _ in range(6)).capitalize() + f" {n}"
            row = Article(
                id=uuid.UUID(int=rng.getrandbits(128), version=4), source=source, title=title,
                url=f"https://{source.domain}/news/{n}.html", canonical_url=f"https://{source.domain}/news/{n}.html",
                published=start + timedelta(minutes=7 * n), language="en", outlet=source.name,
                source_domain=source.domain, content_hash=content_hash(text), text=text, text_origin="page",
            )
            rows.append(row)
            briefs.append(Brief(article=row, lead=body[0].split(". ")[0] + ".", body="\n\n".join(body[1:4]),
                                closing="In summary, " + _sentence(rng, 16).lower(), method="extractive"))
        Article.objects.bulk_create(rows, batch_size=500)
        Brief.objects.bulk_create(briefs, batch_size=500)
    rebuild_search_index()
    from django.db import connection

    connection.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"bench.web: nothing answered at {url}")
            time.sleep(0.2)


@contextmanager
def running(command: list[str], url: str, env: dict | None = None, log: Path | None = None):
    """A server subprocess, up once url answers; stopped (SIGTERM, then SIGKILL) afterwards."""
    out = open(log, "wb") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(url)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if log:
            out.close()


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.read()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * _UNITS[unit]


def wrk(url: str, seconds: int, connections: int) -> dict:
    """wrk's requests/s, p50 and p99 (ms) and non-2xx/3xx count for one URL."""
    subprocess.run(["wrk", "-t2", f"-c{connections}", "-d1s", url], capture_output=True, check=True)  # warm-up
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url], capture_output=True, text=True, check=True
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    timeouts = re.search(r"Socket errors: .*timeout (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": _ms(re.search(r"\n\s+50%\s+(\S+)", out).group(1)),
        "p99": _ms(re.search(r"\n\s+99%\s+(\S+)", out).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


NGINX_CONF = """\
{user}
worker_processes {workers};
daemon off;
pid {dir}/nginx.pid;
error_log {dir}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    types {{ text/html html; }}
    server {{
        listen 127.0.0.1:{port};
        root {dir}/www;
        index index.html;
    }}
}}
"""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (newsbrief serve's default) and nginx's")
    parser.add_argument("--query", default="harbour budget", help="the search measured")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out (finally blocks)
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if missing:
        raise SystemExit(f"bench.web needs {' and '.join(missing)}: apt-get install -y wrk nginx")

    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        work = Path(tmp)
        database = work / "bench.sqlite3"
        began = time.monotonic()
        build_database(database, args.articles)
        print(f"# {args.articles} articles written and indexed in {time.monotonic() - began:.1f} s", file=sys.stderr)

        env = {**os.environ, "NEWSBRIEF_DATABASE_URL": f"sqlite:///{database}", "NEWSBRIEF_DEBUG": "0"}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        rows: list[tuple[str, str, dict, str]] = []

        def measure(label: str, url: str, bar: str) -> dict:
            result = wrk(url, args.seconds, args.connections)
            rows.append((label, url.split("/", 3)[-1] if "/" in url else url, result, bar))
            print(f"# {label}: {result}", file=sys.stderr)
            return result

        # The floor: the minimal Django view under the same gunicorn.
        port = free_port()
        minimal = [PYTHON, "-m", "gunicorn", "bench.web.minimal.wsgi:application", "--bind", f"127.0.0.1:{port}",
                   "--workers", str(args.workers), "--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT]
        with running(minimal, f"http://127.0.0.1:{port}/row/", env={**env, "BENCH_MINIMAL_DB": str(database)}):
            size = len(fetch(f"http://127.0.0.1:{port}/row/"))
            floor = measure(f"minimal Django view, 1 row ({size / 1024:.1f} KB)", f"http://127.0.0.1:{port}/row/", "floor")

        # newsbrief, as `newsbrief serve` serves, page cache on.
        port = free_port()
        serve = [*NEWSBRIEF, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(args.workers)]
        base = f"http://127.0.0.1:{port}"
        log = work / "serve.log"
        with running(serve, base + "/", env={**env, "NEWSBRIEF_CACHE_SECONDS": "60"}, log=log):
            from newsbrief.site.models import Article

            newest = Article.objects.published().first()
            article_url = base + newest.get_absolute_url()
            page = fetch(article_url)
            measure(f"front page ({len(fetch(base + '/')) / 1024:.1f} KB)", base + "/", "p99 <= 100 ms")
            cached = measure(f"article page, cached ({len(page) / 1024:.1f} KB)", article_url, "p99 <= 100 ms; >= 0.7 x floor")
            measure("feed /feeds/latest.rss (50 items)", base + "/feeds/latest.rss", "p99 <= 100 ms")
            query = args.query.replace(" ", "+")
            measure(f"search ?q={query}, cached", base + f"/search/?q={query}", "p99 <= 300 ms")
        with running(serve, base + "/", env={**env, "NEWSBRIEF_CACHE_SECONDS": "0"}):
            measure("front page, cache off", base + "/", "(reference)")
            uncached = measure("article page, cache off", article_url, "(reference)")
            measure("feed, cache off", base + "/feeds/latest.rss", "(reference)")
            measure(f"search ?q={query}, cache off", base + f"/search/?q={query}", "(reference)")

        # The ceiling: the same article page as a static file behind nginx.
        (work / "www").mkdir()
        (work / "www" / "index.html").write_bytes(page)
        port = free_port()
        user = "user root;" if os.geteuid() == 0 else ""
        (work / "nginx.conf").write_text(NGINX_CONF.format(user=user, workers=args.workers, dir=work, port=port))
        nginx = ["nginx", "-c", str(work / "nginx.conf"), "-p", str(work)]
        with running(nginx, f"http://127.0.0.1:{port}/"):
            measure(f"article page, static file, nginx ({len(page) / 1024:.1f} KB)", f"http://127.0.0.1:{port}/", "ceiling")

    print(f"bench.web: {args.articles:,} articles, gunicorn {args.workers} workers, wrk -t2 -c{args.connections} "
          f"-d{args.seconds}s on loopback, {os.cpu_count()} CPUs")
    print()
    print("| server / URL | req/s | p50 ms | p99 ms | non-2xx / timeouts | bar | met |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for label, _url, result, bar in rows:
        met = ""
        if bar.startswith("p99"):
            limit = 300.0 if "300" in bar else 100.0
            met = "yes" if result["p99"] <= limit and not result["errors"] and not result["timeouts"] else "no"
            if "floor" in bar:
                met = "yes" if met == "yes" and result["rps"] >= 0.7 * floor["rps"] else "no"
        print(f"| {label} | {result['rps']:,.0f} | {result['p50']:.2f} | {result['p99']:.2f} | {result['errors']} / {result['timeouts']} | {bar} | {met} |")
    print()
    print(f"article page cached / floor = {cached['rps'] / floor['rps']:.2f}; cache off / floor = "
          f"{uncached['rps'] / floor['rps']:.2f}")


if __name__ == "__main__":
    main()
