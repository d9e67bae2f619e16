"""Topic tags of an article: keyphrases scored by YAKE, kept when they read as common noun phrases.

YAKE scores candidate phrases of one to three words from the text alone (no
corpus, no download). Its candidates may cross a phrase boundary ("repairs Port
Aldwyn"), so a tag must also be a noun phrase the parser would accept: it ends in
a noun and holds no word that is never a noun or an adjective. Names are left to
the entities: a tag holds no proper noun ("toll", "pay rise", "battery plant"),
which also keeps fragments of names ("Health Minister Roland") out. The dateline
is removed first, so that no tag straddles it.

The parser is English, so text in another language is filtered by that language's
stop words (spaCy's language data, `spacy.lang.<code>.stop_words`) instead: a tag
holds none of them ("der", "und", "هذا"), nor a name where only names are
capitalised, and each of its words recurs in the article. A language with no stop
word list there, or one whose white-space words are no terms (Chinese, Japanese:
no segmenter ships; Korean: particles glued to words), gets no tags rather than
wrong ones.
"""

from __future__ import annotations

import re

from newsbrief.pipeline.enrichment.entities import DATELINE, DEFAULT_MODEL, load_model
from newsbrief.pipeline.briefs.sentences import paragraphs
from newsbrief.pipeline.language.detect import ENGLISH, is_english
from newsbrief.pipeline.language.stopwords import stop_words

MIN_TAGS = 3
MAX_TAGS = 8
WORDS_PER_TAG = 40  # an article of 200 words gets 5 tags, one of 320 or more gets 8
CANDIDATES = 80  # YAKE's top phrases considered: about half of them hold a name or a verb
DEDUP_LIMIT = 0.7  # YAKE's similarity above which a phrase repeats a better one; 0.9 kept near-copies
_NOISE = re.compile(r"^[\d\W]+$")
UNITS = frozenset("cent percent".split())  # what YAKE's phrases keep of "per cent" when they cut "per"
# Words too general to be a topic on their own ("per cent" leaves "cent").
GENERIC = frozenset("cent percent year years week weeks month months day days time people way part number".split())
# Written without spaces between words, or with particles glued to them (Korean "드라마의"):
# white-space words are no terms there.
NO_TERM_LANGUAGES = frozenset("zh ja ko th lo km my bo".split())
CAPITALISED_NOUNS = frozenset({"de", "lb"})  # languages that capitalise every noun, not only names


def extract(
    title: str, text: str, docs=None, model: str = DEFAULT_MODEL, *, language: str = ENGLISH
) -> tuple[str, ...]:
    """Three to eight topic tags for an article in `language`, best first (fewer only for a very short text).

    `docs` are the article's parsed paragraphs, (index, spaCy Doc), when the caller
    has them; without them the noun-phrase filter parses the candidates itself with
    `model`. Only English text is parsed; see the module's note for the others.
    """
    import yake  # imported here: only enrichment needs it

    english = is_english(language)
    stop = frozenset() if english else stop_words(language)
    if not english and (language in NO_TERM_LANGUAGES or not stop):
        return ()
    body = paragraphs(text)
    if body:
        body[0] = DATELINE.sub("", body[0])
    source = "\n\n".join([title.strip().rstrip(".") + "."] + body) if title.strip() else "\n\n".join(body)
    n_words = len(source.split())
    if n_words == 0:
        return ()
    want = max(MIN_TAGS, min(MAX_TAGS, n_words // WORDS_PER_TAG))
    if english:
        extractor = yake.KeywordExtractor(lan="en", n=3, dedup_lim=DEDUP_LIMIT, top=CANDIDATES)
    else:
        extractor = yake.KeywordExtractor(n=3, dedup_lim=DEDUP_LIMIT, top=CANDIDATES, stopwords=stop)
    candidates = [phrase for phrase, _ in extractor.extract_keywords(source)]
    pos = _part_of_speech(docs, source, model) if english else {}
    counts = {} if english else _word_counts(source)
    capitalised = language in CAPITALISED_NOUNS
    tags: list[str] = []
    for phrase in candidates:
        tag = _tag(phrase, pos) if english else _plain_tag(phrase, stop, counts, capitalised)
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


def _word_counts(source: str) -> dict[str, int]:
    """How often each word occurs in the text, lowercased."""
    counts: dict[str, int] = {}
    for word in re.findall(r"\w+", source.lower()):
        counts[word] = counts.get(word, 0) + 1
    return counts


def _plain_tag(phrase: str, stop: frozenset[str], counts: dict[str, int], capitalised_nouns: bool) -> str:
    """A phrase of a language the parser does not read as a tag, or "" when it holds a stop word or a name.

    Without a parser to tell nouns from verbs, a tag's words must each recur in the
    article: the verb of one sentence ("saniert") rarely does, the subject does.
    """
    words = phrase.split()
    if _NOISE.match(phrase) or len(phrase) < 3 or any(_NOISE.match(w) for w in words):
        return ""
    if any(w.lower() in stop or counts.get(w.lower(), 0) < 2 for w in words):
        return ""
    if capitalised_nouns:
        return phrase
    if any(w[:1].isupper() for w in words):
        return ""  # names are entities, not topics
    return phrase.lower()


def _overlaps(tag: str, kept: str) -> bool:
    """A tag whose words are all in a kept one (or the reverse) adds nothing."""
    a, b = ({w.rstrip("s") for w in t.lower().split()} for t in (tag, kept))
    return a <= b or b <= a
