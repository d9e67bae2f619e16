"""How many words a text has, in scripts written with spaces between words and in those without.

Chinese and Japanese put no spaces between words. A word there is about two
characters (the mean length of a Chinese word in running text is 1.5 to 2), so a
run of those characters counts one word per two, rounded up; everything else
counts by white-space tokens that hold a letter or a digit (a lone "," or "—" is no word).
"""

from __future__ import annotations

import re

# Han ideographs (with extension A and compatibility forms), hiragana and katakana.
UNSPACED = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NO_WORD = re.compile(r"(?<!\S)(?:[^\w\s]|_)+(?!\S)")  # a token without a letter or digit


def count_words(text: str) -> int:
    """Words in a text: spaced tokens with a letter or digit, plus one per two Chinese or Japanese characters."""
    if not UNSPACED.search(text):
        return len(text.split()) - len(_NO_WORD.findall(text))
    rest, unspaced = UNSPACED.subn(" ", text)
    return len(rest.split()) - len(_NO_WORD.findall(rest)) + (unspaced + 1) // 2

