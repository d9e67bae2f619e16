"""Extractive briefs: a learned sentence scorer picks the lead, key points, body and closing.

Every sentence is scored by a logistic regression over cheap features (position,
length, overlap with the title, word-frequency salience, TextRank centrality,
quotes …) whose weights ship in `data/sentence_scorer.json`; `bench/summarize/train.py`
rebuilds that file from the dev corpora. The lead is the set of at most 3 sentences
and 75 words with the best expected ROUGE F1 in which no two sentences say mostly the
same thing and the first does not lean on one left out ("He said …"). Everything
here is deterministic and offline; the optional LLM rewrite of the lead and closing
(`llm.rewrite`) is a later step of the pipeline (`pipeline/process.py`), never called here."""

from __future__ import annotations

import itertools
import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from newsbrief.pipeline.briefs.sentences import SPEECH_VERBS, Sentence, is_lowercased, paragraphs, split_text
from newsbrief.pipeline.briefs.centrality import document_similarity, textrank
from newsbrief.pipeline.types import Brief, BriefSentence, Span

WEIGHTS_PATH = Path(__file__).with_name("data") / "sentence_scorer.json"
BODY_MODES = ("full", "condensed", "excerpt", "none")
LEAD_MAX_SENTENCES = 3
LEAD_MAX_WORDS = 75
CLOSING_MAX_WORDS = 80
CLOSING_PREFIX = "In summary, "
EXCERPT_MAX_WORDS = 100  # "a paragraph or two": past this an excerpt stops adding sentences
BODY_PARAGRAPH_WORDS = 90  # a condensed paragraph drawn from one long source paragraph breaks here
KEY_POINT_MAX_WORDS = 30  # "short sentences"; longer ones are taken only when nothing else is left
LEAD_CANDIDATES = 10  # the lead is the best subset of this many top-scored sentences
# Share of an off-summary sentence's words that match a reference anyway; 0.1 to 0.3 moved
# ROUGE-1 by under 0.2 on the dev corpora.
OFF_SUMMARY_MATCH = 0.2

STOPWORDS = frozenset(
    "a about after again all also an and any are as at be been before being but by can could "
    "did do does for from had has have he her here hers him his how i if in into is it its just "
    "me more most my no not now of on once only or other our out over own said says she should "
    "so some such than that the their them then there these they this those through to too "
    "under up very was we were what when where which while who why will with would you your "
    "s t n't 's 're 've 'll 'd mr mrs ms".split()
)
FIRST_PERSON = frozenset("i we my our me us".split())
DANGLING = frozenset("he she it they this these those but and so however also his her their its".split())
# Openers that are common words, so "In summary, the ..." may lowercase them.
COMMON_OPENERS = frozenset(
    "the a an this that these those it its there he she they we his her their our in on at "
    "for after before when while if as since some many most more several one two three four five "
    "six seven eight nine ten eleven twelve twenty thirty forty fifty hundreds thousands dozens".split()
)
FEATURES = (
    "is_first", "is_second", "is_third", "inv_position", "relative_position", "first_in_paragraph",
    "in_first_paragraph", "inv_paragraph", "log_words", "short", "long", "title_overlap",
    "centrality", "coverage", "first_sentence_overlap", "quote", "question", "digit",
    "first_person", "dangling_start", "log_sentences", "no_final_mark", "frequency", "mean_frequency",
    "document_similarity", "textrank", "textrank_rank",
)  # fmt: skip
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_FINAL_MARKS = ".!?\"'”’)"  # the marks that end a sentence, possibly after a closing quote
_NO_WORD = re.compile(r"(?<!\S)(?:[^\w\s]|_)+(?!\S)")  # a token without a letter or digit


def summarize(title: str, text: str, *, body_mode: str = "condensed") -> Brief:
    """The brief of one article: lead, key points, body (per body_mode) and closing."""
    if body_mode not in BODY_MODES:
        raise ValueError(f"body_mode must be one of {', '.join(BODY_MODES)}, not {body_mode!r}")
    sentences = split_text(text)
    if not sentences:
        return Brief(lead=(), closing=(), method="extractive", notes=("the article has no text",))
    scores = score_sentences(title, sentences)
    terms = [frozenset(_terms(s.text)) for s in sentences]
    words = [word_count(s.text) for s in sentences]
    weak = {i for i, s in enumerate(sentences) if _bare_quote(s.text)} | _headings(sentences, text)
    dangling = {i for i, s in enumerate(sentences) if _opener(s.text) in DANGLING}
    lead = select_lead(scores, words, terms, weak, _regime(title)["summary_words"], dangling)
    taken = set(lead)
    # Key points stand alone: no bare quotation, no "He said ..." whose "he" is elsewhere.
    weak |= dangling
    points = _key_points(scores, words, terms, weak, taken)
    return Brief(
        lead=tuple(_brief_sentence(sentences[i], words[i], LEAD_MAX_WORDS) for i in lead),
        key_points=tuple(_brief_sentence(sentences[i]) for i in points),
        body=_body(body_mode, scores, words, terms, sentences, taken),
        closing=_closing(scores, words, terms, sentences, taken, set(points), text),
        method="extractive",
    )


