"""How search's ranking scales: scoring every match against ranking tiers of the newest, on the index alone.

    .venv/bin/python -m bench.web.ranking [--rows 100000,1000000] [--database sqlite|postgresql URL]

Builds a search index of N synthetic briefs (title, lead, text of about 150 words
drawn with the word frequencies of ../shared/eval/cnndm-dev.jsonl.gz) in a
temporary SQLite FTS5 table, or in a PostgreSQL table with a GIN index when a
database URL is given (it must be an empty scratch database: the table
bench_search is dropped and made), and times each query of a mix (common,
middling and rare words, pairs) three ways, best of three runs:

- all: what search did before issue 19, score every match and keep the best 21
  (bm25 / ts_rank, ORDER BY score LIMIT);
- rank: SQLite only, FTS5's own `ORDER BY rank LIMIT 21`, which also scores every match;
- tiers: what site/web/search_engines.py does, the newest 1,000 matches read in
  id order and scored, and the count for "about N results" (SQLite: the newest
  10,000 counted; PostgreSQL: the planner's estimate).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import tempfile
import time
from pathlib import Path

from bench.web.archive import vocabulary_from

VOCABULARY = Path(__file__).resolve().parents[3] / "shared" / "eval" / "cnndm-dev.jsonl.gz"
STOP = set("the of and to a in is that for on it with as was he be by at his have from are this".split())
TIER, COUNTED, PAGE = 1000, 10_000, 21


def _rows(vocabulary, count: int, seed: int = 3):
    rng = random.Random(seed)
    for n in range(1, count + 1):
        yield n, " ".join(vocabulary.draw(rng, 8)), " ".join(vocabulary.draw(rng, 25)), " ".join(vocabulary.draw(rng, 120))


def _mix(vocabulary, seed: int = 4) -> list[tuple[str, list[str]]]:
    rng = random.Random(seed)
    words = [w for w in vocabulary.words if w not in STOP]
    common, middling, rare = words[10:200], words[500:3000], words[8000:25000]
    mix = [("common", [w]) for w in rng.sample(common, 3)] + [("middling", [w]) for w in rng.sample(middling, 3)]
    mix += [("rare", [w]) for w in rng.sample(rare, 3)]
    mix += [("pair", [rng.choice(common), rng.choice(middling)]) for _ in range(3)]
    return mix


def _best(run) -> float:
    times = []
    for _ in range(3):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return min(times) * 1000


def sqlite_index(path: Path, vocabulary, count: int) -> sqlite3.Connection:
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE s USING fts5(title, lead, text, tokenize = 'porter unicode61 remove_diacritics 2')")
    db.executemany("INSERT INTO s (rowid, title, lead, text) VALUES (?, ?, ?, ?)", _rows(vocabulary, count))
    db.commit()
    return db


def sqlite_times(db: sqlite3.Connection, words: list[str]) -> dict[str, float]:
    match = " AND ".join(f'"{w}"' for w in words)
    matches = db.execute("SELECT count(*) FROM s WHERE s MATCH ?", [match]).fetchone()[0]
    all_ = _best(lambda: db.execute("SELECT rowid, bm25(s, 10.0, 4.0, 1.0) AS score FROM s WHERE s MATCH ?"
                                    " ORDER BY score LIMIT ?", [match, PAGE]).fetchall())
    rank = _best(lambda: db.execute("SELECT rowid FROM s WHERE s MATCH ? ORDER BY rank LIMIT ?",
                                    [match, PAGE]).fetchall())

    def tiers():
        db.execute("SELECT rowid, -bm25(s, 10.0, 4.0, 1.0) FROM s WHERE s MATCH ? ORDER BY rowid DESC LIMIT ?",
                   [match, TIER]).fetchall()
        db.execute("SELECT count(*), min(rowid) FROM (SELECT rowid FROM s WHERE s MATCH ? ORDER BY rowid DESC"
                   " LIMIT ?)", [match, COUNTED]).fetchone()

    return {"matches": matches, "all": all_, "rank": rank, "tiers": _best(tiers)}


def postgresql_index(url: str, vocabulary, count: int):
    import psycopg

    db = psycopg.connect(url, autocommit=True)
    db.execute("DROP TABLE IF EXISTS bench_search")
    db.execute("CREATE TABLE bench_search (brief_id bigint PRIMARY KEY, document tsvector NOT NULL)")
    with db.cursor() as cursor:
        rows = list(_rows(vocabulary, count))
        for start in range(0, len(rows), 5000):
            cursor.executemany(
                "INSERT INTO bench_search SELECT %s, setweight(to_tsvector('english', %s), 'A')"
                " || setweight(to_tsvector('english', %s), 'B') || setweight(to_tsvector('english', %s), 'D')",
                rows[start : start + 5000])
    db.execute("CREATE INDEX bench_search_document ON bench_search USING GIN (document)")
    db.execute("VACUUM ANALYZE bench_search")
    return db


def postgresql_times(db, words: list[str]) -> dict[str, float]:
    tsquery = " && ".join(["phraseto_tsquery('english', %s)"] * len(words))
    matches = db.execute(f"SELECT count(*) FROM bench_search WHERE document @@ ({tsquery})", words).fetchone()[0]
    all_ = _best(lambda: db.execute(
        f"SELECT brief_id, ts_rank(document, ({tsquery})) AS score FROM bench_search WHERE document @@ ({tsquery})"
        " ORDER BY score DESC LIMIT %s", [*words, *words, PAGE]).fetchall())

    def tiers():
        db.execute(
            f"SELECT s.brief_id, ts_rank(s.document, ({tsquery})) FROM (SELECT brief_id FROM bench_search"
            f" WHERE document @@ ({tsquery}) ORDER BY brief_id DESC LIMIT %s) page"
            " JOIN bench_search s ON s.brief_id = page.brief_id", [*words, *words, TIER]).fetchall()
        db.execute(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM bench_search WHERE document @@ ({tsquery})", words).fetchone()

    return {"matches": matches, "all": all_, "rank": float("nan"), "tiers": _best(tiers)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.web.ranking", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", default="100000,1000000")
    parser.add_argument("--database", default="sqlite", help="sqlite, or a PostgreSQL URL of a scratch database")
    parser.add_argument("--vocabulary", type=Path, default=VOCABULARY)
    args = parser.parse_args(argv)
    vocabulary = vocabulary_from(args.vocabulary)
    print("| rows | query | words | matches | score all, ms | FTS5 rank, ms | newest tiers + count, ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for count in (int(n) for n in args.rows.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-ranking-") as tmp:
            began = time.monotonic()
            if args.database == "sqlite":
                db = sqlite_index(Path(tmp) / "index.sqlite3", vocabulary, count)
            else:
                db = postgresql_index(args.database, vocabulary, count)
            print(f"# {count:,} rows indexed in {time.monotonic() - began:,.0f} s", flush=True)
            for kind, words in _mix(vocabulary):
                t = sqlite_times(db, words) if args.database == "sqlite" else postgresql_times(db, words)
                print(f"| {count:,} | {kind} | {' '.join(words)} | {t['matches']:,} | {t['all']:.1f} | "
                      f"{t['rank']:.1f} | {t['tiers']:.1f} |", flush=True)
            db.close()


if __name__ == "__main__":
    main()
