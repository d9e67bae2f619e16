"""Rebuild newsbrief/pipeline/briefs/data/sentence_scorer.json from the train half of the dev corpora.

    .venv/bin/python -m bench.summarize.train [--eval-dir ../shared/eval] [--out PATH]

Labels: where the references are abstractive (CNN/DM highlights) a sentence is
positive when it is in the greedy ROUGE oracle of its article (the 1 to 3 sentences
that together best match the reference, R-1 + R-2 F1), the usual target of
extractive summarizers; where they are extractive (BBC) when the reference contains
it (80 % of its bigrams). The model is a logistic regression over
`summarize.FEATURES`, fitted by Newton's method with a small L2 penalty, twice:

- "titled", for articles with a title, on every training item (each corpus weighing
  the same): on the BBC eval half this does as well as a BBC-only fit (R-1 59.3
  against 59.2) while it also learns from written highlights, not one corpus's habits;
- "untitled", for text without a title, on the items that have none (CNN/DM): its
  position weights are what beats Lead-3 there (R-1 41.0 on the eval half, where a
  fit on both corpora gets 39.9 and Lead-3 40.2).

Each regime also gets `summary_words`, the least-squares line from an article's
length in words to its reference's, which the lead selection uses as the expected
summary length.

Only
items whose id hashes into the train half are read (`corpus.is_train`); the
benchmark reports the other half separately.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import numpy as np

from bench.summarize import corpus
from newsbrief.pipeline.briefs import summarize
from newsbrief.pipeline.briefs.sentences import split_text

L2 = 1.0  # ridge on standardized weights; the fit barely moves between 0.1 and 10
ORACLE_SENTENCES = 3
# What the dev corpora's references are (../shared/eval/README.md): highlights written
# by editors, or sentences taken from the article.
LABELS = {"cnndm": "oracle", "bbc": "membership"}
MEMBER_BIGRAMS = 0.8  # a sentence "in" an extractive reference: the splitters differ at the edges


class _CachedStemmer:
    """Porter stemming with a cache: the corpora repeat words a lot."""

    def __init__(self):
        from nltk.stem import porter

        self._porter, self._cache = porter.PorterStemmer(), {}

    def stem(self, word: str) -> str:
        """The stem of one word."""
        if word not in self._cache:
            self._cache[word] = self._porter.stem(word)
        return self._cache[word]


def _grams(tokens: list[str]) -> tuple[Counter, Counter]:
    """Unigram and bigram counts."""
    return Counter(tokens), Counter(zip(tokens, tokens[1:]))


def _f1(pred: Counter, ref: Counter) -> float:
    """ROUGE-n F1 from n-gram counts."""
    hit = sum((pred & ref).values())
    if not hit:
        return 0.0
    p, r = hit / sum(pred.values()), hit / sum(ref.values())
    return 2 * p * r / (p + r)


def oracle(sentence_tokens: list[list[str]], ref_tokens: list[str]) -> set[int]:
    """Greedy oracle: add the sentence that raises R-1 + R-2 F1 most, while it rises."""
    ref1, ref2 = _grams(ref_tokens)
    grams = [_grams(t) for t in sentence_tokens]
    chosen: set[int] = set()
    cur1, cur2, best = Counter(), Counter(), 0.0
    for _ in range(ORACLE_SENTENCES):
        pick, pick_value = -1, best
        for i, (g1, g2) in enumerate(grams):
            if i in chosen:
                continue
            value = _f1(cur1 + g1, ref1) + _f1(cur2 + g2, ref2)
            if value > pick_value:
                pick, pick_value = i, value
        if pick < 0:
            break
        chosen.add(pick)
        cur1, cur2, best = cur1 + grams[pick][0], cur2 + grams[pick][1], pick_value
    return chosen


def members(sentence_tokens: list[list[str]], ref_tokens: list[str]) -> set[int]:
    """Sentences that an extractive reference contains (most of their bigrams are in it)."""
    ref2 = set(zip(ref_tokens, ref_tokens[1:]))
    out = set()
    for i, tokens in enumerate(sentence_tokens):
        grams = list(zip(tokens, tokens[1:]))
        if grams and sum(g in ref2 for g in grams) >= MEMBER_BIGRAMS * len(grams):
            out.add(i)
    return out


def examples(name: str, eval_dir: Path) -> dict[str, np.ndarray]:
    """Feature rows, labels and has-a-title flags of one corpus's train half, and its lengths."""
    from rouge_score import tokenize

    stemmer = _CachedStemmer()
    rows, labels, titled, lengths = [], [], [], []
    for item in corpus.read(name, eval_dir):
        sentences = split_text(item["text"])
        if not corpus.is_train(item["id"]) or not sentences:
            continue
        tokens = [tokenize.tokenize(s.text, stemmer) for s in sentences]
        ref = tokenize.tokenize(item["summary"], stemmer)
        positive = oracle(tokens, ref) if LABELS[name] == "oracle" else members(tokens, ref)
        rows.extend(summarize.features(item.get("title", ""), sentences))
        labels.extend(float(i in positive) for i in range(len(sentences)))
        has_title = bool(item.get("title", "").strip())
        titled.extend([has_title] * len(sentences))
        lengths.append((has_title, summarize.word_count(item["text"]), summarize.word_count(item["summary"])))
    return {"x": np.array(rows), "y": np.array(labels), "titled": np.array(titled), "lengths": lengths}