def word_count(text: str) -> int:
    """Words in a sentence: white-space tokens with a letter or digit (PTB's lone "," is no word)."""
    return len(text.split()) - len(_NO_WORD.findall(text))


def score_sentences(title: str, sentences: list[Sentence]) -> list[float]:
    """The scorer's log-odds that each sentence belongs in a summary."""
    # Two weight sets: with a title, title overlap carries much of what position carries without one.
    model = _regime(title)
    weights = [w / s for w, s in zip(model["weights"], model["scale"])]
    bias = model["bias"] - sum(w * m for w, m in zip(weights, model["mean"]))
    return [bias + sum(w * x for w, x in zip(weights, row)) for row in features(title, sentences)]


def features(title: str, sentences: list[Sentence]) -> list[list[float]]:
    """One row of FEATURES per sentence; the training script calls this too."""
    n = len(sentences)
    bags = [_terms(s.text) for s in sentences]
    sets = [set(b) for b in bags]
    spread = Counter(t for s in sets for t in s)  # in how many sentences each term occurs
    title_terms = set(_terms(title))
    first_terms = sets[0] if sets else set()
    centrality = [sum(spread[t] - 1 for t in s) / (len(s) + 1) for s in sets]
    coverage = [sum(spread[t] - 1 for t in s) for s in sets]
    tf = Counter(t for b in bags for t in b)
    top_tf = max(tf.values(), default=0) or 1
    # Classic word-frequency salience: the sum (and mean) of the sentence's term frequencies.
    frequency = [sum(tf[t] for t in b) / top_tf for b in bags]
    mean_frequency = [f / len(b) if b else 0.0 for f, b in zip(frequency, bags)]
    top_c, top_v = max(centrality, default=0) or 1, max(coverage, default=0) or 1
    top_f, top_m = max(frequency, default=0) or 1, max(mean_frequency, default=0) or 1
    similarity = document_similarity(bags)
    top_s = max(similarity, default=0) or 1
    rank = textrank(sets)
    top_r = max(rank, default=0) or 1
    # Where a sentence stands among its article's, whatever the article's length or vocabulary;
    # rounded so that float noise in equal ranks cannot reorder them.
    order = sorted(range(n), key=lambda i: (-round(rank[i], 9), i))
    rank_order = {i: k / max(n - 1, 1) for k, i in enumerate(order)}
    log_n = math.log(n)
    rows = []
    for i, s in enumerate(sentences):
        words = word_count(s.text)
        low = s.text.lower()
        tokens = _WORD.findall(low)
        first_word = tokens[0] if tokens else ""
        first_in_paragraph = i == 0 or sentences[i - 1].paragraph != s.paragraph
        rows.append([
            float(i == 0), float(i == 1), float(i == 2), 1 / (i + 1), i / max(n - 1, 1),
            float(first_in_paragraph), float(s.paragraph == 0), 1 / (s.paragraph + 1),
            math.log1p(words), float(words < 6), float(words > 40),
            len(title_terms & sets[i]) / len(title_terms) if title_terms else 0.0,
            centrality[i] / top_c, coverage[i] / top_v,
            len(first_terms & sets[i]) / len(first_terms) if i and first_terms else 0.0,
            float(any(q in s.text for q in ('"', "“", "”", "``", "''"))), float("?" in s.text),
            float(any(ch.isdigit() for ch in s.text)), float(any(t in FIRST_PERSON for t in tokens)),
            float(first_word in DANGLING), log_n, float(s.text[-1] not in _FINAL_MARKS),
            frequency[i] / top_f, mean_frequency[i] / top_m,
            similarity[i] / top_s, rank[i] / top_r, rank_order[i],
        ])  # fmt: skip
    return rows


