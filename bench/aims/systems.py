"""What the systems under test say about an article: newsbrief's enrichment, and spaCy's small model as it is."""

from __future__ import annotations

from bench.aims.entity_scores import Predicted
from bench.aims.statement_scores import Claim
from newsbrief.pipeline.enrichment import entities
from newsbrief.pipeline.enrichment.enrich import enrich

# spaCy's labels for the three kinds the gold has; NORP (mostly adjectives: "Russian officials") is left out.
SPACY_KINDS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
_KIND_NAMES = {"person": "PERSON", "org": "ORG", "place": "PLACE", "other": "OTHER"}


def paragraph_starts(text: str) -> list[int]:
    """Where each paragraph of `entities.parse` (non-empty, split at blank lines) starts in the text."""
    starts, cursor = [], 0
    for piece in text.split("\n\n"):
        if piece.strip():
            starts.append(cursor)
        cursor += len(piece) + 2
    return starts


def newsbrief_claims(title: str, text: str) -> list[Claim]:
    """newsbrief's who-wants-what statements of an article."""
    return [Claim(s.actor, str(s.polarity), s.aim, s.cue, s.evidence) for s in enrich(title, text).statements]


def newsbrief_mentions(title: str, text: str) -> list[Predicted]:
    """newsbrief's entity mentions in the text (not the title), each with its entity's kind."""
    table = entities.table(entities.parse(title, text))
    starts = paragraph_starts(text)
    return [
        Predicted(starts[m.paragraph] + m.start, starts[m.paragraph] + m.end, m.name,
                  _KIND_NAMES[str(table.kinds.get(m.name, m.kind))])
        for m in table.mentions
        if m.paragraph >= 0
    ]


def spacy_mentions(text: str, model: str = entities.DEFAULT_MODEL) -> list[Predicted]:
    """The baseline: the small model's entities over the whole text, grouped by exact string."""
    doc = entities.load_model(model)(text)
    return [
        Predicted(ent.start_char, ent.end_char, ent.text, SPACY_KINDS[ent.label_])
        for ent in doc.ents
        if ent.label_ in SPACY_KINDS
    ]
