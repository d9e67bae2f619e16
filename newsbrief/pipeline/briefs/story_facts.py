"""What one sentence of a story's coverage says, in signatures outlets can be compared by.

Three kinds, each cheap to compute from the sentence alone (no parse):

- its content terms: lowercased words less stop words, lightly stemmed, to tell
  two outlets' sentences that state one fact from two that state two;
- its figures: a number (digits or a number word, "1,200", "3.5 million", "40 %")
  with the thing it counts ("127 people were killed" counts the dead; so does
  "the death toll rose to 130"), so that outlets reporting different figures for
  one thing can be shown side by side;
- its dates, each with the action it dates ("collapsed on Tuesday", "the vote on
  3 March"), as figures whose thing is "collapsed on (day)" or "vote on (date)", so
  that outlets giving different dates for one thing are shown side by side too;
- its quotations of four words or more, normalised, so that one quote carried by
  several outlets is recognised.

Years, clock times, ordinals, ages ("a 38-year-old"), numbers inside names ("Route 52")
and inside addresses or ids (a URL, a seven-digit number) are no figures.
A date that dates a statement ("officials said on Tuesday") is no date of the event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbrief.pipeline.briefs.summarize import STOPWORDS

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ANY_WORD = re.compile(r"\w+")
# A number and what follows it, as tokens: the thing it counts is looked for around it.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?%?|[A-Za-z]+(?:['’][a-z]+)?|[%$€£:]")
_ADDRESS = re.compile(r"https?://\S+|www\.\S+|\S+\.(?:com|org|net|html?|php|aspx?)\b\S*", re.I)
CLOCK_WORDS = frozenset("am pm gmt utc bst cet est edt pst pdt et".split())
AGE_WORDS = frozenset("old ago".split())  # "a 38-year-old", "two weeks ago": an age or a time, not a count
MAX_COUNT_DIGITS = 6  # a longer number written without separators is an id or a code, not a count
_QUOTE = re.compile(r"\"([^\"]{1,400})\"|“([^”]{1,400})”|‘([^’]{1,400})’")
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
}  # fmt: skip
SCALES = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "m": 1_000_000, "bn": 1_000_000_000}
MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
# Words between a number and the thing it counts, or before it, that are not the thing.
FILLERS = frozenset(
    "more than other additional confirmed new reported estimated about least some separate around nearly "
    "almost over under up to of rose risen climbed reached increased jumped fell stood totalled totaled hit "
    "now was were is are has have had been at by from per cent percent another further".split()
)
# Many words for one thing: the dead, the injured … counted under one name.
THINGS = {
    "dead": "dead", "death": "dead", "killed": "dead", "died": "dead", "fatality": "dead",
    "toll": "dead", "body": "dead", "live": "dead",
    "injured": "injured", "wounded": "injured", "injury": "injured", "hurt": "injured",
    "missing": "missing", "arrested": "arrested", "arrest": "arrested", "detained": "arrested",
    "evacuated": "evacuated", "rescued": "rescued", "survivor": "rescued",
}  # fmt: skip
# Nouns that count anyone: the thing is then what happened to them, a few words on.
GENERIC = frozenset("people person men women children resident passenger worker victim other civilian".split())
THING_REACH = 5  # how many words after "people" may say what happened to them
MIN_QUOTE_WORDS = 4
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")  # fmt: skip
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|" \
         r"Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"  # fmt: skip
_DATE = re.compile(
    rf"\b(?P<weekday>{'|'.join(WEEKDAYS)})\b"
    rf"|\b(?P<month>{_MONTH})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
    rf"|\b(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_MONTH})(?![a-z])"
)
# Verbs of saying: a date next to one dates the statement, not the event.
SAYING = frozenset("said says told announced reported added confirmed stated wrote according declared".split())
# Past forms that end in no -ed, for the action a date dates.
PAST_FORMS = frozenset(
    "met held began begun fell broke broken struck hit took taken won lost rose shut left came went gave given made "
    "sank sunk burnt burned caught built sold bought found ran set sent spent stood fought flew blew froze".split()
)
DATE_REACH = 6  # words either side of a date looked through for the action it dates


@dataclass(frozen=True)
class Figure:
    """A number in a sentence and the thing it counts: value "130", thing "dead"."""

    value: str
    thing: str


def terms(text: str) -> frozenset[str]:
    """A sentence's content terms: lowercased words less stop words, plural -s dropped."""
    out = set()
    for w in _WORD.findall(text.lower()):
        if w in STOPWORDS or len(w) < 2 or w.isdigit():
            continue
        out.add(stem(w))
    return frozenset(out)


