"""Real news of other years around ECB+: BBC News reports (2004-2005) that no ECB+ event or topic is about.

ECB+'s topics are far apart, so a thread bar low enough to join anything that
shares a word or two with a thread costs nothing there. A day's real news is
many unrelated stories at once: mixed into the stream, these reports show a bar
that lets them into ECB+'s events or threads. Their own events and threads are not
known, so they count for precision only (bench/cluster/protocol.py): an ECB+ event
that takes a report loses precision (`event` is the report's id), and a report's
thread can be no wider than the BBC section it ran in (`topic` is the section:
business, politics, sport...), so a thread that mixes sections, or takes an ECB+
document, loses precision too.
"""

from __future__ import annotations

from pathlib import Path

from bench.cluster.ecbplus import Doc, read_with_entities
from newsbrief.pipeline.enrichment.entities import DEFAULT_MODEL

BBC = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval" / "bbc-dev.jsonl.gz"
PREFIX = "bbc:"  # the ids, events and topics of distractors


def read(path: Path = BBC, model: str = DEFAULT_MODEL) -> list[Doc]:
    """The reports in file order, each with the entity names the site's enrichment gives it (cached by content)."""
    items, names = read_with_entities(path, "bbc", lambda item: item["title"], model)
    return [
        Doc(PREFIX + item["id"], f"{item['title']}\n\n{item['text']}", tuple(names[item["id"]]), PREFIX + item["id"],
            PREFIX + item["label"])
        for item in items
    ]


def halves(docs: list[Doc], each: int) -> tuple[list[Doc], list[Doc]]:
    """Two disjoint sets of `each` reports, alternately from file order: one beside each ECB+ fold."""
    return docs[0 : 2 * each : 2], docs[1 : 2 * each : 2]


def is_distractor(doc: Doc) -> bool:
    """Whether the document is one of these reports rather than ECB+'s."""
    return doc.id.startswith(PREFIX)