def summary_line(lengths: list[tuple[bool, int, int]], titled: bool) -> list[float]:
    """Least-squares [a, b] of reference words = a + b * article words, over one regime's items."""
    pairs = np.array([(n, m) for t, n, m in lengths if t == titled], dtype=float)
    b, a = np.polyfit(pairs[:, 0], pairs[:, 1], 1)
    return [round(float(a), 3), round(float(b), 5)]


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> dict:
    """Weighted, L2-penalised logistic regression on standardized features (Newton's method)."""
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = np.hstack([(x - mean) / scale, np.ones((len(x), 1))])
    beta = np.zeros(z.shape[1])
    penalty = np.full(z.shape[1], L2)
    penalty[-1] = 0.0  # the bias is not penalised
    for _ in range(25):
        p = 1 / (1 + np.exp(-z @ beta))
        grad = z.T @ (w * (p - y)) + penalty * beta
        hess = (z * (w * p * (1 - p))[:, None]).T @ z + np.diag(penalty)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return {
        "mean": [round(float(v), 6) for v in mean],
        "scale": [round(float(v), 6) for v in scale],
        "weights": [round(float(v), 6) for v in beta[:-1]],
        "bias": round(float(beta[-1]), 6),
    }


def main(argv: list[str] | None = None) -> None:
    """Train on both corpora's train halves and write the weights file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=corpus.EVAL_DIR)
    parser.add_argument("--out", type=Path, default=summarize.WEIGHTS_PATH)
    args = parser.parse_args(argv)
    data = {name: examples(name, args.eval_dir) for name in corpus.CORPORA}
    x = np.vstack([d["x"] for d in data.values()])
    y = np.concatenate([d["y"] for d in data.values()])
    titled = np.concatenate([d["titled"] for d in data.values()])
    lengths = [row for d in data.values() for row in d["lengths"]]
    # Each corpus carries the same total weight in the titled fit, however many sentences it has.
    w = np.concatenate([np.full(len(d["y"]), len(y) / (len(data) * len(d["y"]))) for d in data.values()])
    untitled = ~titled
    if not untitled.any() or not titled.any():
        raise SystemExit("the training items need some with a title and some without")
    model = {
        "about": "newsbrief sentence scorer: logistic regression, rebuilt by bench/summarize/train.py",
        "trained_on": {
            name: f"{len(d['y'])} sentences ({LABELS[name]} labels), train half: sha1(id)[0] % 2 == 0"
            for name, d in data.items()
        },
        "features": list(summarize.FEATURES),
        "titled": {**fit(x, y, w), "summary_words": summary_line(lengths, True)},
        "untitled": {
            **fit(x[untitled], y[untitled], np.ones(int(untitled.sum()))),
            "summary_words": summary_line(lengths, False),
        },
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    for name, a, b in zip(summarize.FEATURES, model["titled"]["weights"], model["untitled"]["weights"]):
        print(f"{name:24s} titled {a:+.3f}  untitled {b:+.3f}")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