def select_lead(
    scores: list[float],
    words: list[int],
    terms: list[frozenset],
    unfit: set[int] = frozenset(),
    summary_words: tuple[float, float] = (50.0, 0.0),
    dangling: set[int] = frozenset(),
) -> list[int]:
    """Indices, in article order, of the 1 to 3 sentences in 75 words with the best expected ROUGE F1."""
    ranked = sorted(range(len(scores)), key=lambda i: (-scores[i], i))
    fits = [i for i in ranked if 3 <= words[i] <= LEAD_MAX_WORDS]
    # A lead says what happened: an unattributed quotation or a subheading is not one of its sentences.
    pool = ([i for i in fits if i not in unfit] or fits)[:LEAD_CANDIDATES]
    if not pool:
        return [ranked[0]]  # every sentence is too long: the best one is cut to fit
    # Nor does it open on "He …" or "But …" whose antecedent it left out (7 % of dev leads did;
    # ruling them out cost 0.1 ROUGE-1), unless every candidate opens so.
    barred = set(dangling) if any(i not in dangling for i in pool) else set()
    # Expected F1 against a summary of the expected length: words of a summary-worthy sentence
    # match, and of the others only a share (OFF_SUMMARY_MATCH). A long expected summary favours
    # filling the 75 words; a short one favours the surest sentences. Every subset of the pool is
    # tried (at most 175): an exact knapsack, so an overflowing best three gives way to the best
    # set that fits rather than to a cut sentence.
    expected = max(summary_words[0] + summary_words[1] * sum(words), 10.0)  # a line fitted, kept positive
    gain = {i: (_sigmoid(scores[i]) * (1 - OFF_SUMMARY_MATCH) + OFF_SUMMARY_MATCH) * words[i] for i in pool}
    best, best_value = [pool[0]], -1.0
    for size in range(1, LEAD_MAX_SENTENCES + 1):
        for combo in itertools.combinations(pool, size):
            length = sum(words[i] for i in combo)
            if length > LEAD_MAX_WORDS or min(combo) in barred or _redundant(combo, terms):
                continue
            value = sum(gain[i] for i in combo) / (length + expected)
            if value > best_value:
                best, best_value = list(combo), value
    return sorted(best)


def _redundant(combo: tuple[int, ...], terms: list[frozenset]) -> bool:
    """Whether two sentences of a selection say mostly the same thing."""
    return any(_overlap(terms[a], terms[b]) > 0.6 for a, b in itertools.combinations(combo, 2))


