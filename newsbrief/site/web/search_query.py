"""The search query language, parsed into words, phrases, exclusions and filters; no database here.

    ferry strike          every word (stemmed; common words such as "the" are ignored)
    ferry OR bridge       either word ("OR" in capitals joins the words or phrases beside it)
    "winter timetable"    the words side by side
    -union -"pay deal"    none of these
    source:harbourgazette  from a source whose domain or name contains the value (several: any of them)
    -source:calderpost    not from such a source (-entity: likewise)
    entity:"Port Aldwyn"  naming an entity whose name contains the value (several: all of them)
    after:2026-11-20      published on or after that day (UTC)
    before:2026-11-21     published before that day (UTC)

Whatever the string, parsing gives words of letters and digits only, so the
database never sees query syntax it did not get from site.search itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from newsbrief.pipeline.errors import InputError

# Caps, so that no query string makes the database work without bound.
MAX_QUERY_CHARS = 1000  # longer queries are cut: no real query needs more
MAX_PARTS = 16  # words, phrases and exclusions together
MAX_FILTER_VALUES = 8  # per filter
# Private-use characters mark highlights inside snippets, since they never occur in news text;
# the snippet is escaped and then they become <mark> tags.
START, STOP = "\ue000", "\ue001"

# PostgreSQL's English stop words: bare words in this list are dropped on both backends,
# so that SQLite (which keeps them in the index) and PostgreSQL (which drops them) agree.
STOPWORDS = frozenset(
    "i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers "
    "herself it its itself they them their theirs themselves what which who whom this that these those am is "
    "are was were be been being have has had having do does did doing a an the and but if or because as until "
    "while of at by for with about against between into through during before after above below to from up "
    "down in out on off over under again further then once here there when where why how all any both each few "
    "more most other some such no nor not only own same so than too very s t can will just don should now".split()
)
FILTERS = ("source", "entity", "before", "after")

_CONTROL = re.compile(r"[\x00-\x1f\x7f\ud800-\udfff\ue000\ue001]")
_WORD = re.compile(r"[^\W_]+")  # letters and digits: what FTS5's unicode61 tokenizer keeps
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TOKEN = re.compile(
    r"""(?P<neg>-)?(?:
        (?P<key>[A-Za-z]+):(?:"(?P<quoted>[^"]*)"?|(?P<value>[^\s"]+))
      | "(?P<phrase>[^"]*)"?
      | (?P<word>[^\s"]+)
    )""",
    re.X,
)


@dataclass(frozen=True)
class Query:
    """A parsed query: phrases to find and to exclude (each words joined by spaces), and filters."""

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    any_of: tuple[tuple[str, ...], ...] = ()  # groups joined by OR: each group needs one of its phrases
    sources: tuple[str, ...] = ()
    not_sources: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    not_entities: tuple[str, ...] = ()
    after: date | None = None
    before: date | None = None
    notes: tuple[str, ...] = ()

    @property
    def has_filters(self) -> bool:
        """Whether anything but words narrows the results."""
        return bool(self.sources or self.not_sources or self.entities or self.not_entities or self.after or self.before)

    @property
    def has_words(self) -> bool:
        """Whether the query asks for words or phrases (so results are ranked), not only filters or exclusions."""
        return bool(self.include or self.any_of)

    @property
    def is_empty(self) -> bool:
        """Whether the query asks for nothing at all."""
        return not (self.has_words or self.exclude or self.has_filters)


def _date(key: str, value: str) -> date:
    try:
        if _DATE.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    raise InputError(f"{key}: wants a date as YYYY-MM-DD, not {value[:40]!r}")


def parse_query(text: str) -> Query:
    """Parse a query string into phrases, exclusions and filters; raises InputError for a malformed date."""
    notes = []
    text = _CONTROL.sub(" ", text or "")
    if len(text) > MAX_QUERY_CHARS:
        text, notes = text[:MAX_QUERY_CHARS], [f"Only the first {MAX_QUERY_CHARS} characters were used."]
    parts: dict[str, list] = {name: [] for name in ("exclude", "source", "entity", "-source", "-entity")}
    wanted: list[list[str]] = []  # each a group of alternatives; most groups have one phrase
    joining = False  # the token before was an OR right after a wanted word or phrase
    after_wanted = False  # the token before was a wanted word or phrase
    dates: dict[str, date] = {}
    for token in _TOKEN.finditer(text):
        negated = bool(token["neg"])
        key = (token["key"] or "").lower()
        value = token["quoted"] if token["quoted"] is not None else token["value"]
        if token.group(0) == "OR":
            joining, after_wanted = after_wanted, False
            continue
        was_joining, joining, after_wanted = joining, False, False
        if key in FILTERS and value and value.strip():
            value = " ".join(value.split())
            if key in ("before", "after"):
                day = _date(key, value)
                # Several of one bound: the narrowest wins.
                keep = max if key == "after" else min
                dates[key] = keep(dates[key], day) if key in dates else day
            else:
                parts[("-" if negated else "") + key].append(value)
            continue
        raw = token["phrase"] if token["phrase"] is not None else token.group(0).lstrip("-")
        words = _WORD.findall(raw)
        if token["phrase"] is None and len(words) == 1 and words[0].lower() in STOPWORDS:
            continue
        if words and negated:
            parts["exclude"].append(" ".join(words))
        elif words and was_joining:
            wanted[-1].append(" ".join(words))
            after_wanted = True
        elif words:
            wanted.append([" ".join(words)])
            after_wanted = True
    groups = _wanted(wanted, notes)
    include = tuple(group[0] for group in groups if len(group) == 1)
    any_of = tuple(group for group in groups if len(group) > 1)
    exclude = _unique(parts["exclude"])
    room = MAX_PARTS - len(include) - sum(map(len, any_of))
    if len(exclude) > room:
        notes.append(f"Only the first {MAX_PARTS} words and phrases were used.")
        exclude = exclude[:room]
    filters = {name: _unique(values)[:MAX_FILTER_VALUES] for name, values in parts.items()}
    return Query(
        include=include,
        exclude=exclude,
        any_of=any_of,
        sources=filters["source"],
        not_sources=filters["-source"],
        entities=filters["entity"],
        not_entities=filters["-entity"],
        after=dates.get("after"),
        before=dates.get("before"),
        notes=tuple(notes),
    )


def _wanted(groups: list[list[str]], notes: list[str]) -> list[tuple[str, ...]]:
    """The wanted groups, each without repeats and no group twice, cut to MAX_PARTS phrases in all."""
    kept: dict[tuple[str, ...], tuple[str, ...]] = {}
    used = 0
    for group in groups:
        alternatives = _unique(group)
        if used + len(alternatives) > MAX_PARTS:
            notes.append(f"Only the first {MAX_PARTS} words and phrases were used.")
            break
        key = tuple(sorted(a.lower() for a in alternatives))
        if key not in kept:
            kept[key] = alternatives
            used += len(alternatives)
    return list(kept.values())


def _unique(values: list[str]) -> tuple[str, ...]:
    seen: dict[str, str] = {}
    for value in values:
        seen.setdefault(value.lower(), value)
    return tuple(seen.values())
