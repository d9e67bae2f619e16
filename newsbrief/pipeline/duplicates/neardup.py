"""Near-duplicate articles: MinHash signatures of word shingles, and an LSH index that finds similar ones.

A signature is a tuple of plain ints, so that it can be stored as JSON beside the
article and the index rebuilt from storage; `signature` is deterministic across
processes and machines (SHA-1 of the shingles, a fixed seed, a pinned datasketch
permutation scheme). Changing SHINGLE_WORDS, NUM_PERM, SEED or SCHEME makes the
stored signatures incomparable with new ones: every signature must be recomputed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from newsbrief.pipeline.types import Article

# Chosen on bench/dedupe (181 AEB articles, 8 kinds of copy of each, 128 permutations).
# Shingles of 2 words: the index finds 85 % of the light copies (boilerplate added,
# 2-5 % of words edited, paragraphs shuffled or one dropped), against 75 % with
# 3-word and 58 % with 5-word shingles, whose Jaccard a few edited words pull below
# 0.8; and it finds 1.4 % of the heavy ones (20 % of words replaced, half the text
# dropped) as 3 and 5 do, where single words find 31 %. Two different AEB articles
# are at most 0.23 apart on 2-word shingles: far from 0.8.
SHINGLE_WORDS = 2
# 128 permutations: the estimate's standard error at J = 0.8 is sqrt(0.8 * 0.2 / 128)
# = 0.035. Against the exact Jaccard, 128 gives precision 0.985 and recall 0.953;
# 64 gives 0.968 / 0.956, and 256 gives 0.989 / 0.957 for twice the hashing and
# twice the stored size. The misses are pairs within the noise of 0.8.
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # pinned: hash values carry no trace of the scheme that made them
DEFAULT_THRESHOLD = 0.8

_TOKEN = re.compile(r"\w+")


def shingles(text: str, shingle_words: int = SHINGLE_WORDS) -> set[str]:
    """The set of shingle_words-word shingles of the text (case-folded \\w+ tokens); one shingle if shorter."""
    tokens = _TOKEN.findall(text.casefold())
    if not tokens:
        return set()
    last = max(1, len(tokens) - shingle_words + 1)
    return {" ".join(tokens[i:i + shingle_words]) for i in range(last)}


def jaccard(a: set[str], b: set[str]) -> float:
    """The exact Jaccard similarity of two shingle sets (0 for two empty ones)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def signature(text: str, *, shingle_words: int = SHINGLE_WORDS, num_perm: int = NUM_PERM) -> tuple[int, ...]:
    """The MinHash signature of the text's word shingles, as a tuple of ints (JSON-storable)."""
    minhash = MinHash(num_perm=num_perm, seed=SEED, scheme=SCHEME)
    minhash.update_batch([shingle.encode("utf-8") for shingle in shingles(text, shingle_words)])
    return tuple(int(value) for value in minhash.hashvalues)


def article_signature(article: Article) -> tuple[int, ...]:
    """The signature an article is matched by; none for an imported brief (our own text, a copy of nobody's)."""
    return () if article.text_origin == "brief" else signature(article.text)


def estimated_jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """The Jaccard similarity two signatures estimate: the share of equal hash values."""
    if len(a) != len(b):
        raise ValueError(f"signatures of different lengths: {len(a)} and {len(b)}")
    return float(np.count_nonzero(np.asarray(a, dtype=np.uint64) == np.asarray(b, dtype=np.uint64))) / len(a)


def lsh_bands(threshold: float, num_perm: int, recall: float = 0.99) -> tuple[int, int]:
    """(bands, rows): the most rows per band that still make a pair at the threshold a candidate with `recall`."""
    # LSH only proposes candidates; each is then checked on its full signature. A
    # missed candidate is a duplicate missed for good, a spare one costs one
    # comparison. datasketch's default (0.5, 0.5) weighting picks 9 bands of 13 rows
    # at 128 permutations, which proposes a pair at J = 0.8 only 40 % of the time.
    # At 0.8 and 128 this gives 21 bands of 6 rows: a pair at J = 0.8 is proposed
    # 99.8 % of the time, at 0.5 28 %, at 0.3 1.5 %.
    for rows in range(num_perm, 0, -1):
        bands = num_perm // rows
        if 1.0 - (1.0 - threshold**rows) ** bands >= recall:
            return bands, rows
    return num_perm, 1


class NearDuplicateIndex:
    """Signatures by key, with LSH to find those whose estimated Jaccard reaches the threshold."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, *, num_perm: int = NUM_PERM):
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], not {threshold}")
        self.threshold, self.num_perm = threshold, num_perm
        self._lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, params=lsh_bands(threshold, num_perm))
        self._signatures: dict[str, np.ndarray] = {}
        self._order: dict[str, int] = {}  # insertion order, to break ties: the earlier first
        self._added = 0
        self._empty = np.full(num_perm, np.iinfo(np.uint32).max, dtype=np.uint64)

    def _values(self, sig: Sequence[int]) -> np.ndarray:
        values = np.asarray(sig, dtype=np.uint64)
        if values.shape != (self.num_perm,):
            raise ValueError(f"a signature of {len(values)} values; this index takes {self.num_perm}")
        return values

    def _minhash(self, values: np.ndarray) -> LeanMinHash:
        return LeanMinHash(seed=SEED, hashvalues=values.astype(np.uint32), scheme=SCHEME)

    def _is_empty(self, values: np.ndarray) -> bool:
        """A text without words: its signature matches every other empty one, and means nothing."""
        return bool(np.array_equal(values, self._empty))

    def add(self, key: str, sig: Sequence[int]) -> None:
        """Index a signature under key; adding a key again replaces its signature."""
        values = self._values(sig)
        if key in self._signatures:
            self.remove(key)
        self._signatures[key] = values
        self._order[key] = self._added
        self._added += 1
        if not self._is_empty(values):
            self._lsh.insert(key, self._minhash(values), check_duplication=False)

    def remove(self, key: str) -> None:
        """Forget a key (KeyError if it is not indexed)."""
        values = self._signatures.pop(key)
        del self._order[key]
        if not self._is_empty(values):
            self._lsh.remove(key)

    def query(self, sig: Sequence[int]) -> list[tuple[str, float]]:
        """Keys whose estimated Jaccard with sig is at least the threshold, best first (earlier first on ties)."""
        values = self._values(sig)
        if self._is_empty(values):
            return []
        found = []
        for key in self._lsh.query(self._minhash(values)):
            similarity = float(np.count_nonzero(self._signatures[key] == values)) / self.num_perm
            if similarity >= self.threshold:
                found.append((key, similarity))
        found.sort(key=lambda pair: (-pair[1], self._order[pair[0]]))
        return found

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, key: object) -> bool:
        return key in self._signatures
