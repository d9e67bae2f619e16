"""Briefs: sentences, the extractive summarizer, the optional model rewrite, the reference text layout.

The modules listed in __all__ are the phase's public surface: code outside the
phase imports only those; centrality (the scorer's features), lead (the lead's choice) and
residue, standalone and closing (the summarizer's editorial rules) are internal.
"""

__all__ = [
    "llm", "sentences", "story_brief", "story_brief_jsonl", "story_rewrite", "summarize", "summarize_jsonl", "textformat",
]
