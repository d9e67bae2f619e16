"""Duplicates across a whole backfill, found by grouping rather than by one index: exact and near copies.

The engines do the grouping, Ray Data as a shuffle (`groupby`) and the local
engine with dicts; what runs on each group is here, so both find the same pairs.

- Exact copies: nodes grouped by content hash; in each group the first by `order`
  is kept and the others are exact duplicates (never stored, as in `ingest`).
  Hash groups and band buckets go through one grouping, keyed "h:…" and "b:…".
- Near copies: MinHash LSH banding. Each signature is cut into `bands` bands of
  `rows` values; nodes that share a band's values share a bucket. The pairs in a
  bucket are candidates, verified on the full signature (estimated Jaccard at
  least the threshold) as `NearDuplicateIndex.query` does. Verified pairs are the
  edges of a graph; each connected component has one original, the first by
  `order` (the earliest published, undated last), and the others are its copies.

A node is a dict: id, order, content_hash, signature (packed bytes, see
`stages.pack`), canonical_url. `order` is a string that sorts as precedence: the
database's own articles first (they stay originals), then by publication time,
then by input order.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

# A bucket holding a wire story syndicated a thousand times would cost a million
# comparisons; past this many members, each is compared with the WINDOW members
# before it only. Copies of one text still chain into one component.
WINDOW = 1000


@dataclass(frozen=True)
class Shape:
    """How signatures are banded, and the similarity a candidate pair must reach."""

    bands: int
    rows: int
    threshold: float
    num_perm: int


@dataclass(frozen=True)
class Decisions:
    """What deduplication decided for the whole input: exact duplicates and near copies, each with its keeper."""

    exact: dict[str, str]  # duplicate id -> the id kept
    copies: dict[str, str]  # copy id -> its original's id


def shape(threshold: float, num_perm: int | None = None) -> Shape:
    """The banding that `NearDuplicateIndex` uses for this threshold (datasketch's choice, misses weighed 4:1)."""
    # Imported here, on the driver only: the workers that group rows need neither datasketch nor
    # the SciPy it loads (half a second for each new Ray worker process).
    from datasketch import MinHashLSH

    from newsbrief.pipeline.duplicates import neardup

    num_perm = num_perm or neardup.NUM_PERM
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.2, 0.8))
    return Shape(bands=lsh.b, rows=lsh.r, threshold=threshold, num_perm=num_perm)


def order_key(*, seq: int | None, published: str, article_id: str) -> str:
    """A node's precedence as a string: stored articles (seq None) first, then earliest published, then input order."""
    when = published or "~"  # "~" sorts after every digit: undated articles come last
    return f"0{when}{article_id}" if seq is None else f"1{when}{seq:020d}"


def group_rows(node: dict, band_shape: Shape) -> list[dict]:
    """The rows a node is grouped by: one keyed by its content hash, one per band of its signature.

    Keys: "h:HASH" and "b:BAND:HASH-OF-THE-BAND'S-VALUES". A text without words has no
    band rows: its signature matches every other such text, and means nothing.
    """
    light = {"id": node["id"], "order": node["order"], "canonical_url": node["canonical_url"]}
    rows = [{"key": f"h:{node['content_hash']}", **light, "signature": b""}] if node["content_hash"] else []
    signature = node["signature"]
    if signature and signature != b"\xff" * (4 * band_shape.num_perm):  # the signature of no words at all
        width = band_shape.rows * 4
        for b in range(band_shape.bands):
            digest = hashlib.blake2b(signature[b * width:(b + 1) * width], digest_size=8).hexdigest()
            rows.append({"key": f"b:{b}:{digest}", **light, "signature": signature})
    return rows


def group_pairs(key: str, members: list[dict], band_shape: Shape) -> list[dict]:
    """The pairs one group gives: exact duplicates for a hash group, verified near pairs for a band's bucket.

    Each pair: kind ("exact" or "near"), a, a_order, b, b_order, similarity; for
    "exact", a is the duplicate and b the article kept in its place.
    """
    if key.startswith("h:"):
        return [{"kind": "exact", "a": pair["id"], "a_order": "", "b": pair["kept"], "b_order": "",
                 "similarity": 1.0} for pair in exact_pairs(members)]
    return [{"kind": "near", **edge} for edge in bucket_edges(members, band_shape)]


def bucket_edges(members: list[dict], band_shape: Shape) -> list[dict]:
    """The verified near-duplicate pairs among one bucket's members, earlier member first."""
    if len(members) < 2:
        return []
    members = sorted(members, key=lambda m: m["order"])
    sigs = np.frombuffer(b"".join(m["signature"] for m in members), dtype="<u4").reshape(len(members), -1)
    edges = []
    for i in range(1, len(members)):
        lo = max(0, i - WINDOW)
        similar = np.count_nonzero(sigs[lo:i] == sigs[i], axis=1) / band_shape.num_perm
        for j in np.flatnonzero(similar >= band_shape.threshold):
            a, b = members[lo + int(j)], members[i]
            if a["canonical_url"] and a["canonical_url"] == b["canonical_url"]:
                continue  # one URL's texts are revisions of one article, not copies of each other
            edges.append({"a": a["id"], "a_order": a["order"], "b": b["id"], "b_order": b["order"],
                          "similarity": float(similar[int(j)])})
    return edges


def exact_pairs(members: list[dict]) -> list[dict]:
    """For one content hash's members: each one but the first by order, with the id kept in its place."""
    if len(members) < 2:
        return []
    members = sorted(members, key=lambda m: m["order"])
    kept = members[0]["id"]
    return [{"id": m["id"], "kept": kept} for m in members[1:] if m["id"] != kept]  # an id given twice is one article


def resolve(pairs: Iterable[dict]) -> Decisions:
    """The exact duplicates, and each near copy's original: the first by order in its connected component."""
    pairs = list(pairs)
    duplicates = {pair["a"]: pair["b"] for pair in pairs if pair["kind"] == "exact"}
    edges = [pair for pair in pairs if pair["kind"] == "near"]
    parent: dict[str, str] = {}
    order: dict[str, str] = {}

    def root(node: str) -> str:
        while parent[node] != node:
            parent[node] = parent[parent[node]]  # path halving keeps the trees flat
            node = parent[node]
        return node

    for edge in edges:
        if edge["a"] in duplicates or edge["b"] in duplicates:
            continue  # an exact duplicate is not stored; the copy it duplicates has the same edges
        for node, key in ((edge["a"], edge["a_order"]), (edge["b"], edge["b_order"])):
            parent.setdefault(node, node)
            order[node] = key
        ra, rb = root(edge["a"]), root(edge["b"])
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    components: dict[str, list[str]] = defaultdict(list)
    for node in parent:
        components[root(node)].append(node)
    copies = {}
    for nodes in components.values():
        original = min(nodes, key=order.__getitem__)
        copies.update((node, original) for node in nodes if node != original)
    return Decisions(exact=duplicates, copies=copies)


def find_in_process(nodes: Iterable[dict], band_shape: Shape) -> Decisions:
    """Exact and near duplicates among the nodes, grouped with a dict in this process: what Ray does by shuffle."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for node in nodes:
        for row in group_rows(node, band_shape):
            groups[row["key"]].append(row)
    return resolve(pair for key, members in groups.items() for pair in group_pairs(key, members, band_shape))


def node_of(row: dict) -> dict:
    """The node of a processed result row (status "ok")."""
    order = order_key(seq=int(row["seq"]), published=row["published"], article_id=row["id"])
    return {"id": row["id"], "order": order, "content_hash": row["content_hash"],
            "signature": bytes(row["signature"]), "canonical_url": row["canonical_url"]}
