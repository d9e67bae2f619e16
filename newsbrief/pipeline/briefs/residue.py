"""Page residue: what a web page prints around its article, which a brief never prints.

Extraction keeps most of a page's furniture out of the article text, but not all:
"Scroll down for video", newsletter boxes ("Thanks for signing up!"), "Read more:"
teasers and related links, share and follow prompts, copyright lines, photo credits,
WordPress shortcodes ("[button link=…]"), code and shell lines, contact lines, and
captions run into the text ("Nigel Farage (pictured) insisted …", "Jordan is pictured
on his boat"). A
sentence that is residue is never a lead sentence, key point, closing or condensed
body sentence. Residue at the very start of a sentence ("Scroll down for video The
Prime Minister …") and a dateline at the start of a paragraph ("PORT ALDWYN — The
bridge …") are trimmed off instead: the rest is the sentence, its span narrowed to
it, so that it stays traceable to its source.
"""

from __future__ import annotations

import re
from dataclasses import replace

from newsbrief.pipeline.briefs.sentences import Sentence

# Whole-sentence residue, in English, German, French and Spanish (the languages of the
# real pages measured). Each alternative is specific enough not to fire on news prose
# about the same things ("a copyright lawsuit", "more than 200 subscribers").
# What residue opens a sentence with ("Related:", "Read more", "Home"):
_OPENING = re.compile(
    r"""\W*(?:
      (?:video|watch|listen|gallery|photos?|related|more|mira|ver\ também|see\ also)\s*[:|]
    | (?:see|get|buy|shop|view|check\ out)(?:\ (?:it|them|this|the\ deal))?(?:\ (?:now|here|today))?
        (?:\ at\ [\w.&'’-]+(?:\ [\w.&'’-]+){0,2})?\s*[:|]
    | (?:read\ more|also\ read|read\ also|recommended\ for\ you|more\ from\ \w+|lesen\ sie\ (?:auch|mehr)
        |mehr\ zum\ thema|zum\ thema|le\ puede\ interesar|lea\ también|lea\ más|lire\ aussi|à\ lire\ aussi|weiterlesen
        |more\ stories|trending\ now|most\ (?:read|popular)|don't\ miss)\b
    | (?:home|menu|search|advertisement|anzeige|werbung|sponsored|publicidad)\W*$
    | copyright\s*(?:\(c\)|\d{4}|:)
    )""",
    re.X | re.I,
)
# What residue holds anywhere in a sentence, in groups, each with the words (or characters)
# one of its patterns needs: a sentence is tried only against the groups it has a cue for,
# so that most sentences, which have none, cost a set lookup.
_GROUPS = tuple(
    (frozenset(cues.split()), re.compile(pattern, re.X | re.I))
    for cues, pattern in (
        ("scroll watch read reading continue click tap like",  # video and "read more" prompts
         r"""scroll\ down\ for\ (?:the\ )?video | \bwatch\ the\ (?:full\ )?video\b | \bread\ more\W*$
           | \bread\ the\ (?:original|full)\ (?:article|story)\b | \bcontinue\ reading\b | \b(?:click|tap)\ here\b
           | \byou\ (?:may|might)\ also\ like\b"""),
        ("newsletter sign signing please thanks thank subscribe subscriber subscribers trial inbox full whole entire log "
         "login account register journalism unlimited when",  # newsletter, subscription and account prompts
         r"""(?:sign|subscribe|register|get|receive)[^.!?]{0,40}\bnewsletter | \bnewsletter\b[^.!?]{0,20}(?:sign|subscribe)
           | \bsign(?:ing)?\ up\ (?:for|to)\ (?:our|my)\b | \bsign\ up\ (?:now|here|today)\b | \bplease\ subscribe\b
           | \bthanks?\ (?:you\ )?for\ (?:signing\ up|subscribing|registering|reading)\b
           | \bsubscribe\ (?:now|today|here|to\ (?:our|this))\b | \balready\ a\ subscriber\b | \bfree\ trial\b
           | \b(?:in|to)\ your\ inbox\b | \bto\ (?:view|read)\ the\ (?:full|whole|entire)\ (?:story|article)\b
           | \bfor\ the\ full\ story\b | \bplease\ log\ ?in\b | \blog\ ?in\ to\ (?:read|continue|view|comment)
           | \bcreate\ (?:a|an|your)\ (?:free\ )?account\b | \bregister\ (?:now|for\ free|here)\b
           | \bsupport\ (?:our|independent)\ journalism\b | \bunlimited\ (?:digital\ )?access\b
           | \b(?:first-time|new)\ subscribers\b | \bwhen\ you\ (?:join|subscribe|sign\ up|register)\b"""),
        ("newsletter jetzt abonnieren abo abonnenten spiegel abonnez suscríbete suscribete",
         r"""abonn[^.!?]{0,40}\bnewsletter | \bnewsletter\b[^.!?]{0,20}abonn
           | \bjetzt\ (?:abonnieren|abo|lesen|testen|registrieren|weiterlesen)\b | \babonnieren\ sie\b
           | \babo\ abschließen\b | \b(?:nur|exklusiv)\ für\ abonnenten\b | \bspiegel\+ | \babonnez-vous\b
           | \bsuscr[ií]bete\b"""),
        ("newsletter email ebook boletim receba assine inscreva cadastre recevez inscrivez iscriviti abbonati "
         "registrati ricevi recibe melden anmelden",  # newsletter prompts in Portuguese, French, Italian, Spanish, German
         r"""\b(?:receba|assine|inscreva-se|cadastre-se|recevez|inscrivez-vous|iscriviti|abbonati|registrati|ricevi
              |recibe|melden\ sie\ sich)\b[^.!?]{0,60}\b(?:newsletter|e-?mail|ebook|boletim)\b
           | \bnewsletter\b[^.!?]{0,30}\b(?:assine|inscreva|cadastr|inscri|iscriv|abbona|anmelden|bestellen)"""),
        ("share follow like facebook twitter instagram email mail write reach contact reached clique download",
         # share, follow and contact lines
         r"""\bshare\ (?:this\ (?:article|story|post|page)|on\ (?:facebook|twitter|whatsapp|linkedin))\b
           | \bfollow\ (?:us|him|her|me|them)\ on\b | \blike\ us\ on\ facebook\b
           | \b(?:email|e-mail|write\ to|reach|contact)\ (?:us|him|her|me)\ at\b | \bmay\ be\ reached\ at\b
           | \bfacebook,\ twitter\b | \bon\ (?:facebook|twitter|instagram)\ (?:and|or|&)\ (?:facebook|twitter|instagram)\b
           | \bclique\ (?:no|aqui)\b | \bdownload\ (?:the|our)\ [\w\ ]{0,40}\bapps?\b"""),
        ("updated published posted modified aktualisiert veröffentlicht publicado actualizado publié jour",
         # time stamps of the page ("Updated : 19 November 2019, 09:01 AM")
         r"""\b(?:updated|published|posted|last\ modified|aktualisiert|veröffentlicht|publicado|actualizado|publié
              |mis\ à\ jour)\s*(?:on\s*)?:"""),
        ("comment comments comentários comentarios kommentare commentaires learn erfahren saiba savoir contact "
         "kontaktiere kontaktieren tell let enjoyed liked",  # comment policies, "learn more" and contact prompts
         r"""\bcom(?:ments?|mentaires|entários|entarios)\b[^.!?]{0,80}
              (?:\bmoderat|\bmoderador|\bmodér|\b(?:not|não|no)\ (?:be|serão|será|serán)\ (?:approved|aprovad|publicad|published))
           | \bkommentare?\b[^.!?]{0,60}\b(?:moderiert|freigeschaltet|geprüft)
           | ^\W*learn\ more\b | \blearn\ more\ (?:here|at|about\ (?:our|us))\b | \berfahren\ sie\ mehr\b
           | \bmehr\ erfahren\b | \bsaiba\ mais\b | \ben\ savoir\ plus\b | \bcontact\ us\ (?:at|today|now|for)\b
           | \bkontaktiere\ uns\b | \bkontaktieren\ sie\ uns\b | \bleave\ a\ comment\b | ^\W*(?:tell|let)\ us\ (?:know|what)\b
           | \bif\ you\ (?:enjoyed|liked)\ this\ (?:article|story|post|piece)\b"""),
        ("skip back", r"\bskip\ to\ (?:main\ )?content\b | \bback\ to\ top\b"),  # navigation
        ("copyright rights rechte droits derechos",  # copyright lines
         r"""\bcopyright\s*(?:\(c\)|\d{4}) | \ball\ rights\ reserved\b | \balle\ rechte\ vorbehalten\b
           | \btous\ droits\ réservés\b | \btodos\ los\ derechos\ reservados\b"""),
        ("photo image picture foto bild fotos photograph getty ap credit bildquelle screenshot quelle",  # photo credits
         r"""\b(?:photo|image|picture|foto|bild|fotos|photograph)(?:\ credit)?\s*: | \(photo\b | \bgetty\ images\b
           | ^\W*(?:screenshot|photo|image|foto|bild|quelle)\s*(?:,\S|/\s*\w)
           | \bap\ photo\b | \bimage\ (?:copyright|caption)\b | \bphoto\ by\b | \bcredit\s*: | \bbildquelle\b"""),
        ("figure fig abbildung abb q f frage http https",
         # figure captions, interview prompts ("Q: …") and web addresses, which a brief cannot follow
         r"""^\W*(?:figure|fig\.|abbildung|abb\.)\s*\d+\s*: | ^\W*(?:q|f|frage)\s*: | \bhttps?://\S"""),
        ("signed merge", r"\bsigned-off-by\b | \bmerge\ pull\ request\b"),  # version-control lines
        ("pictured left right centre center above below inset file archivbild symbolbild",
         # a caption run into the text: it points at a picture the brief does not show
         r"""\(\s*(?:pictured|(?:far\ |second\ )?(?:left|right)|cent(?:re|er)|above|below|inset|file(?:\ (?:photo|picture))?
              |archivbild|symbolbild)\b[^()]{0,40}\) | ^\W*pictured\b | \bpictured\s*: | ,\s*pictured\b
           | \b(?:is|are|was|were)\ (?:\w+\ )?pictured\b"""),
    )
)  # fmt: skip
# Residue marked by a character rather than a word: an address or handle, a breadcrumb
# trail, a copyright sign or notice, a shortcode.
_MARKED = re.compile(
    r"""[\w.+-]+@[\w-]+\.[a-z]{2,}\b | \(@\w+\) | (?:\S+\s[>›»|]\s){2,} | [©ⓒ] | 무단\s?전재 | 저작권 | 版权所有
      | \[/\w+\] | \[\w+\s+\w+\s*=\s*\S""",
    re.X | re.I,
)
# A footnote or a starred condition ("*Prices at the time of writing"), not a sentence of the story.
_FOOTNOTE = re.compile(r"\s*(?:\*+|[₀-₉¹²³⁴-⁹]+)(?=\s?\w)")
_MARKS = re.compile(r"[@©ⓒ\[>›»|]|무단|저작권|版权")
_CODE = re.compile(
    r"""^\W*(?:from\ [\w.]+\ import\b|import\ [\w.]+\s*$|def\ \w+\(|class\ \w+[:(]|\$\ \w|\#include\b
        |(?:var|const|let)\ \w+\s*=|function\s*\w*\s*\(|sudo\ |pip\ install|npm\ )
      | [{}]\s*$ | \)\s*;\s*$ | </?[a-z][a-z0-9]*(?:\s[^<>]*)?> | [=!]==? | => | :: | \b\w+\.\w+\([^()]*\)
    """,
    re.X,
)
# Every alternative of _CODE holds one of these words or characters.
_CODE_CUES = frozenset("from import def class include var const let function sudo pip npm".split())
_CODE_CHARS = re.compile(r"[{}<=;($]|::")
_WORD = re.compile(r"\w+")
_FINAL_MARKS = ".!?…\"'”’»)"
_SYMBOLS = re.compile(r"[{}\[\]<>=;/\\_|$#*~^]")
# Residue that may open a real sentence; what follows it is the sentence.
_LEADING = re.compile(
    r"(?:scroll down for (?:the )?video|watch the video|advertisement|anzeige|werbung|sponsored|publicidad)"
    r"\s*[:.—–-]?\s+(?=\w)",
    re.I,
)
# Marks a sentence cannot open on, left by splitting or by a list ("*", ": ").
_STRAY = re.compile(r"[:;,.·•*|–—-]+\s+(?=\w|[\"“„«‘'(])")
# A dateline at a paragraph's start: a place in capitals, maybe a region or date, maybe
# an agency in brackets, then a dash ("PORT ALDWYN —", "SANTA FE, N.M. (AP) —", "Berlin (dpa) -").
_DATELINE = re.compile(
    r"""(?:[A-ZÄÖÜ][A-ZÄÖÜ'’.-]+(?:\ [A-ZÄÖÜ][A-ZÄÖÜ'’.-]+)*(?:,\ [A-Z][\w.]*(?:\ [A-Z][\w.]*){0,2})?
          (?:\s*\([^()\n]{1,30}\))?\s*(?:—|–|--)
        | [A-ZÄÖÜ][\w.'’/-]+(?:\ [A-ZÄÖÜ][\w.'’/-]+)?(?:,\ [A-Z][\w.]*)?\s*\((?i:reuters|ap|afp|dpa|cnn|apa|kna|epd|sid|upi|bloomberg|efe)\)\s*(?:—|–|--|-|:)
        | \((?i:reuters|ap|afp|dpa|cnn|apa|kna|epd|sid|upi|bloomberg|efe)\)\s*(?:—|–|--|-|:)
    )\s+(?=[A-ZÄÖÜ0-9"“„'‘])""",
    re.X,
)


