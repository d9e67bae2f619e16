"""The editorial checks on story briefs of real pages, each page a story of one article.

The real-page corpora (BBC News, the AEB pages, the trafilatura evaluation pages) are
not grouped into stories, so no brief of them draws on several outlets: as one-article
stories they exercise the story brief's own choice of sentences (which may stand alone,
which are page residue, the closing from who-wants-what statements) on messy real text,
not its merging of outlets. ECB+ (quality.py) is the grouped real corpus. Pages are read
and extracted as bench/summarize/editorial.py reads them; each corpus is reported by the
halves the summarizer's rules were tuned and checked on (bench/summarize/corpus.is_train).
"""

from __future__ import annotations

from pathlib import Path

from bench.storybrief.quality import Shown, new_row, rates, score, story_brief_sentences
from bench.summarize import corpus
from bench.summarize.editorial import articles
from newsbrief.pipeline.briefs.story_brief import Member
from newsbrief.pipeline.briefs.summarize import summarize
from newsbrief.pipeline.enrichment.enrich import enrich

CORPORA = ("bbc", "aeb", "trafeval")


def page_rows(eval_dir: Path, limit: int | None, with_statements: bool) -> dict[tuple[str, str], dict]:
    """Per corpus and half ("tuning", "checking"), the rates of the one-article story briefs, and the defects by kind."""
    out = {}
    for name in CORPORA:
        rows = {"tuning": new_row(), "checking": new_row()}
        for item_id, title, text, language in articles(name, eval_dir, limit):
            if not text:
                continue  # a page extraction refused: no article, no brief
            said = enrich(title, text, language=language).statements if with_statements else ()
            member = Member(str(item_id), name, None, summarize(title, text, language=language), said)
            shown: list[Shown] = story_brief_sentences([member])
            if shown:
                score(rows["tuning" if corpus.is_train(item_id) else "checking"], shown, [member], {member.id: text})
        for half, row in rows.items():
            out[(name, half)] = {**rates(row), "briefs": len(row["defect"]), "kinds": _count(row["kinds"])}
    return out


def _count(kinds: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for kind in kinds:
        found[kind] = found.get(kind, 0) + 1
    return found