def stem(word: str) -> str:
    """Plural and third-person -s off a word ("ferries" → "ferry"): enough stemming for overlap counts."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else word


def term_overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the smaller term set found in the other."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def word_overlap(a: str, b: str) -> float:
    """Share of the distinct words of the shorter text found in the other (the redundancy measure)."""
    x, y = set(_ANY_WORD.findall(a.lower())), set(_ANY_WORD.findall(b.lower()))
    return len(x & y) / min(len(x), len(y)) if x and y else 0.0


def quotes(text: str) -> list[str]:
    """The quotations of four words or more in a sentence, normalised: lowercased, spaces and edge marks trimmed."""
    found = []
    for groups in _QUOTE.findall(text):
        quoted = " ".join(next(g for g in groups if g).lower().split()).strip(" ,.;:!?")
        if len(quoted.split()) >= MIN_QUOTE_WORDS:
            found.append(quoted)
    return found


def figures(text: str) -> list[Figure]:
    """The figures of a sentence: each number with the thing it counts, where one is found."""
    tokens = _TOKEN.findall(_ADDRESS.sub(" ", text))
    lows = [t.lower() for t in tokens]
    # Words capitalised inside the sentence are names: "5 Yemeni", "47 AK" count no thing.
    named = {low for k, (t, low) in enumerate(zip(tokens, lows)) if k and t[:1].isupper()}
    out = []
    for i, token in enumerate(tokens):
        value = _value(tokens, lows, i)
        if value is None:
            continue
        thing = _thing(lows, i, named)
        if thing:
            out.append(Figure(value, thing))
    return out


def _value(tokens: list[str], lows: list[str], i: int) -> str | None:
    """The number token i stands for, normalised ("1,200" → "1200", "3.5 million" → "3500000"), or None."""
    low = lows[i]
    if low in NUMBER_WORDS:
        number = float(NUMBER_WORDS[low])
    elif low[:1].isdigit():
        if low.endswith(("st", "nd", "rd", "th")):
            return None  # an ordinal: "the 3rd day"
        digits = low.rstrip("%").replace(",", "")
        try:
            number = float(digits)
        except ValueError:
            return None  # "1.2.3": a version or a date, not a count
        before = lows[i - 1] if i else ""
        after = lows[i + 1] if i + 1 < len(lows) else ""
        if after == ":" or before == ":" or after in CLOCK_WORDS or (
                after in ("a", "p") and i + 2 < len(lows) and lows[i + 2] == "m"):
            return None  # a clock time
        if low.isdigit() and len(low) > MAX_COUNT_DIGITS:
            return None  # an id or a code
        if before in MONTHS or after in MONTHS:
            return None  # a date: "March 3", "3 March"
        if low.isdigit() and len(low) == 4 and 1800 <= number <= 2100:
            return None  # a year
        if i and tokens[i - 1][:1].isupper() and before not in NUMBER_WORDS and i > 1:
            return None  # part of a name: "Route 52", "Flight 370"
    else:
        return None
    scale = SCALES.get(lows[i + 1], 1) if i + 1 < len(lows) else 1
    number *= scale
    text = f"{number:.10g}"
    return text + "%" if low.endswith("%") or (i + 1 < len(lows) and lows[i + 1] in ("%", "percent")) else text


def _thing(lows: list[str], i: int, named: set[str]) -> str:
    """The thing the number at i counts: the first noun after it, or the one before ("the toll rose to 130");
    "" where that word is a name."""
    after = [w for w in lows[i + 1 : i + 1 + THING_REACH + 3] if w not in FILLERS and w not in SCALES and w != "%"]
    if len(after) > 1 and after[1] in AGE_WORDS:
        return ""  # an age, or how long ago
    if after and after[0] in named:
        return ""
    if after and _word(after[0]) and after[0] not in STOPWORDS:
        head = stem(after[0])
        if head in GENERIC:
            named = next((THINGS[stem(w)] for w in after[1 : THING_REACH + 1] if stem(w) in THINGS), "")
            return named or head
        return THINGS.get(head, head)
    for w in reversed(lows[max(0, i - 4) : i]):
        if w in FILLERS or not _word(w):
            continue
        if w in STOPWORDS or w in named:
            return ""
        return THINGS.get(stem(w), stem(w))
    return ""


def _word(token: str) -> bool:
    """Whether a token is a word of letters (not a number, mark or currency sign)."""
    return token[:1].isalpha()


def dates(text: str) -> list[Figure]:
    """The dates of a sentence, each as a figure: value "Tuesday" or "3 March", thing "collapsed on (day)" or
    "collapsed on (date)" (the action it dates: the nearest past form before it, else after it, else the nearest
    noun before it). A date next to a verb of saying, or with no action found, is left out."""
    out = []
    for m in _DATE.finditer(text):
        if m.group("weekday"):
            value, kind = m.group("weekday"), "day"
        else:
            month, day = (m.group("month"), m.group("day")) if m.group("month") else (m.group("month2"), m.group("day2"))
            number = int(day)
            if not 1 <= number <= 31:
                continue
            value, kind = f"{number} {_month_name(month)}", "date"
        action = _action(text[: m.start()], text[m.end() :])
        if action:
            out.append(Figure(value, f"{action} on ({kind})"))
    return out


def label(value: str, thing: str) -> str:
    """A figure as a reader meets it: "130 dead", "collapsed on Tuesday"."""
    for kind in ("(day)", "(date)"):
        if thing.endswith(kind):
            return thing.removesuffix(kind) + value
    return f"{value} {thing}"


def _month_name(written: str) -> str:
    """The month's full name from how it was written ("Sept.", "mar" → "September", "March")."""
    prefix = written.rstrip(".").lower()[:3]
    return next(name for name in MONTH_NAMES if name.lower().startswith(prefix))


def _action(before: str, after: str) -> str:
    """The action a date dates, from the words around it (see `dates`); "" for a date of a statement or of nothing."""
    back = [w.lower() for w in _WORD_OR_MARK.findall(before)][-DATE_REACH:]
    ahead = [w.lower() for w in _WORD_OR_MARK.findall(after)][:DATE_REACH]
    back = back[len(back) - next((k for k, w in enumerate(reversed(back)) if w in ",;:"), len(back)) :]
    ahead = ahead[: next((k for k, w in enumerate(ahead) if w in ";:."), len(ahead))]
    if any(w in SAYING for w in (*back[-3:], *ahead[:3])):
        return ""
    past = lambda w: w in PAST_FORMS or (len(w) > 4 and w.endswith("ed"))  # noqa: E731
    found = next((w for w in reversed(back) if past(w)), "") or next((w for w in ahead if past(w)), "")
    if not found:
        found = next((w for w in reversed(back) if w.isalpha() and w not in STOPWORDS and w not in FILLERS), "")
    return stem(found)


_WORD_OR_MARK = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|\d+|[,;:.]")
