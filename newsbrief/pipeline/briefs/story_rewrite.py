"""The optional model rewrite of a story brief's lead and closing, behind the article briefs' faithfulness gate.

Where a model is configured (an `llm.Endpoint`), the story brief's lead and closing
may be rewritten from the outlets' sentences and the articles they come from. Every
generated sentence passes `llm.unfaithful` against the texts of the contributing
articles (those the brief's sentences come from): a number, a quotation or a name
that none of them contains rejects it, and the outlet's own sentence it stands for
stays. A sentence that passes keeps the outlet, article and place of the sentence it
stands for, with method "llm", so that a reader still sees whose report it rests on
and that a model wrote it. Key points and the agree, differ and coverage tables are
never rewritten. A model that is down, slow or answers nonsense leaves the brief as
it was, with a note for editors.
"""

from __future__ import annotations

from collections.abc import Mapping

from newsbrief.pipeline.briefs import llm
from newsbrief.pipeline.briefs.story_brief import StoryBrief

SOURCE_CHARS = 8000  # of the contributing articles sent with the prompt, shared among them: a bounded bill
SYSTEM_PROMPT = (
    "You edit the brief of a news story that several outlets covered. Rewrite the lead so it says in at most "
    "3 sentences and 75 words what happened and why it matters, and write a closing paragraph of at most 80 words "
    "that starts with 'In summary,' and does not repeat the lead word for word. Use only facts from the outlets' "
    "articles below: add no number, name or quotation that they do not contain, and where outlets report different "
    "figures for one thing, do not state one of them as settled. Answer with JSON only: "
    '{"lead": "...", "closing": "In summary, ..."}'
)


def contributing(brief: StoryBrief) -> list[str]:
    """The ids of the articles the brief's sentences come from, in the brief's order, each once."""
    return list(dict.fromkeys(s.article for _, s in brief.sentences))


def rewrite_story(brief: StoryBrief, articles: Mapping[str, tuple[str, str]], endpoint: llm.Endpoint,
                  title: str = "") -> StoryBrief:
    """The story brief with its lead and closing rewritten by the model where faithful to the contributing articles.

    `articles` maps article ids to (title, text) and must hold every contributing article; a missing
    one is an error of the caller (KeyError naming it), never a gate that passes on less text."""
    if not brief.lead:
        return brief
    sources = [(article, *articles[article]) for article in contributing(brief)]
    source = "\n".join(f"{heading}\n{text}" for _, heading, text in sources)
    return llm.rewrite_gated(brief, _messages(brief, title, sources), source, endpoint)


def _messages(brief: StoryBrief, title: str, sources: list[tuple[str, str, str]]) -> list[dict]:
    """The chat sent to the model: the task, the story brief's sentences with their outlets, and the articles."""
    outlet = {s.article: s.outlet for _, s in brief.sentences}
    share = SOURCE_CHARS // max(len(sources), 1)
    listed = lambda sentences: "\n".join(f"- {s.attributed}" for s in sentences)  # noqa: E731
    articles = "\n\n".join(f"Article from {outlet[article]}: {heading}\n{text[:share]}"
                           for article, heading, text in sources)  # fmt: skip
    user = (f"Story: {title}\n\nExtractive lead:\n{listed(brief.lead)}\n\nKey points:\n{listed(brief.key_points)}\n\n"
            f"Extractive closing:\n{listed(brief.closing)}\n\nArticles:\n{articles}")  # fmt: skip
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]
