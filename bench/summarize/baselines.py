"""LexRank and TextRank baselines (sumy) fed newsbrief's own sentences, so no NLTK data is needed."""

from __future__ import annotations

import re
from functools import lru_cache

from newsbrief.pipeline.sentences import split_text

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
