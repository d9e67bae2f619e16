"""Optional abstractive lead and closing from an OpenAI-compatible model, behind a faithfulness gate.

Given an `Endpoint` (the pipeline passes one when NEWSBRIEF_LLM_URL is set), `rewrite`
sends the extractive brief and the article to `{url}/chat/completions` and asks for a
rewritten lead and closing. Every
generated sentence passes `unfaithful` or is replaced by the extractive sentence it
stands for: a number, a quoted string or a capitalised name that the article does
not contain rejects it. A model that is down, slow or answers nonsense leaves the
brief as it was, with a note. Nothing here is ever required.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import TypeVar

import httpx

from newsbrief.pipeline.briefs.sentences import split_text
from newsbrief.pipeline.briefs.lead import LEAD_MAX_SENTENCES, LEAD_MAX_WORDS
from newsbrief.pipeline.briefs.summarize import CLOSING_MAX_WORDS, CLOSING_PREFIX, word_count
from newsbrief.pipeline.types import Brief

ARTICLE_CHARS = 8000  # of the article sent with the prompt: enough context, a bounded bill
SYSTEM_PROMPT = (
    "You edit news briefs. Rewrite the lead so it says in at most 3 sentences and 75 words what "
    "happened and why it matters, and write a closing paragraph of at most 80 words that starts "
    "with 'In summary,' and does not repeat the lead word for word. Use only facts from the "
    "article: add no number, name or quotation that it does not contain. Answer with JSON only: "
    '{"lead": "...", "closing": "In summary, ..."}'
)
NUMBER_WORDS = {
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8",
    "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20", "hundred": "100",
    "thousand": "1000", "million": "1000000", "billion": "1000000000", "dozen": "12",
}  # fmt: skip
# Capitalised words that open sentences without naming anything.
COMMON = frozenset(
    "a an the this that these those it its in on at for after before when while if as since but "
    "and so yet however meanwhile he she they we i his her their our there here what who why how "
    "summary overall both all some many most".split()
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|‘([^’]+)’|``\s*(.+?)\s*''|(?<!\w)'([^']+)'(?!\w)")
_NAME = re.compile(r"[A-Z][\w’'.-]*")
# A sentence the gates take, a frozen dataclass with `text` and `method`: an article brief's BriefSentence or
# a story brief's StorySentence (story_rewrite.py); and a brief of them, with lead, closing, method and notes.
Said = TypeVar("Said")
Rewritable = TypeVar("Rewritable")


@dataclass(frozen=True)
class Endpoint:
    """An OpenAI-compatible chat endpoint: its base URL, the model asked, the bearer key, and the seconds waited."""

    url: str
    model: str = "llama3.1"
    api_key: str = ""
    timeout: float = 30.0


def rewrite(brief: Brief, title: str, text: str, endpoint: Endpoint) -> Brief:
    """The brief with its lead and closing rewritten by the model, sentence by sentence where faithful."""
    if not brief.lead:
        return brief
    return rewrite_gated(brief, _messages(brief, title, text), f"{title}\n{text}", endpoint)


def rewrite_gated(brief: Rewritable, messages: list[dict], source: str, endpoint: Endpoint) -> Rewritable:
    """A brief (an article's or a story's: lead, closing, method, notes) with the lead and closing the model gives
    for `messages`, each sentence passing `unfaithful` against `source` or falling back to the extractive one."""
    model = endpoint.model
    try:
        reply = chat(messages, endpoint)
        lead_text, closing_text = parse_reply(reply)
    except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as exc:
        return replace(brief, notes=(*brief.notes, f"llm {model} not used: {type(exc).__name__}: {exc}"[:300]))
    notes: list[str] = []
    lead = gate_lead(lead_text, brief.lead, source, notes)
    closing = gate_closing(closing_text, brief.closing, lead, source, notes)
    used = any(s.method == "llm" for s in (*lead, *closing))
    return replace(
        brief,
        lead=lead,
        closing=closing,
        method="extractive+llm" if used else brief.method,
        notes=(*brief.notes, *(f"llm {model}: {n}" for n in notes)),
    )


def chat(messages: list[dict], endpoint: Endpoint) -> str:
    """The model's answer to a chat: one POST to {endpoint.url}/chat/completions."""
    # The operator configures this URL and it is often on loopback, so it does not go
    # through the guarded fetch client; keep all HTTP in this one function.
    url = endpoint.url.rstrip("/") + "/chat/completions"
    headers = {"Content-Type": "application/json"}
    if endpoint.api_key:
        headers["Authorization"] = f"Bearer {endpoint.api_key}"
    payload = {"model": endpoint.model, "messages": messages, "temperature": 0, "stream": False}
    with httpx.Client(timeout=endpoint.timeout) as client:
        response = client.post(url, json=payload, headers=headers)
        response.raise_for_status()
        return response.json()["choices"][0]["message"]["content"]


