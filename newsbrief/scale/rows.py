"""The result row, one contract for the stages, both engines and the writer: its columns, defaults and statuses.

A row is a flat dict of plain values, so that Ray Data can keep it in Arrow and a
process pool can pickle it cheaply. It lives apart from `stages` so that Ray's
task workers (reading, the duplicate shuffle) know it without importing the
stages' libraries (trafilatura, datasketch and SciPy: half a second a process).
"""

from __future__ import annotations

OK, FAILED, STORED = "ok", "failed", "stored"
# Every result row has every column, with these defaults: a stable Arrow schema across batches.
COLUMNS = {
    "seq": 0, "id": "", "origin": "", "status": OK, "reason": "", "message": "",
    "url": "", "canonical_url": "", "title": "", "text": "", "source_domain": "", "content_hash": "",
    "outlet": "", "authors": "[]", "published": "", "language": "", "text_origin": "page",
    "brief": "", "signature": b"", "entities": "[]", "topics": "[]", "statements": "[]",
    "worker": "", "peak_rss_kb": 0, "worker_cpu_s": 0.0,
}  # fmt: skip


def row(record: dict, **values) -> dict:
    """A result row for a record: every column, defaults filled in."""
    return {**COLUMNS, "seq": int(record["seq"]), "id": record["id"], "origin": record["origin"], **values}
