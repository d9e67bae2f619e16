"""The pipeline as the site runs it: its options from the settings and the alias table, and what counts as stored."""

from __future__ import annotations

from newsbrief import config
from newsbrief.pipeline import types
from newsbrief.pipeline.process import Options
from newsbrief.site.models import Article, EntityAlias


def pipeline_options(*, body_mode: str = "condensed", enrich: bool = True) -> Options:
    """The pipeline's options: NEWSBRIEF_EXTRACT_*, NEWSBRIEF_SPACY_MODEL, NEWSBRIEF_LLM_* and the admin's aliases."""
    return Options(
        body_mode=body_mode,
        limits=config.extract_limits(),
        enrich=enrich,
        aliases=tuple(sorted(EntityAlias.table().items())),
        spacy_model=config.value("NEWSBRIEF_SPACY_MODEL"),
        rewrite=config.llm_endpoint(),
    )


def is_stored(article: types.Article) -> bool:
    """Whether the database holds the same text already (an exact duplicate): it is then never briefed."""
    return Article.objects.find_duplicate(article) is not None