def parse_reply(reply: str) -> tuple[str, str]:
    """The lead and closing from the model's JSON answer (code fences and chatter around it allowed)."""
    start, end = reply.find("{"), reply.rfind("}")
    if start < 0 or end < start:
        raise ValueError("the answer holds no JSON object")
    data = json.loads(reply[start : end + 1])
    lead, closing = data.get("lead", ""), data.get("closing", "")
    if isinstance(lead, list):
        lead = " ".join(str(s) for s in lead)
    if not isinstance(lead, str) or not isinstance(closing, str):
        raise ValueError("lead and closing must be strings")
    return " ".join(lead.split()), " ".join(closing.split())


def unfaithful(sentence: str, source: str) -> str:
    """Why a generated sentence is not backed by the source, or "" when it is."""
    src_lower = " ".join(source.lower().split())
    src_numbers = {n.replace(",", "") for n in _NUMBER.findall(source)}
    src_words = {_norm(w) for w in re.findall(r"[\w’'.-]+", src_lower)}
    for n in _NUMBER.findall(sentence):
        if n.replace(",", "") not in src_numbers:
            return f"number {n} is not in the article"
    for w in re.findall(r"[a-z]+", sentence.lower()):
        if w in NUMBER_WORDS and w not in src_words and NUMBER_WORDS[w] not in src_numbers:
            return f"number {w} is not in the article"
    for groups in _QUOTED.findall(sentence):
        quoted = " ".join(next(g for g in groups if g).lower().split()).strip(" ,.")
        if quoted and quoted not in src_lower:
            return f"quotation {quoted!r} is not in the article"
    body = sentence[len(CLOSING_PREFIX) :] if sentence.startswith(CLOSING_PREFIX) else sentence
    for m in _NAME.finditer(body):
        name = _norm(m.group().lower())
        if m.start() == 0 and name in COMMON:
            continue
        if name and name not in src_words:
            return f"name {m.group()!r} is not in the article"
    return ""


def _norm(word: str) -> str:
    """A word for name matching: possessive, dots and edge punctuation dropped."""
    word = re.sub(r"['’]s$", "", word.strip(".,;:-'’"))
    return word.replace(".", "")


def _messages(brief: Brief, title: str, text: str) -> list[dict]:
    """The chat sent to the model: the task, then the extractive brief and the article."""
    user = (
        f"Title: {title}\n\nExtractive lead: {brief.lead_text}\n\n"
        f"Key points:\n" + "\n".join(f"- {s.text}" for s in brief.key_points) + "\n\n"
        f"Extractive closing: {brief.closing_text}\n\nArticle:\n{text[:ARTICLE_CHARS]}"
    )
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def gate_lead(generated: str, extractive: tuple[Said, ...], source: str, notes: list[str]) -> tuple[Said, ...]:
    """Generated lead sentences that pass the gate; each failure falls back to the extractive sentence.

    A sentence that passes keeps the place (and, in a story brief, the outlet) of the extractive one it stands for."""
    out: list[Said] = []
    for k, s in enumerate(s.text for s in split_text(generated)[:LEAD_MAX_SENTENCES]):
        # Each generated sentence stands for the extractive one in its place (the last when there are more).
        stand_in = extractive[min(k, len(extractive) - 1)]
        reason = unfaithful(s, source)
        if reason:
            notes.append(f"lead sentence {k + 1} rejected: {reason}")
            if stand_in not in out:
                out.append(stand_in)
        else:
            out.append(replace(stand_in, text=s, method="llm"))
    while out and sum(word_count(s.text) for s in out) > LEAD_MAX_WORDS:
        out.pop()  # the model ran long: whole sentences are dropped, never cut
    if not out:
        notes.append("lead kept: the answer had no usable lead")
        return extractive
    return tuple(out)


def gate_closing(
    generated: str, extractive: tuple[Said, ...], lead: tuple[Said, ...], source: str, notes: list[str]
) -> tuple[Said, ...]:
    """The generated closing when every sentence of it passes the gate, else the extractive one."""
    if not generated:
        return extractive
    if not generated.startswith(CLOSING_PREFIX):
        generated = CLOSING_PREFIX + generated[0].lower() + generated[1:]
    reason = ""
    if word_count(generated) > CLOSING_MAX_WORDS:
        reason = f"longer than {CLOSING_MAX_WORDS} words"
    elif any(s.text in generated for s in lead):
        reason = "it repeats the lead word for word"
    else:
        reason = next((r for r in (unfaithful(s.text, source) for s in split_text(generated)) if r), "")
    if reason:
        notes.append(f"closing rejected: {reason}")
        return extractive
    stand_in = extractive[0] if extractive else lead[0]
    return (replace(stand_in, text=generated, method="llm"),)