def is_residue(text: str) -> bool:
    """Whether a sentence is page furniture rather than article prose."""
    if _OPENING.match(text) or _FOOTNOTE.match(text):
        return True
    cues = set(_WORD.findall(text.lower()))
    if any(group & cues and pattern.search(text) for group, pattern in _GROUPS):
        return True
    if _MARKS.search(text) and _MARKED.search(text):
        return True
    if (cues & _CODE_CUES or _CODE_CHARS.search(text)) and _CODE.search(text):
        return True
    # Code and markup that no pattern names: a line thick with symbols prose rarely uses.
    if len(_SYMBOLS.findall(text)) > max(3, len(text) // 12):
        return True
    return _is_roster(text)


def _is_roster(text: str) -> bool:
    """Whether a line is a list of names in groups ("G Thomas (capt); H Luscombe, T Shanklin; …"): a team
    sheet or credits, items of a word or two, grouped by semicolons."""
    groups = text.count(";")
    if groups < 2:
        return False
    items = groups + text.count(",") + 1
    return items >= 6 and len(_WORD.findall(text)) <= 3 * items


def trimmed(sentence: Sentence, paragraph: str) -> Sentence:
    """The sentence without a stray mark, residue or a dateline at its start, its span narrowed to what is left."""
    start = sentence.start
    # A dateline opens a paragraph; a video prompt may stand anywhere.
    opens_paragraph = not paragraph[:start].strip()
    for pattern in (_STRAY, _LEADING, _DATELINE) if opens_paragraph else (_STRAY, _LEADING):
        m = pattern.match(paragraph, start, sentence.end)
        rest = paragraph[m.end() : sentence.end].rstrip() if m else ""
        # What a dateline opens is a sentence; "BRAND – a line of knitwear" is a list item, kept whole.
        if rest and any(ch.isalpha() for ch in rest) and (pattern is not _DATELINE or rest[-1] in _FINAL_MARKS):
            start = m.end()
    if start == sentence.start:
        return sentence
    text = " ".join(paragraph[start : sentence.end].split())
    return replace(sentence, text=text, start=start)
