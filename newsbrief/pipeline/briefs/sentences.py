"""Sentence segmentation for news text: each sentence with its paragraph and character span.

Rules, in the order they are applied to a paragraph:

- a dateline at the start of the article ("WASHINGTON (Reuters) —", "( cnn )") is
  left out of the first sentence's span;
- a paragraph holding a bullet list is cut into its lines first, bullet marks left out;
- a boundary is a run of `.`, `!`, `?` or `…`, with any closing quotes or brackets,
  followed by white space (PTB text puts a space before the mark: `said . the`);
- no boundary inside a short quotation (quotes within quotes included), after a
  title (`Mr.`, `Gen.`), or after an abbreviation (`U.S.`, `a.m.`, `Inc.`, an
  initial) unless a word that usually opens a sentence follows;
- in cased text, no boundary before a lowercase word;
- `!"` or `?"` followed by `he said` (or `! '' he said` in PTB text) stays one sentence.

Per language (the article's, an ISO 639 code):

- Chinese and Japanese end a sentence with `。`, `！` or `？` with no space after it;
  a quotation closed after the mark (`。」`, `。”`) and followed by a short tail up to the
  next mark (`と述べた。`, `他说。`) stays one sentence with that tail;
- Arabic `؟` and Devanagari `।` end a sentence as `?` and `.` do;
- where a period after a number makes it an ordinal (German "am 19. Januar", "zum
  3. Mal", and the other languages of ORDINAL_LANGUAGES), a number of up to three
  digits followed by a period ends a sentence only when a stop word of the language
  follows it ("… stieg auf 19. Der Bürgermeister …"); so does an abbreviation of
  the language ("ca. 200", "z. B.", "Mio. Euro").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbrief.pipeline.language.stopwords import stop_words


@dataclass(frozen=True)
class Sentence:
    """One sentence: its text with white space collapsed, its paragraph and span."""

    text: str
    paragraph: int  # index into paragraphs(text), the same list as Article.paragraphs
    start: int  # character offsets into that paragraph
    end: int


# Titles stand before a name, so a period after one never ends a sentence.
TITLES = frozenset(
    "mr mrs ms messrs mme dr prof gen gov sen sens rep reps lt col sgt capt cmdr adm maj brig "
    "cpl pvt rev fr hon pres supt insp det st mt ft atty amb asst lieut".split()
)
# Abbreviations that may end a sentence: they end one only when a sentence opener follows.
ABBREVIATIONS = frozenset(
    "inc corp co ltd plc llc bros jr sr vs etc al approx est dept univ ave blvd rd hwy no nos vol "
    "pp fig jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs "
    "fri sat sun ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich "
    "minn miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo".split()
)
# Before a digit these abbreviations never end a sentence ("No. 1", "Jan. 5").
NUMBER_ABBREVIATIONS = frozenset(
    "no nos vol pp fig art sec ch op jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
TIME_ABBREVIATIONS = frozenset({"a.m", "p.m"})
# What may follow "9 a.m." without opening a new sentence.
TIME_FOLLOWERS = frozenset(
    "et est edt gmt utc bst cet pt pst pdt ct cst cdt mt mst mdt local eastern pacific central "
    "mountain monday tuesday wednesday thursday friday saturday sunday today tomorrow".split()
)
# Words that usually open a sentence: after an abbreviation they mark a boundary.
STARTERS = frozenset(
    "the a an he she it they we i you this that these those there his her its their our my "
    "but and so yet however meanwhile in on at for after before when while if as since "
    "although though now then still also instead what who why how where".split()
)
# In lowercased text prepositions and conjunctions are too often mid-sentence ("8 p.m. on sundays").
LOWERED_STARTERS = STARTERS - frozenset(
    "in on at for after before when while if as since now then still also what who why how where "
    "and so yet that".split()
)
# Languages that write ordinal numbers with a period: "am 19. Januar" (German), "3. maj" (Danish).
ORDINAL_LANGUAGES = frozenset("de lb da no nb nn fi is fo cs sk sl hr sr bs pl hu tr et lv".split())
# Abbreviations of those languages that rarely end a sentence (lowercased, without the period).
LANGUAGE_ABBREVIATIONS = {
    "de": frozenset(
        "bzw ca ggf ggfs inkl evtl usw vgl nr str mio mrd tsd bspw sog ggü abs jh jhd hr mind max min zzgl".split()
    ),
}
# Chinese and Japanese: a full stop, exclamation or question mark, with any closing quotes or
# brackets, ends a sentence with no space after it.
_CJK_BOUNDARY = re.compile(r"[。！？]+[」』”’\"）】〕》〉]*")
_CJK_CLOSERS = "」』”’\"）】〕》〉"
_CJK_MARK = re.compile(r"[。！？]")
# A tail this short after a closed quotation ("と述べた。", "他说。") is its attribution.
CJK_ATTRIBUTION_CHARS = 10
SPEECH_VERBS = frozenset(
    "said says asked asks added adds told tells shouted yelled cried replied insisted wrote "
    "writes explained recalled screamed whispered".split()
)

_BOUNDARY = re.compile(r"""(?:\.{3}|…|[.!?؟।]+)(?:\s?(?:''|'(?=\s|$))|["”’)\]»])*(?=\s|$)""")
_BULLET = re.compile(r"[ \t]*(?:[-*•·▪–—]|\d{1,2}[.)])[ \t]+")
_QUOTE = re.compile(r"``|''|[“”\"「」『』]")
_OPENERS = "\"'`“‘([«"
_AGENCIES = r"cnn|hln|reuters|ap|afp|upi|bloomberg|xinhua|dpa|efe|ansa|pti|ians|aap|bbc|nbc|abc|cbs|ctv|cp"
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# A dateline: a place in capitals, maybe a date, maybe an agency in brackets, then a dash;
# or anything short followed by a known agency in brackets ("nairobi , kenya ( cnn )", "Hong Kong (CNN Business)").
_DATELINE = re.compile(
    rf"""\s*(?:
        (?:[^\s()][^()\n.!?]{{0,40}}?\s*)?\(\s*(?i:{_AGENCIES})(?:\s+[A-Za-z]+)?\s*\)\s*(?:--|[-—–:])?
      | [A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+)*
        (?:\s*,\s*[A-Z][A-Za-z.]*(?:\s[A-Z][A-Za-z.]*)?)?
        (?:\s*,\s*(?i:{_MONTH})\s+\d{{1,2}}(?:,\s*\d{{4}})?)?
        \s*(?:\([^()\n]{{1,30}}\)\s*(?:--|[-—–:])?|(?:--|[—–]|\s-))
    )\s*""",
    re.X,
)
# Text is hard-wrapped at 72 to 80 characters, rarely wider: longer lines were never wrapped.
WRAP_WIDTH = 100
# Quotations longer than this (characters) are split inside: they are whole paragraphs of speech.
MAX_QUOTE = 400


def paragraphs(text: str) -> list[str]:
    """The text's non-empty paragraphs, exactly as Article.paragraphs lists them."""
    return [p for p in text.split("\n\n") if p.strip()]


def is_lowercased(text: str) -> bool:
    """True for text with (almost) no capital letters, such as lowercased PTB corpora."""
    sample = text[:4000]
    letters, upper = sum(map(str.isalpha, sample)), sum(map(str.isupper, sample))
    # Ordinary English has 2-5 % capitals; under 0.5 % means the casing carries no signal.
    return letters > 0 and upper < 0.005 * letters


def split_text(text: str, language: str = "") -> list[Sentence]:
    """Every sentence of a text in `language` (an ISO 639 code; "" for English rules) whose paragraphs are separated by a blank line."""
    lowered = is_lowercased(text)
    out: list[Sentence] = []
    for index, para in enumerate(paragraphs(text)):
        for start, end in split_paragraph(para, lowered=lowered, dateline=index == 0, language=language):
            out.append(Sentence(" ".join(para[start:end].split()), index, start, end))
    return out


def split_paragraph(
    para: str, *, lowered: bool = False, dateline: bool = False, language: str = ""
) -> list[tuple[int, int]]:
    """Character spans of the sentences of one paragraph in `language`."""
    lines = _lines(para)
    spans: list[tuple[int, int]] = []
    for n, (start, end) in enumerate(lines):
        if dateline and n == 0:
            m = _DATELINE.match(para, start, end)
            if m and m.end() < end and re.search(r"\w", para[m.end() : end]):
                start = m.end()
        spans.extend(_split_block(para, start, end, lowered, language))
    return spans


def _lines(para: str) -> list[tuple[int, int]]:
    """The paragraph as one block, or one block per line when it holds a bullet list, cut after a caption line."""
    if "\n" not in para:
        return [(0, len(para))]
    if not any(_BULLET.match(line) for line in para.split("\n")):
        return _cut_after_captions(para)
    blocks, pos = [], 0
    for line in para.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        m = _BULLET.match(para, start, end)
        if m:
            start = m.end()
        if para[start:end].strip():
            blocks.append((start, end))
    return blocks


def _cut_after_captions(para: str) -> list[tuple[int, int]]:
    """Blocks of a paragraph cut after each line that ends without a mark where a new sentence starts.

    A caption or heading on its own line ("Arron Cutugno with his daughter") would
    otherwise run into the sentence below it. A hard-wrapped line also ends without a
    mark, but it fills a width of at most WRAP_WIDTH: in a paragraph wrapped that
    narrow, only a line shorter than 3/4 of the longest is cut.
    """
    lines = para.split("\n")
    width = max(len(line.rstrip()) for line in lines)
    blocks, start, pos = [], 0, 0
    for line, after in zip(lines, lines[1:]):
        pos += len(line) + 1
        text, following = line.rstrip(), after.lstrip()
        if (
            text
            and text[-1] not in ".!?…:;,\"'”’»)"
            and following[:1].isupper()
            and (width > WRAP_WIDTH or len(text) < 0.75 * width)
        ):
            blocks.append((start, pos - 1))
            start = pos
    blocks.append((start, len(para)))
    return blocks


def _split_block(text: str, start: int, end: int, lowered: bool, language: str) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], trimmed of white space."""
    quoted = _quoted_regions(text, start, end)
    cuts = [start]
    for m in _BOUNDARY.finditer(text, start, end):
        cut = m.end()
        if any(a < m.start() and cut < b for a, b in quoted):
            continue
        if _is_boundary(text, m.start(), cut, end, lowered, language):
            cuts.append(cut)
    for m in _CJK_BOUNDARY.finditer(text, start, end):
        if _is_cjk_boundary(text, m.start(), m.end(), end, quoted):
            cuts.append(m.end())
    cuts = sorted(set(cuts))
    cuts.append(end)
    spans = []
    for a, b in zip(cuts, cuts[1:]):
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a >= b:
            continue
        if spans and not any(ch.isalnum() for ch in text[a:b]):
            spans[-1] = (spans[-1][0], b)  # a stray "." or "''" belongs to the sentence before
        else:
            spans.append((a, b))
    return spans


def _quoted_regions(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of short, closed double quotations; no boundary falls inside one."""
    regions, open_at = [], -1
    for m in _QUOTE.finditer(text, start, end):
        q, at = m.group(), m.start()
        if q == '"':  # a straight quote opens after a space and closes after a word
            before = text[at - 1] if at > start else " "
            opening = before.isspace() or before in "([{—–-"
        else:
            opening = q in ("``", "“", "「", "『")
        if opening:
            open_at = at  # an earlier quote left open (a quote running on) is dropped
        elif open_at >= 0:
            if m.end() - open_at <= MAX_QUOTE:
                regions.append((open_at, m.end()))
            open_at = -1
    return regions


def _is_cjk_boundary(text: str, mark: int, cut: int, end: int, quoted: list[tuple[int, int]]) -> bool:
    """Whether a Chinese or Japanese mark at text[mark:cut] ends a sentence."""
    if cut >= end or any(a < mark and cut < b for a, b in quoted):
        return False
    if text[cut - 1] in _CJK_CLOSERS:
        nxt = _CJK_MARK.search(text, cut, end)
        tail = text[cut : nxt.start() if nxt else end]
        if len(tail.strip()) <= CJK_ATTRIBUTION_CHARS and not any(ch in tail for ch in "「『“\""):
            return False  # 「行こう。」と彼は言った。: the quotation and its attribution are one sentence
    return True


def _is_boundary(text: str, mark: int, cut: int, end: int, lowered: bool, language: str = "") -> bool:
    """Whether the mark at text[mark:cut] ends a sentence of a text in `language`."""
    if cut >= end:
        return False
    nxt = _next_word(text, cut, end)
    if not nxt:
        return False
    word = nxt.lstrip(_OPENERS)
    first = word[:1]
    terminator = text[mark:cut].rstrip("'\"”’)]» ")
    if not lowered and first.islower():
        return False  # "Stop!" he said. / "the U.S. and" / "etc. and more"
    if terminator in ("!", "?", "?!", "!?") or "?" in terminator or "!" in terminator:
        if terminator != text[mark:cut].strip():
            return not _speech_follows(text, cut, end)  # "Stop!" Officer Reyes said.
        return True
    if terminator not in (".",):
        return True  # an ellipsis before a capital, or several periods
    prev = _prev_word(text, mark)
    low = prev.lower()
    if low in TITLES:
        return False
    if language in ORDINAL_LANGUAGES and (
        re.fullmatch(r"\d{1,3}", prev) or low in LANGUAGE_ABBREVIATIONS.get(language, ())
    ):
        # "am 19. Januar", "ca. 200 Menschen": only a function word opens a sentence after one.
        return word.lower().rstrip(",;:") in stop_words(language)
    initial = len(low) == 1 and low.isalpha()
    if first.isdigit() and (low in NUMBER_ABBREVIATIONS or initial):
        return False
    starter = word.lower().rstrip(",;:") in (LOWERED_STARTERS if lowered else STARTERS)
    if low in TIME_ABBREVIATIONS:
        if lowered:
            return starter
        return first.isupper() and word.lower().strip(".,") not in TIME_FOLLOWERS
    if low in ABBREVIATIONS or initial or re.fullmatch(r"(?:[a-z]{1,2}\.)+[a-z]{1,2}", low):
        return starter
    return True


def _prev_word(text: str, mark: int) -> str:
    """The word before a mark, with PTB's space before the mark skipped."""
    i = mark - 1 if mark > 0 and text[mark - 1] == " " else mark
    j = i
    while j > 0 and not text[j - 1].isspace():
        j -= 1
    return text[j:i].lstrip(_OPENERS)


def _next_word(text: str, cut: int, end: int) -> str:
    """The next word after a candidate boundary, PTB opening quotes and brackets skipped."""
    words = text[cut : min(end, cut + 60)].split()
    for w in words:
        if w.strip(_OPENERS):
            return w
    return ""


def _speech_follows(text: str, cut: int, end: int) -> bool:
    """True when one of the next three words is a speech verb (`! '' he said`)."""
    return any(w.strip(",.") in SPEECH_VERBS for w in text[cut : min(end, cut + 60)].split()[:3])
