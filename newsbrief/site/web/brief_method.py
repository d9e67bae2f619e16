"""How a brief was written, as readers are told it; the gate's notes are for editors and stay in the admin."""

from __future__ import annotations

from newsbrief.pipeline.process import FEED_TEXT_NOTE

# One line per method the pipeline records (pipeline/briefs: summarize, llm, textformat).
METHODS = {
    "extractive": "Every sentence of this brief is the article's own, chosen by newsbrief.",
    "extractive+llm": (
        "The lead and closing were rewritten by a language model and checked against the article;"
        " the other sentences are the article's own."
    ),
    "imported": "This brief was imported as written.",
    "lead": "This brief is the article's opening.",
}
UNKNOWN_METHOD = "Written by newsbrief from the article's own sentences."
# The same for a story's brief from all its outlets (pipeline/briefs: story_brief, story_rewrite).
STORY_METHODS = {
    "extractive": "Every sentence of this brief is an outlet's own, chosen by newsbrief and linked to its place.",
    "extractive+llm": (
        "The lead and closing were rewritten by a language model and checked against the outlets' articles;"
        " each names the outlet whose sentence it stands for. The other sentences are the outlets' own."
    ),
}


def method_lines(article) -> list[str]:
    """What a reader is told about how the article's brief was written: the method, and a feed's text when used."""
    lines = [METHODS.get(article.brief.method, UNKNOWN_METHOD)]
    if article.text_origin == "feed":
        lines.append(FEED_TEXT_NOTE)
    return lines


def story_method_line(method: str) -> str:
    """What a reader is told about how a story's brief was written."""
    return STORY_METHODS.get(method, STORY_METHODS["extractive"])
