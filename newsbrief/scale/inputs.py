"""Read a backfill's input as records: folders of HTML pages and text briefs, JSON Lines (gzip too), WARC files.

A record is a flat dict of plain values (so Ray Data can hold it in Arrow):

    seq        input order: the file's number << 32 | the record's number in it
    id         the article id it will be stored under (a UUID, derived from `key`)
    key        what the id is derived from: the JSON `id`, the WARC record id, the path
    kind       "html" (a page to extract), "text" (article text), "brief" (reference text layout)
               or "invalid" (unreadable: `text` says why)
    origin     where it was read, for messages
    url, title, text, published (ISO 8601 or ""), html (bytes)

Ids are uuid5 of the key, so a re-run or a resumed run finds the same ids; a
brief in the reference layout keeps the UUID written in it, as `import-text` does.
"""

from __future__ import annotations

import gzip
import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from newsbrief.pipeline.briefs import textformat
from newsbrief.pipeline.duplicates.keys import canonical_url, web_url
from newsbrief.pipeline.errors import InputError, TextFormatError

# Article ids of backfilled records: uuid5(ID_NAMESPACE, key). Never change it:
# every stored id, and so re-runs and resumes, depend on it.
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://newsbrief.invalid/backfill")
KINDS = {
    ".html": "html", ".htm": "html", ".txt": "brief",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".jsonl.gz": "jsonl", ".ndjson.gz": "jsonl",
    ".warc": "warc", ".warc.gz": "warc",
}  # fmt: skip
# A WARC response larger than this is not an article page; extraction would refuse it anyway.
MAX_WARC_BODY = 5 * 1024 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
SEQ_SHIFT = 32  # records per file stay below 2**32; files below 2**31, so seq fits an int64


@dataclass(frozen=True)
class InputFile:
    """One input file: its path, its kind, its number in the input's order and its name for keys."""

    path: str
    kind: str  # html, brief, jsonl or warc
    number: int
    name: str  # the path relative to the input folder (or the file's name): stable across machines


def record_id(key: str) -> str:
    """The article id of a record whose key is key."""
    return str(uuid.uuid5(ID_NAMESPACE, key))


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for suffix in sorted(KINDS, key=len, reverse=True):  # ".jsonl.gz" before ".gz"-less ones
        if name.endswith(suffix):
            return KINDS[suffix]
    return None


def discover(path: Path) -> list[InputFile]:
    """The input files under path, in a stable order; InputError when there is none."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        files = [(p, p.relative_to(path).as_posix()) for p in sorted(path.rglob("*")) if p.is_file()]
    else:
        files = [(path, path.name)]
    found = [(p, name, kind) for p, name in files if (kind := _kind(p))]
    if not found:
        raise InputError(f"{path}: no HTML, text brief, JSON Lines or WARC files in it")
    return [InputFile(str(p), kind, number, name) for number, (p, name, kind) in enumerate(found)]


def read_file(source: InputFile) -> Iterator[dict]:
    """The records of one input file, in order; unreadable items come as records of kind "invalid"."""
    readers = {"html": _read_page, "brief": _read_brief, "jsonl": _read_jsonl, "warc": _read_warc}
    base = source.number << SEQ_SHIFT
    try:
        for n, record in enumerate(readers[source.kind](source)):
            yield {"seq": base + n, **record}
    except OSError as error:
        yield {"seq": base + (1 << SEQ_SHIFT) - 1, **_invalid(f"file:{source.name}", source.path,
                                                               f"cannot read ({error})")}


def read_all(path: Path) -> Iterator[dict]:
    """Every record of the input, in order."""
    for source in discover(path):
        yield from read_file(source)


def _record(key: str, kind: str, origin: str, *, id: str = "", url: str = "", title: str = "", text: str = "",
            published: str = "", html: bytes = b"") -> dict:
    return {"id": id or record_id(key), "key": key, "kind": kind, "origin": origin, "url": url, "title": title,
            "text": text, "published": published, "html": html}


def _invalid(key: str, origin: str, why: str) -> dict:
    return _record(key, "invalid", origin, text=f"{origin}: {why}")


def _read_page(source: InputFile) -> Iterator[dict]:
    yield _record(f"file:{source.name}", "html", source.path, html=Path(source.path).read_bytes())


def _read_brief(source: InputFile) -> Iterator[dict]:
    key = f"file:{source.name}"
    try:
        raw = Path(source.path).read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        yield _invalid(key, source.path, f"not UTF-8 text ({error.reason} at byte {error.start})")
        return
    try:
        page_id = str(textformat.parse(raw, source.path).id)  # the id written in the brief, as import-text keeps it
    except TextFormatError as error:
        yield _invalid(key, source.path, str(error).removeprefix(f"{source.path}: "))
        return
    yield _record(key, "brief", source.path, id=page_id, text=raw)


def _open_text(path: str):
    return gzip.open(path, "rt", encoding="utf-8") if path.endswith(".gz") else open(path, encoding="utf-8")


def _read_jsonl(source: InputFile) -> Iterator[dict]:
    with _open_text(source.path) as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            origin = f"{source.path}:{number}"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as error:
                yield _invalid(f"{source.name}#line{number}", origin, f"not JSON ({error.msg})")
                continue
            yield _json_record(item, source.name, origin, number)


def _json_record(item: object, name: str, origin: str, number: int) -> dict:
    """A record from one JSON object: {id, title?, text or html, url?, published?}."""
    if not isinstance(item, dict):
        return _invalid(f"{name}#line{number}", origin, "not a JSON object")
    url = web_url(item["url"]) if isinstance(item.get("url"), str) else ""
    if item.get("id") not in (None, ""):
        key = f"{name}#{item['id']}"  # the file's name keeps ids of two corpora ("1", "2" …) apart
    elif url:
        key = canonical_url(url)
    else:
        key = f"{name}#line{number}"
    fields = {k: item.get(k) for k in ("title", "text", "html", "published")}
    if any(v is not None and not isinstance(v, str) for v in fields.values()):
        return _invalid(key, origin, "title, text, html and published must be strings")
    if fields["text"] and fields["text"].strip():
        kind, html = "text", b""
    elif fields["html"] and fields["html"].strip():
        kind, html = "html", fields["html"].encode("utf-8")
    else:
        return _invalid(key, origin, "no text (nor html)")
    return _record(key, kind, origin, url=url, title=fields["title"] or "", text=fields["text"] or "",
                   published=fields["published"] or "", html=html)


def _read_warc(source: InputFile) -> Iterator[dict]:
    try:
        from warcio.archiveiterator import ArchiveIterator  # imported here: only WARC input needs it
    except ImportError:
        raise InputError(f"{source.path}: reading WARC files needs warcio (pip install warcio)") from None

    with open(source.path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            status = record.http_headers.get_statuscode() or ""
            content_type = (record.http_headers.get_header("Content-Type") or "").lower()
            if not status.startswith("2") or not content_type.startswith(HTML_TYPES):
                continue  # redirects, errors, images, scripts: not article pages
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            key = f"warc:{record.rec_headers.get_header('WARC-Record-ID') or url}"
            body = record.content_stream().read(MAX_WARC_BODY + 1)
            if len(body) > MAX_WARC_BODY:
                yield _invalid(key, f"{source.path}: {url}", f"page larger than {MAX_WARC_BODY} bytes")
                continue
            yield _record(key, "html", f"{source.path}: {url}", url=url, html=body)
