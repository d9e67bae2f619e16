"""Summarize a JSON Lines file of articles into a JSON Lines file of briefs, skipping bad lines."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsbrief.pipeline.enrichment.enrich import enrich as enrich_text
from newsbrief.pipeline.enrichment.entities import DEFAULT_MODEL
from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.language.detect import language_of
from newsbrief.pipeline.briefs.llm import Endpoint
from newsbrief.pipeline.process import write_brief
from newsbrief.pipeline.types import Brief, Enrichment


@dataclass(frozen=True)
class LineError:
    """One input line that was skipped, and why."""

    line: int  # 1-based
    message: str


@dataclass(frozen=True)
class BatchReport:
    """What a batch run did: lines read, briefs written, and the lines skipped."""

    read: int  # non-blank lines
    written: int
    errors: tuple[LineError, ...] = ()


def summarize_jsonl(
    in_path: str | Path,
    out_path: str | Path,
    *,
    body_mode: str = "condensed",
    on_line: Callable[[int], None] | None = None,
    enrich: bool = True,
    spacy_model: str = DEFAULT_MODEL,
    rewrite: Endpoint | None = None,
) -> BatchReport:
    """Write one brief (and, unless `enrich` is False, its enrichment by `spacy_model`) per good input line.

    Each brief is written as the pipeline writes one (`process.write_brief`): rewritten by
    the model `rewrite` names, if any. Bad lines are skipped and reported.
    """
    in_path, out_path = Path(in_path), Path(out_path)
    try:
        source = in_path.open("rb")
    except OSError as exc:
        raise InputError(f"{in_path}: cannot read the input: {exc.strerror or exc}") from exc
    read, written, errors = 0, 0, []
    # Write beside the target and rename at the end, so a failed run leaves no half-written file.
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out_path.name}.", dir=out_path.parent)
    try:
        with source, os.fdopen(fd, "w", encoding="utf-8") as sink:
            for number, raw in enumerate(source, start=1):
                if raw.strip():
                    read += 1
                    try:
                        item = parse_line(raw)
                        # As the site does: the text's language, else the one the line declares.
                        language = language_of(item["text"], item.get("language", ""))
                        brief = write_brief(
                            item["title"], item["text"], body_mode=body_mode, rewrite=rewrite, language=language
                        )
                        found = (
                            enrich_text(item["title"], item["text"], model=spacy_model, language=language)
                            if enrich else None
                        )  # fmt: skip
                    except InputError as exc:
                        errors.append(LineError(number, str(exc)))
                    else:
                        sink.write(json.dumps(brief_record(item["id"], brief, found), ensure_ascii=False) + "\n")
                        written += 1
                if on_line:
                    on_line(number)
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return BatchReport(read, written, tuple(errors))


def parse_line(raw: bytes) -> dict:
    """The id, title, text and declared language of one input line; InputError says what is wrong with it."""
    try:
        item = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(item, dict):
        raise InputError(f"expected a JSON object, found {type(item).__name__}")
    item_id = item.get("id")
    if isinstance(item_id, bool) or not isinstance(item_id, (str, int)) or item_id == "":
        raise InputError("missing or invalid 'id' (a non-empty string or an integer)")
    text, title = item.get("text"), item.get("title") or ""
    if not isinstance(text, str) or not text.strip():
        raise InputError("missing or empty 'text' (a string)")
    if not isinstance(title, str):
        raise InputError("'title' must be a string")
    language = item.get("language") or ""
    if not isinstance(language, str):
        raise InputError("'language' must be a string (an ISO 639 code such as 'de')")
    return {"id": item_id, "title": title, "text": text, "language": language}


def brief_record(item_id: str | int, brief: Brief, enrichment: Enrichment | None = None) -> dict:
    """The output line for one brief: `{id, lead: [...], key_points: [...], body, closing}` (+ enrichment's fields)."""
    record = {
        "id": item_id,
        "lead": [s.text for s in brief.lead],
        "key_points": [s.text for s in brief.key_points],
        "body": "\n\n".join(brief.body_paragraphs),
        "closing": brief.closing_text,
    }
    if enrichment is not None:
        record["entities"] = [
            {"name": e.name, "kind": str(e.kind), "mentions": e.mentions, "surface_forms": list(e.surface_forms)}
            for e in enrichment.entities
        ]
        record["topics"] = list(enrichment.topics)
        record["statements"] = [
            {"actor": s.actor, "actor_kind": str(s.actor_kind), "cue": s.cue, "aim": s.aim, "polarity": str(s.polarity),
             "evidence": s.evidence, "paragraph": s.span.paragraph, "start": s.span.start, "end": s.span.end}
            for s in enrichment.statements
        ]
    return record
