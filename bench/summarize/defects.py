"""Editorial defects of a brief, as an editor reading the page would mark them: one check per kind.

Each check takes a `Page` (the article's title and text, its brief) and says whether
the brief has that defect. The checks are written apart from the summarizer's own
rules (briefs/residue.py, briefs/closing.py …) on purpose: a measure that reused the
rules it measures could never find what they miss.

Kinds (issue 15, items 1 to 4):

- repeated: two sentences of the page (lead, key points, body, closing) with over
  80 % word overlap (distinct words of the shorter found in the other);
- closing: the closing is a headline (the title again, or no final mark: a heading,
  teaser or caption), a link teaser, a caption, a code line, a question, a list (a team
  sheet), or a sentence printed elsewhere on the page;
- residue: navigation, newsletter or subscription prompts, related links, video
  prompts, "Read more", share prompts, copyright lines, shortcodes, code or photo
  credits in a lead sentence, key point or closing;
- glued: a lead sentence, key point or closing that runs from a line ending without a
  mark into the next (a caption or heading glued to a sentence), or that points at a
  picture ("(pictured)", "is pictured");
- dangling: a lead sentence or key point opening on a word that needs an antecedent
  (However, But, He, They, This …, and their German, French and Spanish kin) whose
  sentence before it in the article is not right before it on the page;
- bare quote: a lead sentence or key point that is a quotation without its speaker, or
  whose quotation is still open at its end;
- dateline: a dateline ("PORT ALDWYN —", "(Reuters) -") inside a lead sentence, key
  point or closing;
- standfirst: the lead states one fact twice: a standfirst (a paragraph of its own)
  and the next lead sentence share half the content words of the shorter, or any two
  lead sentences share 70 % of them;
- summary twice: the closing's opening words ("In summary,") more than once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from newsbrief.pipeline.briefs.sentences import Sentence, paragraphs, split_text
from newsbrief.pipeline.language.labels import CLOSING_PREFIXES, NEUTRAL_PREFIX
from newsbrief.pipeline.types import Brief, BriefSentence

REPEATED_OVERLAP = 0.8  # the bar: no pair over 80 % word overlap
RESTATED_OVERLAP = 0.5  # content words: a restatement rewords, so it shares fewer words than a copy
SAME_FACT_OVERLAP = 0.7  # content words shared by two lead sentences that say one thing, standfirst or not
MIN_WORDS = 4  # shorter sentences ("He said no.") share their few words by chance

_WORD = re.compile(r"\w+")
_FINAL = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s*$")
_QUESTION = re.compile(r"[?？][\"'”’»)\]]*\s*$")
# A few function words of the corpora's languages, for the content-word overlap of restatements.
_STOP = frozenset(
    "the a an and or of to in on at for by with from as is are was were be been has have had it its "
    "this that these those he she they his her their not but said says will would also than after "
    "der die das den dem des ein eine einer einem einen und oder zu im in am an auf für mit von ist "
    "sind war wurde werden hat haben nicht auch sich er sie es bei aus nach wie dass "
    "le la les un une des et ou de du en au aux pour par avec est sont il elle "
    "el los las y o del al por con es son que se".split()
)
_RESIDUE = re.compile(
    r"""
    scroll\ down\ for\ (?:the\ )?video | \bwatch\ the\ (?:full\ )?video\b | ^\W*(?:video|watch)\s*: 
  | \bread\ more\b | \bread\ the\ (?:original|full)\ (?:article|story)\b | ^\W*(?:related|see\ also|more)\s*: 
  | \byou\ (?:may|might)\ also\ like\b | ^\W*(?:also\ read|read\ also|recommended|more\ from|more\ on\ this|lesen\ sie\ (?:auch|mehr)|mehr\ zum\ thema
        |lea\ también|lire\ aussi|weiterlesen)\b
  | ^\W*(?:see|get|buy|shop)\ (?:it\ )?now\b | \b(?:receba|assine|inscreva-se|iscriviti)\b[^.!?]{0,60}\b(?:newsletter|e-?mail)\b
  | \bclick\ here\b | \bsign(?:ing)?\ up\ (?:for|to)\ (?:our|my)\b | \bthanks?\ (?:you\ )?for\ (?:signing\ up|subscribing)\b
  | \bsubscribe\ (?:now|today|here|to\ (?:our|this))\b | \bplease\ subscribe\b | \b(?:in|to)\ your\ inbox\b
  | (?:sign|subscribe|abonn|register|get|receive)[^.!?]{0,40}\bnewsletter | \bnewsletter\b[^.!?]{0,20}(?:sign|subscribe|abonn)
  | \balready\ a\ subscriber\b | \bfree\ trial\b | \bjetzt\ (?:abonnieren|lesen|testen|registrieren)\b
  | \babonnez-vous\b | \bsuscr[ií]bete\b | \bregister\ (?:now|for\ free)\b | \blog\ ?in\ to\b
  | \bshare\ (?:this\ (?:article|story|post|page)|on\ (?:facebook|twitter|whatsapp))\b | \bfollow\ (?:us|him|her|me)\ on\b
  | \bskip\ to\ (?:main\ )?content\b | ^\W*(?:home|menu|advertisement|anzeige|werbung)\W*$
  | [©ⓒ]|^\W*copyright\s*(?:\(c\)|\d{4}|:)|\bcopyright\s*(?:\(c\)|\d{4})|\ball\ rights\ reserved\b|\balle\ rechte\ vorbehalten\b|무단|저작권|版权
  | \[/\w+\] | \[\w+\s+\w+= 
  | \b(?:photo|image|picture|foto|bild)(?:\ credit)?\s*: | \(photo\b | \bgetty\ images\b | \bap\ photo\b
  | \bimage\ (?:copyright|caption)\b | \bphoto\ by\b | \bcredit\s*: | \bbildquelle\b
  | [\w.+-]+@[\w-]+\.[\w.]+ | \s[>›»|]\s\S+\s[>›»|]\s
    """,
    re.X | re.I,
)
_CODE = re.compile(
    r"""^\W*(?:from\ [\w.]+\ import\b|import\ [\w.]+|def\ \w+\(|class\ \w+[:(]|return\b|\$\ \w|\#include
        |var\ \w+\ ?=|const\ \w+\ ?=|let\ \w+\ ?=|function\s*\w*\()
      | [{}]\s*$ | \)\s*;\s*$ | \w+\([^()\s]*\)\s*[;{] | </?[a-z][a-z0-9]*(?:\s[^<>]*)?> | [=!]==? | =>
    """,
    re.X,
)
_GLUED_LINE = re.compile(r"[\w,]\s*\n\s*[A-ZÄÖÜ]")
_CAPTION = re.compile(r"\(\s*pictured\b|\bpictured\s*:|\b(?:is|are|was|were) pictured\b|,\s*pictured\b", re.I)
_TEASER = re.compile(r"^\W*(?:related|see also|more|watch|read|listen|video|photos?|gallery)\b\s*[:|-]", re.I)
_QUOTES_OPEN = "\"“„«‘‚'`"
_QUOTES_CLOSE = "\"”»’'“"
_SPEECH = frozenset(
    "said says say told tells asked asks added adds explained wrote writes according insisted replied "
    "recalled warned argued stressed noted claimed admitted declared whispered shouted yelled cried screamed "
    "sagte sagt sagten erklärte erklärt betonte betont meinte meint berichtete schrieb teilte so laut "
    "dit déclaré affirme affirmé explique expliqué selon "
    "dijo afirmó explicó según declaró señaló".split()
)
_DANGLING = frozenset(
    "however but and so also yet still meanwhile instead nevertheless moreover furthermore besides then "
    "he she it they him them his her its their this these that those such "
    "er sie ihm ihn ihr ihre sein seine seiner dies diese dieser dieses aber doch jedoch deshalb daher "
    "dabei damit dazu dennoch trotzdem außerdem zudem auch "
    "il elle ils elles mais cependant pourtant "
    "él ella ellos ellas pero esto además".split()
)
# After "This"/"Diese" these nouns make a time ("This week"), which needs no antecedent.
_TIME_NOUNS = frozenset(
    "week year month morning afternoon evening night weekend summer winter spring autumn fall season "
    "time woche jahr monat morgen abend sommer winter saison".split()
)
_DATELINE = re.compile(
    r"""(?:^\W*|(?<=[.!?]\s))[A-ZÄÖÜ][A-ZÄÖÜ'’.-]{2,}(?:[ ,/]+[A-ZÄÖÜ][\w'’.-]*){0,3}\s*(?:\([^()]{1,30}\)\s*)?(?:—|–|--)\s+[A-ZÄÖÜ0-9"“„]
    """,
    re.X,
)
_AGENCY = re.compile(r"\((?:reuters|ap|afp|dpa|cnn|apa|kna|epd|sid|upi|bloomberg)\)\s*(?:—|–|--|-|:)", re.I)


@dataclass(frozen=True)
class Page:
    """One article and its brief, as the reader sees them."""

    title: str
    text: str
    brief: Brief
    language: str = "en"

    @cached_property
    def sources(self) -> list[Sentence]:
        """The article's sentences, in order."""
        return split_text(self.text)

    @cached_property
    def closing_body(self) -> str:
        """The closing without its opening words."""
        text = self.brief.closing_text
        low = text.lower()
        for prefix in _prefixes():
            if low.startswith(prefix):
                return text[len(prefix) :].lstrip()
        return text

    @cached_property
    def printed(self) -> list[tuple[str, str]]:
        """Every sentence on the page, with the part it stands in."""
        b = self.brief
        out = [("lead", s.text) for s in b.lead] + [("key point", s.text) for s in b.key_points]
        out += [("body", s.text) for p in b.body for s in p]
        if b.closing:
            out.append(("closing", self.closing_body))
        return out

    def source_index(self, s: BriefSentence) -> int | None:
        """The index of the article sentence a brief sentence was taken from."""
        if s.span is None:
            return None
        for i, src in enumerate(self.sources):
            if src.paragraph == s.span.paragraph and src.start <= s.span.start < max(src.end, src.start + 1):
                return i
        return None


def words(text: str) -> set[str]:
    """The distinct lowercased words of a text."""
    return set(_WORD.findall(text.lower()))


def overlap(a: set[str], b: set[str]) -> float:
    """Share of the smaller word set found in the other."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def _content(text: str) -> set[str]:
    return {w for w in words(text) if w not in _STOP and len(w) > 2}


def _prefixes() -> list[str]:
    known = {p.strip().lower() for p in (*CLOSING_PREFIXES.values(), NEUTRAL_PREFIX)}
    return sorted(known | {"in summary,"}, key=len, reverse=True)


def repeated(page: Page) -> bool:
    """Two sentences on the page with over 80 % word overlap."""
    sets = [words(t) for _, t in page.printed]
    sets = [s for s in sets if len(s) >= MIN_WORDS]
    return any(
        overlap(a, b) > REPEATED_OVERLAP for k, a in enumerate(sets) for b in sets[k + 1 :]
    )


def bad_closing(page: Page) -> bool:
    """A closing that is a headline, teaser, caption, code line, question or a sentence printed elsewhere."""
    if not page.brief.closing:
        return False
    body = page.closing_body
    own = words(body)
    if not _FINAL.search(body) or _QUESTION.search(body):
        return True
    if _TEASER.search(body) or _RESIDUE.search(body) or _CODE.search(body):
        return True
    # A list (a team sheet, credits): groups of a name or two between semicolons.
    separators = body.count(";") + body.count(",")
    if body.count(";") >= 2 and len(_WORD.findall(body)) <= 3 * (separators + 1):
        return True
    title = words(page.title)
    if len(own) >= MIN_WORDS and len(title) >= MIN_WORDS and overlap(own, title) > REPEATED_OVERLAP:
        return True
    others = [t for part, t in page.printed if part != "closing"]
    return any(overlap(own, words(t)) > REPEATED_OVERLAP for t in others if len(words(t)) >= MIN_WORDS)


def _shown_alone(page: Page) -> list[str]:
    """The sentences a reader meets out of the article's flow: lead, key points, closing (without its prefix)."""
    closing = [page.closing_body] if page.brief.closing else []
    return [s.text for s in [*page.brief.lead, *page.brief.key_points]] + closing


def residue(page: Page) -> bool:
    """Page furniture (navigation, prompts, related links, credits, code …) in a lead, key point or closing."""
    return any(_RESIDUE.search(t) or _CODE.search(t) for t in _shown_alone(page))


def glued(page: Page) -> bool:
    """A lead sentence, key point or closing that runs over a line ending without a mark into the next
    line (a caption or heading glued to a sentence), or points at a picture ("(pictured)")."""
    paras = paragraphs(page.text)
    shown = [*page.brief.lead, *page.brief.key_points, *page.brief.closing]
    for s in shown:
        if s.span is None or s.span.paragraph >= len(paras):
            continue
        source = paras[s.span.paragraph][s.span.start : s.span.end]
        if _GLUED_LINE.search(source) or _CAPTION.search(source):
            return True
    return False


def _opener(text: str) -> tuple[str, str]:
    tokens = _WORD.findall(text[:60].lower())
    return (tokens[0] if tokens else "", tokens[1] if len(tokens) > 1 else "")


def _needs_antecedent(text: str) -> bool:
    if text.lstrip()[:1] in _QUOTES_OPEN:
        return False  # a quotation opens with the speaker's words: the bare-quote check judges it
    first, second = _opener(text)
    if (first, second) == ("auch", "wenn"):
        return False  # "even if": a conjunction, not "also"
    if first in ("this", "these", "that", "those", "diese", "dieser", "dieses") and second in _TIME_NOUNS:
        return False
    if first == "sin" and second == "embargo":
        return True
    return first in _DANGLING


def dangling(page: Page) -> bool:
    """A lead sentence or key point leaning on a sentence left out ("However, …", "He said …")."""
    lead = page.brief.lead
    for k, s in enumerate(lead):
        if not _needs_antecedent(s.text):
            continue
        i = page.source_index(s)
        if i == 0:
            continue
        before = page.source_index(lead[k - 1]) if k else None
        if i is None or before is None or before != i - 1:
            return True
    return any(_needs_antecedent(s.text) and page.source_index(s) != 0 for s in page.brief.key_points)


def bare_quote(page: Page) -> bool:
    """A lead sentence or key point that is a quotation without its speaker."""
    return any(_is_bare_quote(s.text) for s in [*page.brief.lead, *page.brief.key_points])


def _is_bare_quote(text: str) -> bool:
    t = text.strip()
    opens = t[:1] in _QUOTES_OPEN or t.startswith("``")
    # A quotation's end without its start: "… kick them outside.'"
    tail = t.rstrip(" …")
    ends_quoted = tail[-1:] in _QUOTES_CLOSE and tail[-2:-1] in ".!?,…"
    unmatched = ends_quoted and not any(q in t[:-1] for q in "“„«‘") and t[:-1].count('"') % 2 == 0 and " '" not in t
    if not (opens or unmatched):
        return False
    # A quotation still open at the sentence's end: whoever "says" inside it is not its speaker.
    # Closing marks of English, German („…“, »…«) and French quotations.
    if opens and (t.count('"') % 2 == 1 if t[0] == '"' else not re.search(r"[”»’'“‘«](?!\w)", t[1:])):
        return True
    return not (words(t) & _SPEECH)


def dateline(page: Page) -> bool:
    """A dateline ("PORT ALDWYN —", "(Reuters) -") inside a lead sentence, key point or closing."""
    return any(_DATELINE.search(t) or _AGENCY.search(t) for t in _shown_alone(page))


def standfirst(page: Page) -> bool:
    """The lead states one fact twice: a standfirst restated by the next lead sentence, or any two
    lead sentences sharing most of their content words."""
    lead = page.brief.lead
    sets = [_content(s.text) for s in lead]
    for k, a in enumerate(sets):
        for m in range(k + 1, len(sets)):
            b = sets[m]
            if len(a) < MIN_WORDS or len(b) < MIN_WORDS:
                continue
            shared = overlap(a, b)
            if shared >= SAME_FACT_OVERLAP or (m == k + 1 and _whole_paragraph(page, lead[k]) and shared >= RESTATED_OVERLAP):
                return True
    return False


def _whole_paragraph(page: Page, s: BriefSentence) -> bool:
    """Whether a brief sentence is a paragraph of its own in the article: a standfirst or subtitle."""
    i = page.source_index(s)
    if i is None:
        return False
    return all(src.paragraph != page.sources[i].paragraph for j, src in enumerate(page.sources) if j != i)


def summary_twice(page: Page) -> bool:
    """The closing's opening words ("In summary,") more than once on the page."""
    parts = [t for part, t in page.printed if part != "closing"]
    everything = " ".join([*parts, page.brief.closing_text]).lower()
    return any(everything.count(p) > 1 for p in _prefixes())


def untraceable(page: Page) -> bool:
    """A brief sentence whose text is not its source span's (case aside; a cut lead sentence a prefix of it)."""
    paras = paragraphs(page.text)
    parts = [(s, s.text) for s in [*page.brief.lead, *page.brief.key_points, *(s for p in page.brief.body for s in p)]]
    parts += [(s, page.closing_body) for s in page.brief.closing]
    for s, text in parts:
        if s.span is None or s.span.paragraph >= len(paras):
            return True
        source = " ".join(paras[s.span.paragraph][s.span.start : s.span.end].split()).lower()
        text = text.lower()
        if not (text == source or (text.endswith(" …") and source.startswith(text[:-2]))):
            return True
    return False


KINDS: dict[str, Callable[[Page], bool]] = {
    "repeated": repeated,
    "closing": bad_closing,
    "residue": residue,
    "glued": glued,
    "dangling": dangling,
    "bare quote": bare_quote,
    "dateline": dateline,
    "standfirst": standfirst,
    "summary twice": summary_twice,
}


def defects(page: Page) -> list[str]:
    """The kinds of defect a page has, in KINDS order."""
    return [name for name, check in KINDS.items() if check(page)]
