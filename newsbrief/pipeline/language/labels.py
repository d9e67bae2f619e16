"""The few words a brief prints itself, in the article's language."""

from __future__ import annotations

# The closing's opening words, each as a writer of the language would open a summing-up
# sentence. Chosen to be rare at the start of an ordinary paragraph ("Вкратце:" rather than
# "Итак,"), because the text layout tells the closing from the body by them.
CLOSING_PREFIXES = {
    "en": "In summary, ",
    "de": "Zusammengefasst: ",
    "fr": "En résumé, ",
    "es": "En resumen, ",
    "it": "In sintesi, ",
    "pt": "Em resumo, ",
    "nl": "Samengevat: ",
    "sv": "Sammanfattningsvis: ",
    "da": "Sammenfattende: ",
    "no": "Oppsummert: ",
    "nb": "Oppsummert: ",
    "fi": "Yhteenvetona: ",
    "pl": "Podsumowując: ",
    "cs": "Shrnuto: ",
    "ru": "Вкратце: ",
    "uk": "Коротко: ",
    "tr": "Özetle, ",
    "ar": "باختصار، ",
    "ja": "まとめると、",
    "zh": "总之，",
    "ko": "요약하면, ",
}
# A language without its words gets this marker: no language's words are better than the wrong one's.
NEUTRAL_PREFIX = "→ "
_PREFIXES = tuple(sorted({*CLOSING_PREFIXES.values(), NEUTRAL_PREFIX}, key=len, reverse=True))


def closing_prefix(language: str) -> str:
    """The words that open a brief's closing in this language ("In summary, " in English; NEUTRAL_PREFIX if none)."""
    base = (language or "en").replace("_", "-").split("-")[0].lower()
    return CLOSING_PREFIXES.get(base, NEUTRAL_PREFIX)


def opens_closing(paragraph: str) -> bool:
    """Whether a paragraph opens with a closing's words, in any language labelled here, or the neutral marker."""
    return any(paragraph.startswith(prefix.rstrip()) for prefix in _PREFIXES)


def without_closing_prefix(sentence: str) -> str:
    """The sentence without closing words it already opens with, in any case ("In summary, the …" → "the …")."""
    for prefix in _PREFIXES:
        words = prefix.rstrip()
        if sentence[: len(words)].casefold() == words.casefold():
            return sentence[len(words) :].lstrip()
    return sentence