def _overlap(a: frozenset, b: frozenset) -> float:
    """Share of the smaller term set found in the other."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _key_points(scores, words, terms, weak: set[int], taken: set[int]) -> list[int]:
    """3 to 5 short sentences, one from each stretch of the article after the lead."""
    rest = [i for i in range(len(scores)) if i not in taken and words[i] >= 4]
    total = sum(words)
    want = min(len(rest), 3 if total < 400 else 4 if total < 800 else 5)
    short = [i for i in rest if words[i] <= KEY_POINT_MAX_WORDS]
    chosen: list[int] = []
    # Best pools first; weaker ones only to reach the count.
    for pool in ([i for i in short if i not in weak], short, rest):
        for k in range(want):
            if len(chosen) >= want or not pool:
                break
            stretch = pool[k * len(pool) // want : (k + 1) * len(pool) // want] or pool
            for i in sorted(stretch, key=lambda i: (-scores[i], i)):
                if i not in chosen and not any(_overlap(terms[i], terms[j]) > 0.5 for j in [*taken, *chosen]):
                    chosen.append(i)
                    break
    return sorted(chosen)


def _body(mode, scores, words, terms, sentences, taken) -> tuple[tuple[BriefSentence, ...], ...]:
    """The body as paragraphs of sentences, in article order, for one body mode."""
    if mode == "none":
        return ()
    if mode == "full":
        picked = list(range(len(sentences)))
    elif mode == "excerpt":
        picked, count = [], 0
        for i, s in enumerate(sentences):
            if s.paragraph > 1 or (picked and count + words[i] > EXCERPT_MAX_WORDS):
                break
            if s.paragraph == 1 and count >= EXCERPT_MAX_WORDS // 2:
                break  # the first paragraph was long enough alone
            picked.append(i)
            count += words[i]
    else:  # condensed: the best third of the article, not repeating the lead
        target, count, picked = sum(words) / 3, 0, []
        for i in sorted(range(len(sentences)), key=lambda i: (-scores[i], i)):
            if count >= target:
                break
            if i in taken or words[i] < 4 or any(_overlap(terms[i], terms[j]) > 0.6 for j in picked):
                continue
            picked.append(i)
            count += words[i]
        picked.sort()
    return _paragraphs([sentences[i] for i in picked], mode != "full")


def _paragraphs(chosen: list[Sentence], rebreak: bool) -> tuple[tuple[BriefSentence, ...], ...]:
    """Group sentences by source paragraph; long runs from one paragraph are broken up."""
    out: list[list[BriefSentence]] = []
    last, count = -1, 0
    for s in chosen:
        n = word_count(s.text)
        if s.paragraph != last or (rebreak and count + n > BODY_PARAGRAPH_WORDS and count):
            out.append([])
            count = 0
        out[-1].append(_brief_sentence(s))
        last, count = s.paragraph, count + n
    return tuple(tuple(p) for p in out)


def _closing(scores, words, terms, sentences, taken, points, text) -> tuple[BriefSentence, ...]:
    """"In summary, …": the most central sentence outside the lead, in at most 80 words."""
    lead_text = {sentences[i].text for i in taken}
    room = CLOSING_MAX_WORDS - word_count(CLOSING_PREFIX)
    candidates = [
        i
        for i, s in enumerate(sentences)
        if i not in taken and s.text not in lead_text and 5 <= words[i] <= room
        and _opener(s.text) not in DANGLING and s.text[0] not in "\"“'`‘"
        and not any(_overlap(terms[i], terms[j]) > 0.6 for j in taken)
    ]  # fmt: skip
    # A sentence already among the key points is taken only when nothing else is left.
    candidates = [i for i in candidates if i not in points] or candidates
    if not candidates:
        return ()
    # Centrality counts twice the scorer here: a closing sums the article up rather than opens it.
    best = max(candidates, key=lambda i: (_sigmoid(scores[i]) + 2 * _centrality(terms, i), -i))
    s = sentences[best]
    body, lowered = s.text, is_lowercased(text)
    if lowered or not _is_name(body.split()[:2], text):
        body = body[0].lower() + body[1:]
    return (BriefSentence(CLOSING_PREFIX + body, Span(s.paragraph, s.start, s.end), "extractive"),)


def _is_name(opening: list[str], text: str) -> bool:
    """Whether a sentence's first word is a name: "I", an acronym, a word capitalised
    mid-sentence elsewhere, or one followed by another capitalised word ("Tom Aldous")."""
    word = opening[0].strip("\"“‘'`(")
    if word.lower() in COMMON_OPENERS:
        return False
    if word == "I" or sum(ch.isupper() for ch in word) > 1:
        return True
    if len(opening) > 1 and opening[1][:1].isupper():
        return True
    return re.search(rf"[a-z,;] {re.escape(word)}(?!\w)", text) is not None


def _centrality(terms: list[frozenset], i: int) -> float:
    """Mean overlap of one sentence with all the others."""
    others = [_overlap(terms[i], t) for j, t in enumerate(terms) if j != i]
    return sum(others) / len(others) if others else 0.0


def _bare_quote(text: str) -> bool:
    """A sentence that opens with a quotation and never says who speaks."""
    return text[:1] in "\"“‘'`" and not any(w in SPEECH_VERBS for w in _WORD.findall(text.lower()))


def _headings(sentences: list[Sentence], text: str) -> set[int]:
    """Sentences that are a whole paragraph with no final mark: subheadings ("Ballot next week")."""
    lengths = [len(p.rstrip()) for p in paragraphs(text)]
    return {
        i for i, s in enumerate(sentences)
        if s.start == 0 and s.end >= lengths[s.paragraph] and s.text.rstrip()[-1:] not in _FINAL_MARKS
    }  # fmt: skip


def _opener(text: str) -> str:
    """The first word of a sentence, lowercased and stripped of punctuation."""
    tokens = _WORD.findall(text[:40].lower())
    return tokens[0] if tokens else ""


def _brief_sentence(s: Sentence, words: int = 0, limit: int = 0) -> BriefSentence:
    """A brief sentence with its provenance; cut to `limit` words (with "…") when longer."""
    if not limit or words <= limit:
        return BriefSentence(s.text, Span(s.paragraph, s.start, s.end), "extractive")
    kept = s.text.split()
    n, cut = 0, len(kept)
    for k, token in enumerate(kept):
        n += any(ch.isalnum() for ch in token)
        if n > limit:
            cut = k
            break
    # The span stays the whole source sentence: the cut text is a prefix of it.
    return BriefSentence(" ".join(kept[:cut]) + " …", Span(s.paragraph, s.start, s.end), "extractive")


def _terms(text: str) -> list[str]:
    """Content words of a text, lowercased and lightly stemmed."""
    out = []
    for w in _WORD.findall(text.lower()):
        if w in STOPWORDS or len(w) < 2:
            continue
        if len(w) > 4 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]  # plural and third-person -s: enough stemming for overlap counts
        out.append(w)
    return out


def _sigmoid(x: float) -> float:
    """The logistic function."""
    return 1 / (1 + math.exp(-x))


def _regime(title: str) -> dict:
    """The weights for articles with a title, or for text without one."""
    return _model()["titled" if title.strip() else "untitled"]


@lru_cache(maxsize=1)
def _model() -> dict:
    """The shipped scorer weights (see bench/summarize/train.py), checked against FEATURES."""
    model = json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))
    if tuple(model["features"]) != FEATURES:
        raise RuntimeError(f"{WEIGHTS_PATH} was trained on other features; rerun bench/summarize/train.py")
    return model
