"""Benchmark of briefs as an editor reads them: the share of briefs with each editorial defect.

    .venv/bin/python -m bench.summarize.editorial [--eval-dir ../shared/eval] [--limit N] [--examples examples]

Prints one table. Corpora: BBC News (title and cased text as given), the AEB pages
and the trafilatura evaluation pages (their HTML run through newsbrief's own
`extract`, as a poll would; pages it refuses are counted, not briefed), and the
fictional pages of examples/. Each real corpus is split in two by a hash of the id
(`corpus.is_train`): the summarizer's rules were tuned on the "tuning" half only; the
"checking" half says whether they hold. Columns: the share of briefs with each kind
of defect of `defects.KINDS`, with any of them, without a closing, and with a
sentence that is not the text of its source span (`defects.untraceable`). Baseline from
the same run: Lead-3 (the first three sentences as the lead, nothing else), which
shows what the article text itself brings to a lead.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections.abc import Iterator
from pathlib import Path

from bench.summarize import corpus
from bench.summarize.defects import KINDS, Page, defects, untraceable
from newsbrief.pipeline.briefs.sentences import split_text
from newsbrief.pipeline.briefs.summarize import summarize
from newsbrief.pipeline.errors import InputError
from newsbrief.pipeline.extraction.extract import extract
from newsbrief.pipeline.language.detect import language_of
from newsbrief.pipeline.types import Brief, BriefSentence, Entry, Span

PAGE_CORPORA = {"aeb": "aeb.jsonl.gz", "trafeval": "trafeval-dev.jsonl.gz"}
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def articles(name: str, eval_dir: Path, limit: int | None) -> Iterator[tuple[str, str, str, str]]:
    """(id, title, text, language) of each article of one corpus; a refused page gives text ""."""
    if name == "bbc":
        for it in corpus.read("bbc", eval_dir, limit):
            yield it["id"], it["title"], it["text"], "en"
        return
    if name == "examples":
        for path in sorted(EXAMPLES.rglob("*.html"))[:limit]:
            url = "https://" + path.relative_to(EXAMPLES).as_posix()
            yield from _extracted(str(path), url, path.read_bytes(), name)
        return
    with gzip.open(Path(eval_dir) / PAGE_CORPORA[name], "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            it = json.loads(line)
            yield from _extracted(it["id"], it["url"], it["html"].encode("utf-8"), name)


def _extracted(item_id: str, url: str, page: bytes, origin: str) -> Iterator[tuple[str, str, str, str]]:
    try:
        article = extract(Entry(url=url, origin=origin, page=page))
    except InputError:
        yield item_id, "", "", ""
        return
    # As process() does: the language read from the text, the page's declaration only for short texts.
    yield item_id, article.title, article.text, language_of(article.text, article.language) or "en"


def newsbrief_brief(title: str, text: str, language: str) -> Brief:
    """newsbrief's brief, condensed body, as a page shows it."""
    return summarize(title, text, language=language)


def lead3_brief(title: str, text: str, language: str) -> Brief:
    """The first three sentences as the lead; no key points, body or closing."""
    lead = tuple(BriefSentence(s.text, Span(s.paragraph, s.start, s.end)) for s in split_text(text)[:3])
    return Brief(lead=lead, closing=())


def rates(pages: list[Page]) -> list[float]:
    """Percent of pages with each kind, with any, without a closing, and with an untraceable sentence."""
    found = [set(defects(p)) for p in pages]
    n = max(len(pages), 1)
    shares = [sum(kind in f for f in found) for kind in KINDS]
    shares += [sum(bool(f) for f in found), sum(not p.brief.closing for p in pages), sum(map(untraceable, pages))]
    return [100 * s / n for s in shares]


def main(argv: list[str] | None = None) -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eval-dir", type=Path, default=corpus.EVAL_DIR)
    parser.add_argument("--limit", type=int, default=None, help="items per corpus (default: all)")
    args = parser.parse_args(argv)
    systems = {"newsbrief": newsbrief_brief, "Lead-3": lead3_brief}
    header = ["corpus", "half", "system", "briefs", *KINDS, "any", "no closing", "untraceable"]
    print("| " + " | ".join(header) + " |")
    print("|" + " --- |" * len(header))
    for name in ("bbc", "aeb", "trafeval", "examples"):
        items = list(articles(name, args.eval_dir, args.limit))
        refused = sum(1 for _, _, text, _ in items if not text.strip())
        items = [it for it in items if it[2].strip()]
        halves = {"all": items} if name == "examples" else {
            "tuning": [it for it in items if corpus.is_train(it[0])],
            "checking": [it for it in items if not corpus.is_train(it[0])],
        }
        for system, make in systems.items():
            for half, chosen in (halves.items() if system == "newsbrief" else [("all", items)]):
                pages = [Page(title, text, make(title, text, lang), lang) for _, title, text, lang in chosen]
                cells = [f"{r:.1f}" for r in rates(pages)]
                label = f"{name} ({refused} refused)" if refused else name
                print(f"| {label} | {half} | {system} | {len(pages)} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
