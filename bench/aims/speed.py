"""Where enrichment's time goes, per article on one core, against spaCy's own cost for the same texts.

CPU time of this process (`time.process_time`), so other work on shared cores
does not count; the caller pins the numeric libraries to one thread. Each phase
runs over all articles in turn, models loaded beforehand.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from newsbrief.pipeline.enrichment import aims, entities, topics
from newsbrief.pipeline.enrichment.enrich import enrich


@dataclass(frozen=True)
class Timing:
    """CPU seconds per article of each part, over `articles` articles."""

    articles: int
    spacy_alone: float  # the model's full pipeline over each whole text, nothing else
    parse: float  # entities.parse: the same model over title and paragraphs
    entity_table: float
    topics: float
    statements: float
    enrich: float  # the whole enrich() call

    @property
    def rest(self) -> float:
        """What enrich() spends outside the four parts measured one by one."""
        return self.enrich - (self.parse + self.entity_table + self.topics + self.statements)


def measure(texts: list[tuple[str, str]], model: str = entities.DEFAULT_MODEL) -> Timing:
    """Time each part of enrichment on (title, text) pairs."""
    nlp = entities.load_model(model)
    enrich("warm-up", "The council wants a new bridge.")
    n = len(texts)

    def clock(work) -> float:
        started = time.process_time()
        for title, text in texts:
            work(title, text)
        return (time.process_time() - started) / n

    spacy_alone = clock(lambda title, text: nlp(text))
    parsed = [entities.parse(title, text) for title, text in texts]
    parse = clock(lambda title, text: entities.parse(title, text))
    started = time.process_time()
    tables = [entities.table(docs) for docs in parsed]
    entity_table = (time.process_time() - started) / n
    started = time.process_time()
    for (title, text), docs in zip(texts, parsed):
        topics.extract(title, text, docs)
    topic_time = (time.process_time() - started) / n
    started = time.process_time()
    for docs, table in zip(parsed, tables):
        aims.statements(docs, table)
    statement_time = (time.process_time() - started) / n
    whole = clock(lambda title, text: enrich(title, text))
    return Timing(n, spacy_alone, parse, entity_table, topic_time, statement_time, whole)
