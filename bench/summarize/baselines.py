"""LexRank and TextRank baselines (sumy) fed newsbrief's own sentences, so no NLTK data is needed."""

from __future__ import annotations

import re
from functools import lru_cache

from newsbrief.pipeline.briefs.sentences import split_text

_WORD = re.compile(r"\w+(?:'\w+)?")


class _Tokenizer:
    """sumy's tokenizer interface over newsbrief's splitter and a plain word regex."""

    language = "english"

    def to_sentences(self, paragraph: str) -> tuple[str, ...]:
        """Sentences of one paragraph."""
        return tuple(s.text for s in split_text(paragraph))

    def to_words(self, sentence: str) -> tuple[str, ...]:
        """Words of one sentence."""
        return tuple(_WORD.findall(sentence))


@lru_cache(maxsize=None)
def _summarizer(kind: str):
    """A sumy summarizer with the English Snowball stemmer and sumy's shipped stop words."""
    from sumy.nlp.stemmers import Stemmer
    from sumy.summarizers.lex_rank import LexRankSummarizer
    from sumy.summarizers.text_rank import TextRankSummarizer
    from sumy.utils import get_stop_words

    summarizer = (LexRankSummarizer if kind == "lexrank" else TextRankSummarizer)(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    return summarizer


def _document(text: str):
    """A sumy document built from newsbrief's paragraphs and sentences."""
    from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence

    tokenizer = _Tokenizer()
    paras: dict[int, list] = {}
    for s in split_text(text):
        paras.setdefault(s.paragraph, []).append(Sentence(s.text, tokenizer))
    return ObjectDocumentModel([Paragraph(sentences) for _, sentences in sorted(paras.items())])


def lexrank(text: str, count: int) -> list[str]:
    """LexRank's top `count` sentences, in article order."""
    return [str(s) for s in _summarizer("lexrank")(_document(text), count)]


def textrank(text: str, count: int) -> list[str]:
    """TextRank's top `count` sentences, in article order."""
    return [str(s) for s in _summarizer("textrank")(_document(text), count)]


def textrank_capped(text: str, count: int, max_words: int) -> list[str]:
    """TextRank held to the lead's limits: its best sentences, in rank order, that fit in max_words."""
    from newsbrief.pipeline.briefs.summarize import word_count

    document = _document(text)
    ratings = _summarizer("textrank").rate_sentences(document)
    order = {s: k for k, s in enumerate(document.sentences)}
    chosen, used = [], 0
    for s in sorted(document.sentences, key=lambda s: (-ratings[s], order[s])):
        n = word_count(str(s))
        if len(chosen) < count and used + n <= max_words:
            chosen.append(s)
            used += n
    return [str(s) for s in sorted(chosen, key=order.get)]
