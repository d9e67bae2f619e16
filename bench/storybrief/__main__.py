"""Benchmark of story briefs (issue 18): redundancy, coverage, faithfulness, editorial defects and update speed.

    nice .venv/bin/python -m bench.storybrief [--ecbplus ../shared/eval/ecbplus.jsonl.gz] [--limit-events N] [--no-enrich]

Data: the ECB+ events (articles grouped by `label`, 36 events of 4 to 19 articles),
in file order as the order of arrival (no timestamps); each document is its own
outlet (ECB+ names none). Each article is briefed by `summarize` and, unless
--no-enrich, its statements found by the site's enrichment (spaCy).

Quality, per event, for the story brief and for today's story lead (the lead of the
event's most central article: the most content terms in common with the others),
in the same run:

- redundancy: share of events with two brief sentences over 60 % word overlap;
- outlets: the share of the event's outlets whose article contributes a sentence or
  a fact the brief states (a fact: a group of outlets' sentences saying one thing,
  as the story state groups them);
- majority facts: of the facts that more than half of the event's outlets report,
  the share that the brief states (story brief: lead and key points; central lead:
  its sentences);
- traced: the share of sentences whose text is the named article's text at the named span;
- defects: the share of events whose brief has one of bench/summarize/defects.KINDS.

Speed: a story of 100 and of 1,000 articles (ECB+ articles of every event, cycled
under new ids and outlets), then one more article joins: read the stored state
(JSON), fold the article in, write the brief and the state back (JSON), as the site
does on a membership change; CPU time of this process (one core), median of 30.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

from bench.summarize.defects import Page, defects
from newsbrief.pipeline.briefs.story_brief import Member, StoryState, add_members, brief_of, record
from newsbrief.pipeline.briefs.story_facts import term_overlap, terms, word_overlap
from newsbrief.pipeline.briefs.summarize import summarize
from newsbrief.pipeline.enrichment.enrich import enrich
from newsbrief.pipeline.types import Brief, BriefSentence

ECBPLUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "ecbplus.jsonl.gz"
REDUNDANT = 0.6
SAME_FACT = 0.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ecbplus", type=Path, default=ECBPLUS)
    parser.add_argument("--limit-events", type=int, default=None)
    parser.add_argument("--no-enrich", action="store_true")
    args = parser.parse_args()
    docs = [json.loads(line) for line in gzip.open(args.ecbplus, "rt", encoding="utf-8")]
    events: dict[str, list[dict]] = defaultdict(list)
    for doc in docs:
        events[doc["label"]].append(doc)
    labels = list(events)[: args.limit_events]
    members = {}
    for doc in (d for label in labels for d in events[label]):
        statements = () if args.no_enrich else enrich("", doc["text"]).statements
        members[doc["id"]] = Member(doc["id"], doc["id"], None, summarize("", doc["text"]), statements)
    texts = {doc["id"]: doc["text"] for doc in docs}
    rows = {"story brief": defaultdict(list), "central lead": defaultdict(list)}
    for label in labels:
        group = [members[d["id"]] for d in events[label]]
        state = add_members(StoryState(), group)
        brief = brief_of(state)
        shown = [(part, s.text, s.article, s.span) for part, s in brief.sentences]
        central = _central(group)
        baseline = [("lead", s.text, central.id, s.span) for s in central.brief.lead]
        for name, sentences in (("story brief", shown), ("central lead", baseline)):
            _score(rows[name], sentences, state, texts, len(group))
    print(f"ECB+: {len(labels)} events, {sum(len(events[label]) for label in labels)} articles; "
          f"statements: {'no' if args.no_enrich else 'spaCy'}")
    print("| brief | redundant events | outlets contributing | majority facts stated | sentences traced | "
          "events with a defect | sentences per brief |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, row in rows.items():
        print(f"| {name} | {_pct(row['redundant'])} | {_pct(row['outlets'])} | {_pct(row['majority'])} | "
              f"{_pct(row['traced'])} | {_pct(row['defect'])} | {statistics.mean(row['sentences']):.1f} |")
    kinds = defaultdict(int)
    for kind in rows["story brief"]["kinds"]:
        kinds[kind] += 1
    print("story brief defects by kind:", dict(kinds) or "none")
    pool = list(members.values()) if len(members) > 50 else list(members.values()) * 10
    for size in (100, 1000):
        print(f"| update, one article joins a story of {size} | {_update_ms(pool, size):.1f} ms (CPU, median of 30) |")


def _central(group: list[Member]) -> Member:
    """Today's story lead comes from its most central article: here, the most content terms shared with the others."""
    bags = [terms(" ".join(s.text for s in m.brief.lead)) | terms(" ".join(s.text for p in m.brief.body for s in p))
            for m in group]
    return max(zip(group, bags), key=lambda mb: sum(len(mb[1] & other) for other in bags))[0]


def _score(row, sentences, state: StoryState, texts: dict, articles: int) -> None:
    texts_only = [t.removeprefix("In summary, ") for _, t, _, _ in sentences]
    row["sentences"].append(len(sentences))
    row["redundant"].append(any(word_overlap(a, b) > REDUNDANT for a, b in itertools.combinations(texts_only, 2)))
    row["traced"].extend(_traced(t, texts[a], span) for t, (_, _, a, span) in zip(texts_only, sentences))
    facts = state.data["facts"]
    stated = [f for f in facts if any(term_overlap(terms(t), frozenset(f["terms"])) > SAME_FACT for t in texts_only)]
    outlets = {o for f in stated for o in f["outlets"]} | {a for _, _, a, _ in sentences}
    row["outlets"].append(len(outlets) / max(len(state.data["outlets"]), 1))
    majority = [f for f in facts if len(f["outlets"]) > len(state.data["outlets"]) / 2 and len(state.data["outlets"]) > 2]
    row["majority"].extend(f in stated for f in majority)
    brief = Brief(
        lead=tuple(BriefSentence(t, span) for (part, t, _, span) in sentences if part == "lead"),
        key_points=tuple(BriefSentence(t, span) for (part, t, _, span) in sentences if part == "key_points"),
        closing=tuple(BriefSentence(t, span) for (part, t, _, span) in sentences if part == "closing"),
    )
    found = defects(Page("", "", brief))  # no one article's text: every sentence stands alone on the page
    row["defect"].append(bool(found))
    row["kinds"].extend(found)


def _traced(text: str, article: str, span) -> bool:
    paragraphs = [p for p in article.split("\n\n") if p.strip()]
    if span is None or span.paragraph >= len(paragraphs):
        return False
    source = " ".join(paragraphs[span.paragraph][span.start : span.end].split())
    text = " ".join(text.removesuffix(" …").split())
    return bool(text) and text.lower() in source.lower()  # within the span: a dateline may be left off its front


def _update_ms(pool: list[Member], size: int) -> float:
    """CPU ms to fold one article into a stored story of `size` articles and write its brief and state back."""
    cycle = itertools.cycle(pool)
    grown = [_renamed(next(cycle), k) for k in range(size)]
    stored = json.dumps(add_members(StoryState(), grown).data)
    times = []
    for k in range(30):
        joining = _renamed(next(cycle), size + k)
        started = time.process_time()
        state = add_members(StoryState(json.loads(stored)), [joining])
        json.dumps(record("story", brief_of(state)))
        json.dumps(state.data)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000


def _renamed(member: Member, k: int) -> Member:
    return Member(f"{member.id}#{k}", f"outlet-{k}", None, member.brief, member.statements)


def _pct(values: list) -> str:
    return f"{100 * sum(values) / len(values):.1f} %" if values else "–"


if __name__ == "__main__":
    main()
