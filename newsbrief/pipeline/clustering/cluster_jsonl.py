"""Clustering over JSON Lines: `{id, title?, text, published?, entities?}` in, `{id, story, thread}` out.

A line without an `entities` field gets the names the caller's `find_entities`
finds in its title and text (the command passes the site's enrichment), so that
what a batch run decides on is what the site decides on; `"entities": []` says
there are none.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newsbrief.pipeline.clustering.cluster import ClusterParams, MergeEvent, StoryIndex
from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.types import Enrichment


@dataclass
class ClusterReport:
    """What a batch run did: counts, merges and the lines it skipped (line number, why)."""

    articles: int = 0
    new_stories: int = 0
    merges: list[MergeEvent] = field(default_factory=list)
    thread_merges: list[MergeEvent] = field(default_factory=list)
    skipped: list[tuple[int, str]] = field(default_factory=list)
    stories: int = 0  # distinct stories (events) in the output, merges resolved
    threads: int = 0  # distinct threads in the output, merges resolved


@dataclass(frozen=True)
class _Line:
    """One valid input line."""

    id: str
    title: str
    text: str
    published: datetime | None
    entities: tuple[str, ...] | None  # None: the line has no "entities" field


def parse_line(raw: str) -> _Line:
    """One input line as an article, or an InputError that says what is wrong with it."""
    try:
        item = json.loads(raw)
    except json.JSONDecodeError as error:
        raise InputError(f"not JSON ({error.msg})") from None
    if not isinstance(item, dict):
        raise InputError("not a JSON object")
    article_id, title, text = item.get("id"), item.get("title") or "", item.get("text")
    if isinstance(article_id, int) and not isinstance(article_id, bool):
        article_id = str(article_id)
    if not isinstance(article_id, str) or not article_id:
        raise InputError('"id" must be a non-empty string')
    if not isinstance(text, str) or not text.strip():
        raise InputError('"text" must be a non-empty string')
    if not isinstance(title, str):
        raise InputError('"title" must be a string')
    return _Line(article_id, title, text, _published(item.get("published")), _entities(item.get("entities")))


def _published(value: object) -> datetime | None:
    """An ISO 8601 publication time, or None when absent."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise InputError('"published" must be an ISO 8601 string')
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f'"published" is not an ISO 8601 time: {value!r}') from None


def _entities(value: object) -> tuple[str, ...] | None:
    """Entity names from a list of strings or of objects with a "name"; None when absent."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise InputError('"entities" must be a list')
    names = [e.get("name", "") if isinstance(e, dict) else e for e in value]
    if not all(isinstance(n, str) for n in names):
        raise InputError('"entities" must hold strings or objects with a "name" string')
    return tuple(n for n in names if n)


FindEntities = Callable[[str, str], tuple[str, ...]]  # (title, text) -> entity names, as entity_names orders them


def entity_names(enrichment: Enrichment | None) -> tuple[str, ...]:
    """The entity names the story index is given for an article: most mentioned first, ties in the article's order."""
    if enrichment is None:
        return ()
    return tuple(item.name for item in sorted(enrichment.entities, key=lambda e: -e.mentions))


def cluster_lines(
    lines: Iterable[str],
    index: StoryIndex | None = None,
    progress: Callable[[int], None] | None = None,
    find_entities: FindEntities | None = None,
) -> tuple[list[tuple[str, str, str]], ClusterReport]:
    """Assign each valid line's article to an event and thread, in order: (article, story, thread), merges resolved."""
    index = index if index is not None else StoryIndex(ClusterParams())
    report, assigned, seen = ClusterReport(), [], set()
    for number, raw in enumerate(lines, start=1):
        if progress:
            progress(number)
        if not raw.strip():
            continue
        try:
            line = parse_line(raw)
            if line.id in seen:
                raise InputError(f"id {line.id!r} appeared on an earlier line")
            names = line.entities
            if names is None:
                names = find_entities(line.title, line.text) if find_entities is not None else ()
            assignment = index.assign(line.id, line.title, line.text, line.published, names)
        except InputError as error:
            report.skipped.append((number, str(error)))
            continue
        seen.add(line.id)
        assigned.append((line.id, assignment.story_id, assignment.thread_id))
        report.articles += 1
        report.new_stories += assignment.is_new
        report.merges.extend(assignment.merged)
        report.thread_merges.extend(assignment.thread_merged)
    resolved = [(aid, index.resolve(story), index.resolve_thread(thread)) for aid, story, thread in assigned]
    report.stories = len({story for _, story, _ in resolved})
    report.threads = len({thread for _, _, thread in resolved})
    return resolved, report


def cluster_file(
    source: Path,
    dest: Path,
    index: StoryIndex | None = None,
    progress: Callable[[int], None] | None = None,
    find_entities: FindEntities | None = None,
) -> ClusterReport:
    """Cluster the articles of a JSONL file into `{id, story, thread}` lines; dest is written whole or not at all."""
    try:
        with open(source, encoding="utf-8") as fh:
            rows, report = cluster_lines(fh, index, progress, find_entities)
    except OSError as error:
        raise InputError(f"{source}: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise InputError(f"{source}: not UTF-8 text ({error.reason})") from None
    dest = Path(dest)
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent or Path("."))
    except OSError as error:
        raise InputError(f"{dest}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            for article_id, story, thread in rows:
                out.write(json.dumps({"id": article_id, "story": story, "thread": thread}) + "\n")
        os.replace(temporary, dest)
    except BaseException:
        os.unlink(temporary)
        raise
    return report


def count_lines(path: Path) -> int:
    """The number of lines in a file, for a progress bar's total."""
    try:
        with open(path, "rb") as fh:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 20), b""))
    except OSError:
        return 0
