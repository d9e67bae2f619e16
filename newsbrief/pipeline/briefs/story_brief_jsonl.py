"""Story briefs for a JSON Lines file of articles grouped by a `story` field, skipping bad lines.

Each good line `{id, title?, text, published?, outlet?, story}` is briefed as the
pipeline briefs an article (`process.write_brief`, never rewritten by a model: a
story brief is made of the outlets' own sentences) and, unless `enrich` is off,
its who-wants-what statements are found. Within a story the lines arrive in file
order; an article whose text is a near-duplicate of an earlier one of its story
(word-shingle Jaccard of neardup.DEFAULT_THRESHOLD or more) is a copy of it and
counts as that outlet's coverage. A line without an outlet is its own outlet,
named by its id.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from newsbrief.pipeline.briefs.story_brief import Member, StoryState, add_members, brief_of, record
from newsbrief.pipeline.briefs.summarize_jsonl import BatchReport, LineError, parse_line
from newsbrief.pipeline.duplicates.neardup import DEFAULT_THRESHOLD, jaccard, shingles
from newsbrief.pipeline.enrichment.enrich import enrich as enrich_text
from newsbrief.pipeline.enrichment.entities import DEFAULT_MODEL
from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.process import write_brief


def story_briefs_jsonl(
    in_path: str | Path,
    out_path: str | Path,
    *,
    on_line: Callable[[int], None] | None = None,
    enrich: bool = True,
    spacy_model: str = DEFAULT_MODEL,
) -> BatchReport:
    """Write one story brief per story of the good input lines; `written` counts the stories."""
    in_path, out_path = Path(in_path), Path(out_path)
    try:
        source = in_path.open("rb")
    except OSError as exc:
        raise InputError(f"{in_path}: cannot read the input: {exc.strerror or exc}") from exc
    states: dict[str, StoryState] = {}
    texts: dict[str, list[tuple[str, set[str]]]] = {}  # per story: each original's id and shingles, for copies
    read, errors = 0, []
    with source:
        for number, raw in enumerate(source, start=1):
            if raw.strip():
                read += 1
                try:
                    item = parse_story_line(raw)
                    member = _member(item, texts.setdefault(item["story"], []), enrich, spacy_model)
                except InputError as exc:
                    errors.append(LineError(number, str(exc)))
                else:
                    add_members(states.setdefault(item["story"], StoryState()), [member])
            if on_line:
                on_line(number)
    # Write beside the target and rename at the end, so a failed run leaves no half-written file.
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", dir=out_path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as sink:
            for story, state in states.items():
                sink.write(json.dumps(record(story, brief_of(state)), ensure_ascii=False) + "\n")
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return BatchReport(read, len(states), tuple(errors))


def parse_story_line(raw: bytes) -> dict:
    """The id, title, text, story, outlet and published time of one line; InputError says what is wrong."""
    item = parse_line(raw)
    data = json.loads(raw.decode("utf-8"))
    story = data.get("story")
    if isinstance(story, bool) or not isinstance(story, (str, int)) or story == "":
        raise InputError("missing or invalid 'story' (a non-empty string or an integer: the story the article is in)")
    outlet = data.get("outlet") or ""
    if not isinstance(outlet, str):
        raise InputError("'outlet' must be a string")
    published = data.get("published")
    if published is not None:
        if not isinstance(published, str):
            raise InputError("'published' must be an ISO 8601 date and time as a string")
        try:
            published = datetime.fromisoformat(published)
        except ValueError as exc:
            raise InputError(f"'published' is not an ISO 8601 date and time: {published!r}") from exc
    return {**item, "story": str(story), "outlet": outlet.strip() or str(item["id"]), "published": published}


def _member(item: dict, earlier: list[tuple[str, set[str]]], enrich: bool, spacy_model: str) -> Member:
    """The article as its story brief reads it: a copy of an earlier article of the story, or briefed anew."""
    own = shingles(item["text"])
    original = next((article for article, other in earlier if jaccard(own, other) >= DEFAULT_THRESHOLD), "")
    if original:
        return Member(str(item["id"]), item["outlet"], item["published"], copy_of=original)
    earlier.append((str(item["id"]), own))
    brief = write_brief(item["title"], item["text"])
    statements = enrich_text(item["title"], item["text"], model=spacy_model).statements if enrich else ()
    return Member(str(item["id"]), item["outlet"], item["published"], brief, statements)
