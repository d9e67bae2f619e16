"""Topic tags of an article: keyphrases scored by YAKE, kept when they read as common noun phrases.

YAKE scores candidate phrases of one to three words from the text alone (no
corpus, no download). Its candidates may cross a phrase boundary ("repairs Port
Aldwyn"), so a tag must also be a noun phrase the parser would accept: it ends in
a noun and holds no word that is never a noun or an adjective. Names are left to
the entities: a tag holds no proper noun ("toll", "pay rise", "battery plant"),
which also keeps fragments of names ("Health Minister Roland") out. The dateline
is removed first, so that no tag straddles it.
"""

from __future__ import annotations

import re

from newsbrief.pipeline.enrichment.entities import DATELINE, DEFAULT_MODEL, load_model
from newsbrief.pipeline.briefs.sentences import paragraphs

MIN_TAGS = 3
MAX_TAGS = 8
WORDS_PER_TAG = 40  # an article of 200 words gets 5 tags, one of 320 or more gets 8
CANDIDATES = 80  # YAKE's top phrases considered: about half of them hold a name or a verb
DEDUP_LIMIT = 0.7  # YAKE's similarity above which a phrase repeats a better one; 0.9 kept near-copies
_NOISE = re.compile(r"^[\d\W]+$")
UNITS = frozenset("cent percent".split())  # what YAKE's phrases keep of "per cent" when they cut "per"
# Words too general to be a topic on their own ("per cent" leaves "cent").
GENERIC = frozenset("cent percent year years week weeks month months day days time people way part number".split())


def extract(title: str, text: str, docs=None, model: str = DEFAULT_MODEL) -> tuple[str, ...]:
    """Three to eight topic tags for an article, best first (fewer only for a very short text).

    `docs` are the article's parsed paragraphs, (index, spaCy Doc), when the caller
    has them; without them the noun-phrase filter parses the candidates itself with `model`.
    """
    import yake  # imported here: only enrichment needs it

    body = paragraphs(text)
    if body:
        body[0] = DATELINE.sub("", body[0])
    source = "\n\n".join([title.strip().rstrip(".") + "."] + body) if title.strip() else "\n\n".join(body)
    n_words = len(source.split())
    if n_words == 0:
        return ()
    want = max(MIN_TAGS, min(MAX_TAGS, n_words // WORDS_PER_TAG))
    extractor = yake.KeywordExtractor(lan="en", n=3, dedup_lim=DEDUP_LIMIT, top=CANDIDATES)
    candidates = [phrase for phrase, _ in extractor.extract_keywords(source)]
    pos = _part_of_speech(docs, source, model)
    tags: list[str] = []
    for phrase in candidates:
        tag = _tag(phrase, pos)
        if tag and not any(_overlaps(tag, kept) for kept in tags):
            tags.append(tag)
        if len(tags) == want:
            break
    return tuple(tags)


def _part_of_speech(docs, source: str, model: str) -> dict[str, set[str]]:
    """The parts of speech each word takes in the article, as the parser tagged it there."""
    if docs is None:
        docs = enumerate(load_model(model).pipe(paragraphs(source)))
    pos: dict[str, set[str]] = {}
    for _, doc in docs:
        for tok in doc:
            pos.setdefault(tok.lower_, set()).add(tok.pos_)
    return pos


def _tag(phrase: str, pos: dict[str, set[str]]) -> str:
    """The phrase as a lowercase tag, or "" when it is not a common noun phrase."""
    words = phrase.split()
    if len(words) > 1 and words[0].lower() in UNITS:
        words = words[1:]  # "cent pay rise", cut from "per cent pay rise", is a "pay rise"
        phrase = " ".join(words)
    if _NOISE.match(phrase) or len(phrase) < 3:
        return ""
    seen = [pos.get(w.lower(), {"NOUN"}) for w in words]
    if not seen[-1] & {"NOUN"}:
        return ""  # a tag ends in a common noun
    if any(not tags & {"NOUN", "ADJ", "NUM"} for tags in seen):
        return ""  # and holds no word that is never a noun or an adjective: "said", "to", "the"
    if any(w[0].isupper() and "PROPN" in tags for w, tags in zip(words, seen, strict=True)):
        return ""  # names are entities, not topics
    if len(words) == 1 and phrase.lower() in GENERIC:
        return ""
    return phrase.lower()


def _overlaps(tag: str, kept: str) -> bool:
    """A tag whose words are all in a kept one (or the reverse) adds nothing."""
    a, b = ({w.rstrip("s") for w in t.lower().split()} for t in (tag, kept))
    return a <= b or b <= a
