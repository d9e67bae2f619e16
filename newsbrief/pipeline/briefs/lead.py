"""The lead: the 1 to 3 sentences, in 75 words, with the best expected ROUGE F1.

The scorer (summarize.py) gives each sentence its log-odds of belonging in a summary;
here every subset of the best-scored candidates is weighed against a summary of the
expected length, and a subset is taken only if no two of its sentences say mostly the
same thing and none leans on a sentence it leaves out ("He said …").
"""

from __future__ import annotations

import itertools
import math

LEAD_MAX_SENTENCES = 3
LEAD_MAX_WORDS = 75
LEAD_CANDIDATES = 10  # the lead is the best subset of this many top-scored sentences
# Share of an off-summary sentence's words that match a reference anyway; 0.1 to 0.3 moved
# ROUGE-1 by under 0.2 on the dev corpora.
OFF_SUMMARY_MATCH = 0.2
SAME_TERMS = 0.5  # two sentences say the same thing past this share of the shorter one's content terms


def select_lead(
    scores: list[float],
    words: list[int],
    terms: list[frozenset],
    unfit: set[int] = frozenset(),
    summary_words: tuple[float, float] = (50.0, 0.0),
    dangling: set[int] = frozenset(),
    furniture: set[int] = frozenset(),
    joined: set[int] = frozenset(),
) -> list[int]:
    """Indices, in article order, of the 1 to 3 sentences in 75 words with the best expected ROUGE F1.

    `furniture` (page residue) is never taken: a page of nothing else gets an empty lead.
    `joined`: dangling sentences whose antecedent, the sentence right before, is in their paragraph."""
    ranked = sorted((i for i in range(len(scores)) if i not in furniture), key=lambda i: (-scores[i], i))
    if not ranked:
        return []
    fits = [i for i in ranked if 3 <= words[i] <= LEAD_MAX_WORDS]
    # A lead says what happened: an unattributed quotation or a subheading is not one of its sentences.
    pool = ([i for i in fits if i not in unfit] or fits)[:LEAD_CANDIDATES]
    if not pool:
        return [ranked[0]]  # every sentence is too long: the best one is cut to fit
    # Nor does any of its sentences lean on one it left out: "He …" or "But …" stands only
    # right after the sentence before it in the article (7 % of dev leads opened so; ruling
    # them out cost 0.1 ROUGE-1), unless nothing else can be had. The best candidate, when its
    # antecedent is the sentence before it in its paragraph, is not dropped for it: the two may
    # come together, the antecedent never alone (it did not make the pool on its own), and only
    # if it stands by a lead sentence's rules (no residue, bare quotation or subheading). Doing
    # so for every candidate, not just the best, cost 0.24 ROUGE-1 on BBC's tuning half; 0.07 so.
    top = pool[0]
    companions = {top - 1} if top in joined and top - 1 not in pool and top - 1 not in furniture | unfit else set()
    for leaning in (dangling, frozenset()):
        best = _best_lead(pool, scores, words, terms, summary_words, leaning, companions)
        if best:
            return best
    return [pool[0]]


def _best_lead(pool, scores, words, terms, summary_words, dangling, companions=frozenset()) -> list[int]:
    """The subset of the pool with the best expected ROUGE F1; [] when no subset may be taken.

    A companion (the antecedent of a pool sentence) is taken only with the sentence after it."""
    # Expected F1 against a summary of the expected length: words of a summary-worthy sentence
    # match, and of the others only a share (OFF_SUMMARY_MATCH). A long expected summary favours
    # filling the 75 words; a short one favours the surest sentences. Every subset of the pool is
    # tried (at most 175, 231 with a companion): an exact knapsack, so an overflowing best three
    # gives way to the best set that fits rather than to a cut sentence.
    expected = max(summary_words[0] + summary_words[1] * sum(words), 10.0)  # a line fitted, kept positive
    pool = [*pool, *sorted(companions)]
    # A companion is worth what the sentence it introduces is worth: it is that sentence's subject.
    worth = {i: max(scores[i], scores[i + 1]) if i in companions else scores[i] for i in pool}
    gain = {i: (sigmoid(worth[i]) * (1 - OFF_SUMMARY_MATCH) + OFF_SUMMARY_MATCH) * words[i] for i in pool}
    best, best_value = [], -1.0
    for size in range(1, LEAD_MAX_SENTENCES + 1):
        for combo in itertools.combinations(pool, size):
            length = sum(words[i] for i in combo)
            if length > LEAD_MAX_WORDS or _leans(combo, dangling) or _redundant(combo, terms):
                continue
            if any(c in combo and c + 1 not in combo for c in companions):
                continue
            value = sum(gain[i] for i in combo) / (length + expected)
            if value > best_value:
                best, best_value = list(combo), value
    return sorted(best)


def _leans(combo: tuple[int, ...], dangling: set[int]) -> bool:
    """Whether a sentence of a selection points back to one the selection leaves out."""
    return any(i in dangling and i and i - 1 not in combo for i in combo)


def _redundant(combo: tuple[int, ...], terms: list[frozenset]) -> bool:
    """Whether two sentences of a selection say mostly the same thing."""
    return any(overlap(terms[a], terms[b]) > SAME_TERMS for a, b in itertools.combinations(combo, 2))


def overlap(a: frozenset, b: frozenset) -> float:
    """Share of the smaller term set found in the other."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def sigmoid(x: float) -> float:
    """The logistic function."""
    return 1 / (1 + math.exp(-x))
