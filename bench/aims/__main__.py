"""Precision and recall of who-wants-what statements on the gold set: one table.

    .venv/bin/python -m bench.aims [bench/data/aims-gold.jsonl] [--details]

A prediction matches a gold statement of the same article when the actors match
(equal after case-folding and dropping a leading "the", or one is the other's last
word) and the aims' token F1 (SQuAD-style: lowercased words, no articles, no
punctuation) is at least 0.5. Each gold statement matches at most one prediction,
best overlap first. `--details` lists the misses and the false positives.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path

from newsbrief.pipeline.enrichment.enrich import enrich

GOLD = Path(__file__).resolve().parents[1] / "data" / "aims-gold.jsonl"
AIM_OVERLAP = 0.5  # the bar: "aim token overlap >= 0.5"
_ARTICLES = {"a", "an", "the"}


def words(text: str) -> list[str]:
    """Lowercased word tokens without articles: the units of the aim overlap."""
    return [w for w in re.findall(r"\w+", text.lower()) if w not in _ARTICLES]


def aim_f1(gold: str, predicted: str) -> float:
    """SQuAD-style token F1 of two aims."""
    g, p = Counter(words(gold)), Counter(words(predicted))
    common = sum((g & p).values())
    if not common:
        return 0.0
    precision, recall = common / sum(p.values()), common / sum(g.values())
    return 2 * precision * recall / (precision + recall)


def same_actor(gold: str, predicted: str) -> bool:
    """Equal names, or a surname or single word against the full name."""
    g, p = (re.sub(r"^the\s+", "", n.strip().lower()) for n in (gold, predicted))
    return g == p or g.split()[-1:] == [p] or p.split()[-1:] == [g]


def match(gold: list[dict], predicted: list[dict]) -> list[tuple[int, int, float]]:
    """Greedy one-to-one matching, best aim overlap first: (gold index, predicted index, F1)."""
    pairs = sorted(
        ((aim_f1(g["aim"], p["aim"]), gi, pi)
         for gi, g in enumerate(gold) for pi, p in enumerate(predicted)
         if same_actor(g["actor"], p["actor"])),
        reverse=True,
    )
    used_g, used_p, result = set(), set(), []
    for f1, gi, pi in pairs:
        if f1 >= AIM_OVERLAP and gi not in used_g and pi not in used_p:
            used_g.add(gi), used_p.add(pi)
            result.append((gi, pi, f1))
    return result


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", type=Path, default=GOLD)
    parser.add_argument("--details", action="store_true", help="list misses and false positives")
    args = parser.parse_args(argv)
    articles = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line.strip()]

    enrich("warm-up", "The council wants a new bridge.")  # load the model outside the timing
    n_gold = n_pred = n_match = n_polarity = 0
    seconds = 0.0
    for article in articles:
        started = time.perf_counter()
        found = enrich(article.get("title", ""), article["text"]).statements
        seconds += time.perf_counter() - started
        predicted = [{"actor": s.actor, "aim": s.aim, "polarity": str(s.polarity), "cue": s.cue} for s in found]
        gold = article["statements"]
        pairs = match(gold, predicted)
        n_gold, n_pred, n_match = n_gold + len(gold), n_pred + len(predicted), n_match + len(pairs)
        n_polarity += sum(gold[gi]["polarity"] == predicted[pi]["polarity"] for gi, pi, _ in pairs)
        if args.details:
            hit_g, hit_p = {gi for gi, _, _ in pairs}, {pi for _, pi, _ in pairs}
            for gi, g in enumerate(gold):
                if gi not in hit_g:
                    print(f"{article['id']} MISS {g['actor']} | {g['polarity']} | {g['aim']}")
            for pi, p in enumerate(predicted):
                if pi not in hit_p:
                    print(f"{article['id']} FP   {p['actor']} | {p['polarity']} | {p['cue']} | {p['aim']}")

    precision = n_match / n_pred if n_pred else 0.0
    recall = n_match / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"who wants what on {args.gold.name}: {len(articles)} articles, {n_gold} gold statements")
    print()
    print("| precision | recall | F1 | polarity agreement | statements | statements/s | articles/s |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    print(
        f"| {precision:.3f} | {recall:.3f} | {f1:.3f} | {n_polarity / n_match if n_match else 0:.3f} "
        f"| {n_pred} | {n_pred / seconds:.0f} | {len(articles) / seconds:.1f} |"
    )


if __name__ == "__main__":
    main()
