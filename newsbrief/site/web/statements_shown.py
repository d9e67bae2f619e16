"""Which stored statements the pages show: those that pass the checks enrichment applies today.

Statements stored by an older enrichment may not: an aim that does not read (an
unclosed quote, a dangling "to"), or evidence that is not a sentence of the
article any more. Those stay in the database (a re-enrichment replaces them) and
are left off the pages, so that every statement shown reads and its evidence link
still opens the sentence in the original.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsbrief.pipeline.enrichment.aim_reading import reads
from newsbrief.site.models import Statement


def passes(statement: Statement) -> bool:
    """Whether a statement may be shown: its aim reads and its evidence is a sentence, not nothing."""
    return reads(statement.aim) and bool(statement.evidence.strip()) and statement.end > statement.start


def shown(statements: Iterable[Statement]) -> list[Statement]:
    """The statements that pass, in the order given."""
    return [s for s in statements if passes(s)]
