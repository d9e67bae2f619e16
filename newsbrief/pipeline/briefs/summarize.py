"""Extractive briefs: a learned sentence scorer picks the lead, key points, body and closing.

Every sentence is scored by a logistic regression over cheap features (position,
length, overlap with the title, word-frequency salience, TextRank centrality,
quotes …) whose weights ship in `data/sentence_scorer.json`; `bench/summarize/train.py`
rebuilds that file from the dev corpora. The lead is the set of at most 3 sentences
and 75 words with the best expected ROUGE F1 in which no two sentences say mostly the
same thing and none leans on one left out ("He said …"; lead.py). Then the closing (closing.py),
the key points and the condensed body, each saying nothing said above it on the page;
page residue (residue.py) is never taken, and a sentence printed out of the article's
flow is one that stands alone (standalone.py: no bare quotation, no "However," whose
sentence is left out). Everything
here is deterministic and offline; the optional LLM rewrite of the lead and closing
(`llm.rewrite`) is a later step of the pipeline (`pipeline/process.py`), never called here."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from newsbrief.pipeline.briefs.sentences import Sentence, is_lowercased, paragraphs, split_text
from newsbrief.pipeline.briefs import closing, residue, standalone
from newsbrief.pipeline.briefs.centrality import document_similarity, textrank
from newsbrief.pipeline.briefs.lead import LEAD_MAX_WORDS, SAME_TERMS, overlap, select_lead, sigmoid
from newsbrief.pipeline.language.labels import closing_prefix
from newsbrief.pipeline.language.words import count_words
from newsbrief.pipeline.types import Brief, BriefSentence, Span

WEIGHTS_PATH = Path(__file__).with_name("data") / "sentence_scorer.json"
BODY_MODES = ("full", "condensed", "excerpt", "none")
CLOSING_MAX_WORDS = 80
CLOSING_PREFIX = closing_prefix("en")  # English; a brief opens its closing with closing_prefix(its language)
EXCERPT_MAX_WORDS = 100  # "a paragraph or two": past this an excerpt stops adding sentences
BODY_PARAGRAPH_WORDS = 90  # a condensed paragraph drawn from one long source paragraph breaks here
KEY_POINT_MAX_WORDS = 30  # "short sentences"; longer ones are taken only when nothing else is left

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
_ANY_WORD = re.compile(r"\w+")  # words of any script, for telling two sentences that say the same apart
# Two sentences say the same thing past this share of the shorter one's words (SAME_TERMS, of content terms: lead.py).
SAME_WORDS = 0.7
_FINAL_MARKS = ".!?\"'”’)"  # the marks that end a sentence, possibly after a closing quote


def summarize(title: str, text: str, *, body_mode: str = "condensed", language: str = "en") -> Brief:
    """The brief of one article: lead, key points, body (per body_mode) and closing."""
    if body_mode not in BODY_MODES:
        raise ValueError(f"body_mode must be one of {', '.join(BODY_MODES)}, not {body_mode!r}")
    paras = paragraphs(text)
    # A video prompt or dateline opening a sentence is cut off it, and so is a summing-up
    # phrase ("In summary, …"): the closing prints its own, once.
    sentences = [closing.without_prefix(residue.trimmed(s, paras[s.paragraph]), paras[s.paragraph])
                 for s in split_text(text, language)]  # fmt: skip
    if not sentences:
        return Brief(lead=(), closing=(), method="extractive", notes=("the article has no text",), body_mode=body_mode)
    scores = score_sentences(title, sentences)
    terms = [frozenset(_terms(s.text)) for s in sentences]
    vocab = [frozenset(_ANY_WORD.findall(s.text.lower())) for s in sentences]
    words = [word_count(s.text) for s in sentences]
    furniture = {i for i, s in enumerate(sentences) if residue.is_residue(s.text)}
    weak = {i for i, s in enumerate(sentences) if standalone.is_bare_quote(s.text)} | _headings(sentences, text)
    # Each sentence as it reads out of the article's flow: without "However," or "But".
    alone = [standalone.without_connective(s, paras[s.paragraph]) for s in sentences]
    dangling = {i for i, s in enumerate(alone) if standalone.needs_antecedent(s.text)}
    # "It said …" may come into the lead together with the sentence it points to, the one right before it.
    joined = {i for i in dangling if i and sentences[i - 1].paragraph == sentences[i].paragraph}
    lead = select_lead(scores, words, terms, weak, _regime(title)["summary_words"], dangling, furniture, joined)
    if not lead:
        note = "the page holds no article prose, only page furniture (menus, prompts, credits)"
        return Brief(lead=(), closing=(), method="extractive", notes=(note,), body_mode=body_mode)
    taken = set(lead)
    # Key points and the closing stand alone: no residue, bare quotation, subheading,
    # "He said ..." whose "he" is elsewhere, or "'…,' he said." (the lead still may take
    # that one: keeping it out of the lead too cost 0.05 ROUGE-1 on BBC's tuning half).
    unfit = furniture | weak | dangling | {i for i, s in enumerate(alone) if standalone.speaker_points_back(s.text)}
    # Nor does a key point or a condensed body print a heading, teaser or caption (no final
    # mark), or the title again.
    title_words = frozenset(_ANY_WORD.findall(title.lower()))
    loose = {i for i, s in enumerate(sentences) if not standalone.is_complete(s.text)}
    loose |= {i for i in range(len(sentences)) if _share(vocab[i], title_words) > SAME_WORDS}
    prefix = closing_prefix(language)
    # The closing is chosen before the key points: on a short article they would leave it nothing.
    end = _closing(scores, words, terms, vocab, alone, taken, unfit, title, prefix)
    if end is not None:
        taken.add(end)
    # A key point states a fact: a question ("Why have some fans boycotted it?") is the body's to print.
    questions = {i for i, s in enumerate(sentences) if standalone.is_question(s.text)}
    points = _key_points(scores, words, terms, vocab, unfit | loose | questions, taken)
    printed = taken | set(points)
    keep_capital = end is not None and not is_lowercased(text) and _is_name(alone[end].text.split()[:2], text)
    # A lead sentence keeps its connective only right after the sentence it ties to.
    lead_forms = [sentences[i] if k and lead[k - 1] == i - 1 else alone[i] for k, i in enumerate(lead)]
    return Brief(
        lead=tuple(_brief_sentence(s, word_count(s.text), LEAD_MAX_WORDS) for s in lead_forms),
        key_points=tuple(_brief_sentence(alone[i]) for i in points),
        body=_body(body_mode, scores, words, terms, vocab, (sentences, alone), printed, furniture | loose),
        closing=() if end is None else (closing.closing_sentence(alone[end], prefix, keep_capital),),
        method="extractive",
        body_mode=body_mode,
    )


def word_count(text: str) -> int:
    """Words in a sentence: white-space tokens with a letter or digit (PTB's lone "," is no word),
    and one per two Chinese or Japanese characters (language/words.py)."""
    return count_words(text)


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


def _restates_title(own: frozenset, title: frozenset) -> bool:
    """Whether a sentence says the headline again: most of the title's terms (of three or more) in it."""
    return len(title) >= 3 and overlap(own, title) > SAME_TERMS


def _share(own: frozenset, other: frozenset) -> float:
    """Share of a sentence's terms found in another text (a sentence that is mostly the title)."""
    return len(own & other) / len(own) if own else 0.0


def _key_points(scores, words, terms, vocab, unfit: set[int], taken: set[int]) -> list[int]:
    """3 to 5 short sentences that stand alone, one from each stretch of the article after the lead."""
    rest = [i for i in range(len(scores)) if i not in taken and i not in unfit and words[i] >= 4]
    total = sum(words)
    want = min(len(rest), 3 if total < 400 else 4 if total < 800 else 5)
    short = [i for i in rest if words[i] <= KEY_POINT_MAX_WORDS]
    chosen: list[int] = []
    # Short ones first; longer ones only to reach the count.
    for pool in (short, rest):
        for k in range(want):
            if len(chosen) >= want or not pool:
                break
            stretch = pool[k * len(pool) // want : (k + 1) * len(pool) // want] or pool
            for i in sorted(stretch, key=lambda i: (-scores[i], i)):
                if i not in chosen and not _says_again(i, [*taken, *chosen], terms, vocab):
                    chosen.append(i)
                    break
    return sorted(chosen)


def _says_again(i: int, chosen, terms: list[frozenset], vocab: list[frozenset]) -> bool:
    """Whether sentence i says what one of the chosen sentences says: most terms or words in common."""
    return any(
        overlap(terms[i], terms[j]) > SAME_TERMS or overlap(vocab[i], vocab[j]) > SAME_WORDS for j in chosen
    )


def _body(mode, scores, words, terms, vocab, forms, printed, furniture) -> tuple[tuple[BriefSentence, ...], ...]:
    """The body as paragraphs of sentences, in article order, for one body mode.

    `forms`: the article's sentences, and each as it reads alone (without "However,")."""
    sentences, alone = forms
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
    else:  # condensed: the best third of the article, saying nothing the lead, key points or closing say
        target, count, picked = sum(words) / 3, 0, []
        for i in sorted(range(len(sentences)), key=lambda i: (-scores[i], i)):
            if count >= target:
                break
            if i in printed or i in furniture or words[i] < 4 or _says_again(i, [*printed, *picked], terms, vocab):
                continue
            picked.append(i)
            count += words[i]
        picked.sort()
        # A condensed body leaves sentences out: one whose neighbour went keeps no "However,".
        chosen = [sentences[i] if k and picked[k - 1] == i - 1 else alone[i] for k, i in enumerate(picked)]
        return _paragraphs(chosen, True)
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


def _closing(scores, words, terms, vocab, sentences, printed, unfit, title, prefix) -> int | None:
    """The index of the closing's sentence (see closing.py), or None when no sentence qualifies."""
    room = CLOSING_MAX_WORDS - word_count(prefix)
    title_terms = frozenset(_terms(title))
    candidates = [
        i
        for i, s in enumerate(sentences)
        if i not in printed and i not in unfit and s.text[0] not in standalone.OPENING_QUOTES
        and closing.qualifies(s, words[i], room) and not _restates_title(terms[i], title_terms)
        and not _says_again(i, printed, terms, vocab)
    ]  # fmt: skip
    # Centrality counts twice the scorer here: a closing sums the article up rather than opens it.
    value = {i: sigmoid(scores[i]) + 2 * _centrality(terms, i) for i in candidates}
    for i in sorted(candidates, key=lambda i: (-value[i], i)):
        # A sentence the page prints twice (a pull quote, a teaser) is no summing-up.
        if not any(overlap(vocab[i], vocab[j]) > SAME_WORDS for j in range(len(sentences)) if j != i):
            return i
    return None


def _is_name(opening: list[str], text: str) -> bool:
    """Whether a sentence's first word is a name: "I", an acronym, a word capitalised
    mid-sentence elsewhere, or one followed by another capitalised word ("Tom Aldous")."""
    # Punctuation after the word ("High, the union's referees' manager") is no part of the name.
    word = opening[0].strip("\"“‘'`(").rstrip(",;:.!?”’\")")
    if word.lower() in COMMON_OPENERS:
        return False
    if word == "I" or sum(ch.isupper() for ch in word) > 1:
        return True
    if len(opening) > 1 and opening[1][:1].isupper():
        return True
    return re.search(rf"[a-z,;] {re.escape(word)}(?!\w)", text) is not None


def _centrality(terms: list[frozenset], i: int) -> float:
    """Mean overlap of one sentence with all the others."""
    others = [overlap(terms[i], t) for j, t in enumerate(terms) if j != i]
    return sum(others) / len(others) if others else 0.0


def _headings(sentences: list[Sentence], text: str) -> set[int]:
    """Sentences that are a whole paragraph or line with no final mark: subheadings ("Ballot next week"), captions."""
    paras = paragraphs(text)
    return {
        i for i, s in enumerate(sentences)
        if s.text.rstrip()[-1:] not in _FINAL_MARKS and _whole_line(paras[s.paragraph], s.start, s.end)
    }  # fmt: skip


def _whole_line(para: str, start: int, end: int) -> bool:
    """Whether para[start:end] is a whole line of the paragraph, white space aside."""
    return not para[:start].rpartition("\n")[2].strip() and not para[end:].partition("\n")[0].strip()


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
