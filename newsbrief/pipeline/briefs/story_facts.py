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

Years, clock times, ordinals, multiples ("three times longer"), ages ("a 38-year-old",
"Williams, 32,"), numbers inside names ("Route 52"), inside addresses or ids (a URL, a
seven-digit number) and numbers written with a leading zero (a code, "0737 GMT") are no
figures. A figure is of a kind: a plain count, a share ("40 %"), a sum of one currency
("$100 million"), or a part ("two other victims", "two more arrests", "another four");
figures of two kinds never count one thing. The thing a number counts is looked for after
it, or before it back to a comma ("Of the 23 pirates arrested, 12 are Somali": the 12 count
no arrests).
A date that dates a statement ("officials said on Tuesday") is no date of the event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbrief.pipeline.briefs.summarize import STOPWORDS

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_ANY_WORD = re.compile(r"\w+")
# A number and what follows it, as tokens: the thing it counts is looked for around it.
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?%?|[A-Za-z]+(?:['’][a-z]+)?|[%$€£:,]")
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
    "toll": "dead", "body": "dead", "lives": "dead",
    "killing": "dead", "injuring": "injured", "wounding": "injured",
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
CURRENCIES = frozenset("$€£")
# Words right after a number that make it a part or an increment of a count ("two other victims", "two more
# arrests" count not the victims or the arrests), as "another" does before it.
PART_WORDS = frozenset("other more additional further new extra".split())
PART = "+"
# Words after "times" that make a number a multiple, not a count: "three times longer".
MULTIPLE_WORDS = frozenset("more less as longer larger bigger higher faster greater smaller lower".split())
# Words that make a sentence's figures totals over more than one event: "a total of 923 rounds".
_TOTAL = re.compile(r"\b(?:a total of|in total|in all|altogether|cumulative)\b", re.I)
_YEAR = re.compile(r"(?<![\d,.])(1[89]\d\d|20\d\d)(?![\d,.]\d)")


@dataclass(frozen=True)
class Figure:
    """A number in a sentence and the thing it counts: value "130", thing "dead"; kind "%" for a share, a
    currency's sign for a sum of money, PART for a part or an increment, "" for a plain count."""

    value: str
    thing: str
    kind: str = ""


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
            out.append(Figure(value, thing, _kind(lows, i, value)))
    return out


def counts_totals(text: str) -> bool:
    """Whether a sentence states its figures as totals over more than one event ("a total of 923 rounds")."""
    return bool(_TOTAL.search(text))


def years(text: str) -> tuple[str, ...]:
    """The years a sentence names, in order of first mention ("in 2004" → ("2004",)): a figure in a sentence of
    another year counts something of another time."""
    return tuple(dict.fromkeys(_YEAR.findall(_ADDRESS.sub(" ", text))))


def _kind(lows: list[str], i: int, value: str) -> str:
    """The kind of the number at i: "%" for a share, PART for a part ("two other …", "another four"), the
    currency's sign before it for money ("$5"), else ""."""
    if value.endswith("%"):
        return "%"
    before = lows[i - 1] if i else ""
    if before == "another" or (i + 1 < len(lows) and lows[i + 1] in PART_WORDS):
        return PART
    return before if before in CURRENCIES else ""


def _value(tokens: list[str], lows: list[str], i: int) -> str | None:
    """The number token i stands for, normalised ("1,200" → "1200", "3.5 million" → "3500000"), or None."""
    low = lows[i]
    if low in NUMBER_WORDS:
        number = float(NUMBER_WORDS[low])
    elif low[:1].isdigit():
        if low.endswith(("st", "nd", "rd", "th")):
            return None  # an ordinal: "the 3rd day"
        digits = low.rstrip("%").replace(",", "")
        if len(digits) > 1 and digits[0] == "0" and digits[1] != ".":
            return None  # a code or a clock time: "007", "0737 GMT"
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
        if before == "," and after == "," and i > 1 and tokens[i - 2][:1].isupper():
            return None  # an age set off after a name: "Williams, 32, was arrested"
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
    ahead = [w for w in lows[i + 1 :] if w != ","][: THING_REACH + 3]
    after = [w for w in ahead if w not in FILLERS and w not in SCALES and w != "%"]
    if len(after) > 1 and after[1] in AGE_WORDS:
        return ""  # an age, or how long ago
    if after and after[0] in named:
        return ""
    if after and _word(after[0]) and after[0] not in STOPWORDS:
        head = stem(after[0])
        if head == "time" and len(after) > 1 and after[1] in MULTIPLE_WORDS:
            return ""  # a multiple: "three times longer"
        if head in GENERIC:
            # What happened to them, said before them ("killing four people and injuring dozens") …
            happened = _named_thing(_before(lows, i, named))
            # … or after them, in their clause ("40 people, and some who were injured" names no injury).
            clause = lows[i + 1 :][: THING_REACH + 3]
            clause = clause[: clause.index(",")] if "," in clause else clause
            return happened or next((_named_thing(w) for w in clause if _named_thing(w)), "") or head
        return _named_thing(after[0]) or head
    before = _before(lows, i, named)
    return _named_thing(before) or stem(before)


def _before(lows: list[str], i: int, named: set[str]) -> str:
    """The word before the number at i that may be what it counts ("the toll rose to 130"), back to a comma: what
    stands before one counts something else ("Of the 23 arrested, 12 are …"); "" where there is none."""
    for w in reversed(lows[max(0, i - 4) : i]):
        if w == ",":
            return ""
        if w in FILLERS or not _word(w):
            continue
        return "" if w in STOPWORDS or w in named else w
    return ""


def _named_thing(word: str) -> str:
    """The one name of a thing counted under many words ("killed", "deaths" → "dead"), or ""."""
    return THINGS.get(word) or THINGS.get(stem(word), "")


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
