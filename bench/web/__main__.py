"""Benchmark of the web site under load, at several archive sizes: pages, feed and search, cached and not,
against the framework's floor and nginx.

    .venv/bin/python -m bench.web [--articles 10000,100000] [--seconds 10] [--connections 50] [--workers 2]
                                  [--vocabulary ../shared/eval/cnndm-dev.jsonl.gz] [--keep DIR]
                                  [--database sqlite | postgres://USER:PASSWORD@HOST:PORT/NAME]

Needs `wrk` and `nginx` from Debian (`apt-get install -y wrk nginx`); the benchmark
says so and stops when either is missing. 1,000,000 articles take hours to build
on a small machine: pass it when you have them (--keep keeps built archives).

The data (bench/web/build.py, one process per size): a fresh database, migrated
(SQLite in --keep or a temporary folder; with --database, NAME_web_SIZE on that
PostgreSQL server, where the minimal "row" view, which reads SQLite, is left out),
with N articles written through the store's BulkWriter, with briefs, entities,
statements and stories (bench/web/archive.py), words drawn with the frequencies
of ../shared/eval/cnndm-dev.jsonl.gz.

The URLs: each row walks a list in turn (a wrk Lua script): article pages (the
newest and a hundred drawn from the whole archive), story pages, entity pages
(the most named and drawn ones), the front page, the latest feed, and a search
mix of common, middling and rare words, pairs, an OR, a phrase and entity names.

The servers, each measured in turn on loopback by `wrk -t2 -cC -dSs` after a 1 s warm-up:
- the floor: bench/web/minimal under the same gunicorn and worker count, two views:
  "hello" (the framework alone: no middleware, database or template; the floor the
  bars compare with) and "row" (one row from SQLite through a template, a new
  database connection per request as newsbrief makes);
- newsbrief: `newsbrief serve --workers W` (gunicorn, whitenoise, the full middleware
  stack, access log to /dev/null), page cache on (NEWSBRIEF_CACHE_SECONDS=3600, each
  row's URLs visited six times first, as each worker keeps its own cache), then off (0)
  for the same URLs: cache-off rows are what a first visit costs;
- the ceiling: the newest article page as a file served by nginx.

A request unanswered within --timeout seconds is a timeout, and a row with any
timeout or error fails its bar; a row where no request finished says "no answer".
Bars: cached p99 <= 100 ms; uncached pages and feed p99 <= 150 ms and >= 0.5 x the
floor's req/s; search p99 <= 300 ms; from the smallest size to the largest, each
row's cost (p99) grows at most 2 x.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from bench.web.build import Archive, archive
from bench.web.load import Load, run_wrk

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
VOCABULARY = ROOT.parent / "shared" / "eval" / "cnndm-dev.jsonl.gz"
KINDS = ("front", "article", "story", "entity", "feed", "search")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=300) as response:
        return response.read()


@contextmanager
def running(command: list[str], url: str, env: dict):
    """A server subprocess, up once url answers; stopped (SIGTERM, then SIGKILL) afterwards."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                fetch(url)
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit(f"bench.web: nothing answered at {url}")
                time.sleep(0.2)
        yield
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
    keepalive_requests 100000;
    client_body_temp_path {dir}/client_body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    types {{ text/html html; }}
    server {{ listen 127.0.0.1:{port}; root {dir}/www; index index.html; }}
}}
"""


def measure_size(args, built: Archive, work: Path) -> list[tuple[str, str, Load]]:
    """(row label, bar kind, load) for every row at one archive size."""
    urls = json.loads(built.urls_file.read_text())
    env = {**os.environ, "NEWSBRIEF_DATABASE_URL": built.url, "NEWSBRIEF_DEBUG": "0"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    rows = []

    def measure(label: str, bar: str, base: str, paths: list[str], idle: str = "/healthz") -> None:
        load = run_wrk(base, paths, seconds=args.seconds, connections=args.connections, timeout=args.timeout)
        rows.append((label, bar, load))
        # A sync worker still answers the requests wrk left queued when it stopped; one more request
        # waits behind them, so the next row starts on an idle server.
        try:
            fetch(base + idle)
        except urllib.error.HTTPError:
            pass  # an answer all the same
        print(f"# {built.urls_file.stem} {label}: {load}", file=sys.stderr, flush=True)

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    minimal = [PYTHON, "-m", "gunicorn", "bench.web.minimal.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(args.workers)]
    with running(minimal, base + "/hello/", {**env, "BENCH_MINIMAL_DB": str(built.sqlite_file or ":memory:")}):
        measure("floor: minimal Django view, hello", "floor", base, ["/hello/"], idle="/hello/")
        if built.sqlite_file:  # the reference view reads SQLite only
            measure("minimal Django view, 1 row, template, connection per request", "reference", base, ["/row/"],
                    idle="/hello/")

    serve = [PYTHON, "-m", "newsbrief", "serve", "--host", "127.0.0.1", "--port", str(port),
             "--workers", str(args.workers)]
    paths = {"front": ["/"], "feed": ["/feeds/latest.rss"], **urls}
    # Cached rows keep pages an hour, so that none expires while the rows before it run.
    for seconds, state in (("3600", "cached"), ("0", "cache off")):
        with running(serve, base + "/", {**env, "NEWSBRIEF_CACHE_SECONDS": seconds}):
            page = fetch(base + urls["article"][0])
            for kind in KINDS:
                if state == "cached":
                    # Each worker keeps its own cache (locmem, without NEWSBRIEF_CACHE_URL) and takes
                    # requests at random: six visits leave a URL uncached in a worker 3 times in 100.
                    for path in paths[kind] * 6:
                        fetch(base + path)
                label = f"{kind} ({len(paths[kind])} URL{'s' if len(paths[kind]) > 1 else ''}), {state}"
                measure(label, f"{kind} {state}", base, paths[kind])

    (work / "www").mkdir(exist_ok=True)
    (work / "www" / "index.html").write_bytes(page)
    port = free_port()
    user = "user root;" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(NGINX_CONF.format(user=user, workers=args.workers, dir=work, port=port))
    with running(["nginx", "-c", str(work / "nginx.conf"), "-p", str(work)], f"http://127.0.0.1:{port}/", env):
        measure("article page as a static file, nginx", "ceiling", f"http://127.0.0.1:{port}", ["/"], idle="/")
    return rows


def bar_met(bar: str, load: Load, floor: Load) -> str:
    """'yes', 'no' or '' (no bar) for one row."""
    if bar in ("floor", "reference", "ceiling"):
        return ""
    if load.failed:
        return "no"
    if bar.endswith(" cached"):
        return "yes" if load.p99 <= 100 else "no"
    if bar == "search cache off":
        return "yes" if load.p99 <= 300 else "no"
    return "yes" if load.p99 <= 150 and load.rps >= 0.5 * floor.rps else "no"


def print_tables(args, results: dict[int, list[tuple[str, str, Load]]]) -> None:
    print(f"bench.web, {date.today():%d %b %Y}: gunicorn {args.workers} workers, wrk -t2 -c{args.connections} "
          f"-d{args.seconds}s --timeout {args.timeout}s on loopback, {os.cpu_count()} CPUs, "
          f"{'SQLite' if args.database == 'sqlite' else 'PostgreSQL'}")
    for size, rows in results.items():
        floor = next(load for _, bar, load in rows if bar == "floor")
        print(f"\n{size:,} articles\n")
        print("| server / URL | req/s | p50 ms | p99 ms | errors / timeouts | bar met |")
        print("| --- | --- | --- | --- | --- | --- |")
        for label, bar, load in rows:
            print(f"| {label} | {' | '.join(load.cells())} | {bar_met(bar, load, floor)} |")
    sizes = list(results)
    if len(sizes) < 2:
        return
    print("\nCost against archive size: p99 ms (req/s) at each size, and the growth of p99 from the first to the last\n")
    print(f"| row | {' | '.join(f'{size:,}' for size in sizes)} | growth | <= 2 x |")
    print(f"| --- |{' --- |' * len(sizes)} --- | --- |")
    for index, (label, bar, _) in enumerate(results[sizes[0]]):
        loads = [results[size][index][2] for size in sizes]
        cells = [f"{load.cells()[2]} ({load.rps:,.0f})" for load in loads]
        first, last = loads[0], loads[-1]
        measured = all(load.requests and load.p99 for load in (first, last))
        growth = f"{last.p99 / first.p99:.1f} x" if measured else "–"
        met = "" if bar in ("floor", "reference", "ceiling") else (
            "yes" if measured and last.p99 <= 2 * first.p99 and not last.failed else "no")
        print(f"| {label.split(',')[0]}, {label.split(', ')[-1]} | {' | '.join(cells)} | {growth} | {met} |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.web", description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", default="10000,100000", help="archive sizes, comma-separated")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (newsbrief serve's default) and nginx's")
    parser.add_argument("--timeout", type=int, default=2, help="seconds after which a request counts as a timeout")
    parser.add_argument("--vocabulary", type=Path, default=VOCABULARY, help="JSON Lines with a text field")
    parser.add_argument("--keep", type=Path, help="a folder to keep built archives in, and to reuse them from")
    parser.add_argument("--database", default="sqlite",
                        help="sqlite, or a PostgreSQL server's postgres:// URL to build the archives on")
    args = parser.parse_args(argv)
    if args.timeout * 2 > args.seconds:
        parser.error("--timeout must be at most half of --seconds, or a request that never ends goes unseen")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the servers on the way out (finally blocks)
    missing = [tool for tool in ("wrk", "nginx") if not shutil.which(tool)]
    if missing:
        raise SystemExit(f"bench.web needs {' and '.join(missing)}: apt-get install -y wrk nginx")
    if not args.vocabulary.exists():
        raise SystemExit(f"bench.web: no vocabulary corpus at {args.vocabulary}")
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        for size in (int(n.replace("_", "")) for n in args.articles.split(",")):
            folder = args.keep or Path(tmp)
            folder.mkdir(parents=True, exist_ok=True)
            built = archive(folder, size, args.vocabulary, args.database)
            work = Path(tmp) / f"serve-{size}"
            work.mkdir()
            results[size] = measure_size(args, built, work)
    print_tables(args, results)


if __name__ == "__main__":
    main()
