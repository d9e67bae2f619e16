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

A story brief is written again whenever an article joins, but its lead and closing
change far less often: `kept` is what a rewrite leaves to be reused (the extractive
lead and closing it was made from, the sentences that replaced them, method and
notes), and `reused` applies it to a new extractive brief with the same lead and
closing, so that the model is asked again only when they change.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

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


def made_from(brief: StoryBrief) -> list[str]:
    """What a rewrite is made from: the extractive lead's and closing's sentences, as a key to compare."""
    return [*(f"lead: {s.text}" for s in brief.lead), *(f"closing: {s.text}" for s in brief.closing)]


def kept(extractive: StoryBrief, rewritten: StoryBrief) -> dict:
    """What a rewrite leaves to reuse (JSON): the key it was made from, each shown sentence as [part, index of the
    extractive sentence it stands for, text, method], and the rewrite's method and notes."""
    return {
        "of": made_from(extractive),
        "lead": [[*_stood_for(s, extractive, ("lead", "closing")), s.text, s.method] for s in rewritten.lead],
        "closing": [[*_stood_for(s, extractive, ("closing", "lead")), s.text, s.method] for s in rewritten.closing],
        "method": rewritten.method,
        "notes": list(rewritten.notes),
    }


def _stood_for(sentence, extractive: StoryBrief, parts: tuple[str, str]) -> tuple[str, int]:
    """The part and index of the extractive sentence a shown one stands for (same article and place), its own
    part first: the gate keeps a stand-in's article and place, and a closing may stand on the lead's first sentence."""
    return next((part, k) for part in parts for k, s in enumerate(getattr(extractive, part))
                if (s.article, s.span) == (sentence.article, sentence.span))  # fmt: skip


def reused(extractive: StoryBrief, rewrite: dict | None) -> StoryBrief | None:
    """The extractive brief with a kept rewrite's lead and closing, where the rewrite was made from this brief's
    lead and closing; None where it was not (or there is none): the model must be asked again."""
    if not rewrite or rewrite.get("of") != made_from(extractive):
        return None
    shown = {part: tuple(replace(getattr(extractive, stood)[k], text=text, method=method)
                         for stood, k, text, method in rewrite[part]) for part in ("lead", "closing")}  # fmt: skip
    return replace(extractive, **shown, method=rewrite["method"], notes=tuple(rewrite["notes"]))
