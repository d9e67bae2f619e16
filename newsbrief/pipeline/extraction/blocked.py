"""Recognise pages served instead of the article: bot challenges, captchas, block pages and consent walls.

Two kinds of evidence, both needed before a page is called blocked:

- a marker: a bot-defence vendor's own challenge markup (Cloudflare's
  `_cf_chl_opt`, DataDome's captcha-delivery.com …), or a phrase such pages
  say ("verify you are human", "enable JavaScript", "Access denied" as the
  title, a consent manager's wall);
- no article: little prose on the page. Real articles mention Cloudflare,
  captchas and cookies all the time, and ship consent scripts on every page;
  what they never do is stop after a few dozen words of running text.

Markers are searched in the raw bytes first, which is cheap; only a page with a
marker is parsed to count its prose, so ordinary pages pay almost nothing. A
phrase then counts only where a reader sees it: in the page's text or in the
names of its visible elements (a captcha widget's `g-recaptcha`), never in its
scripts (an analytics call to `disableCookies`, a file named `captcha.js`).
Vendors' markers are their challenge pages' own scripts, and count wherever they are.
"""

from __future__ import annotations

import re

import lxml.etree
import lxml.html

# Vendors' challenge and block pages: markup that appears only on the challenge
# itself, never on the pages those vendors protect (Cloudflare injects
# `challenge-platform` scripts into ordinary pages, so that string is not here).
_VENDOR_MARKERS: tuple[tuple[bytes, str], ...] = (
    (b"_cf_chl_opt", "Cloudflare bot challenge"),
    (b"cf-browser-verification", "Cloudflare bot challenge"),
    (b"<title>just a moment...</title>", "Cloudflare bot challenge (\"Just a moment…\")"),
    ("<title>just a moment…</title>".encode(), "Cloudflare bot challenge (\"Just a moment…\")"),
    (b"checking your browser before accessing", "bot challenge (\"Checking your browser\")"),
    (b"checking if the site connection is secure", "Cloudflare bot challenge"),
    (b"needs to review the security of your connection", "Cloudflare bot challenge"),
    (b"cf-error-details", "Cloudflare block page"),
    (b"attention required! | cloudflare", "Cloudflare block page"),
    (b"_incapsula_resource", "Imperva (Incapsula) block page"),
    (b"incapsula incident id", "Imperva (Incapsula) block page"),
    (b"captcha-delivery.com", "DataDome captcha"),
    (b"px-captcha", "PerimeterX captcha (\"Press & Hold\")"),
    (b"pardon our interruption", "bot block page (\"Pardon Our Interruption\")"),
    (b"you don't have permission to access", "Access denied (Akamai)"),
    (b"unusual traffic from your computer network", "captcha (\"unusual traffic\")"),
)

# Phrases of the same pages that real articles may quote: they count only on a
# page with almost no prose.
_CAPTCHA_PHRASES = (b"verify you are human", b"verifying you are human", b"are you a robot", b"not a robot",
                    b"prove you're human", b"complete the security check", b"g-recaptcha", b"h-captcha",
                    b"cf-turnstile", b"captcha")
_JAVASCRIPT_PHRASES = (b"enable javascript", b"javascript is disabled", b"javascript is required",
                       b"requires javascript", b"turn on javascript", b"javascript must be enabled",
                       b"enable js", b"javascript to be enabled", b"activate javascript")
_CONSENT_PHRASES = (b"consent", b"cookie", b"gdpr", b"before you continue", b"privacy choices",
                    b"we value your privacy", b"onetrust", b"didomi", b"sp_message", b"cookiebot",
                    b"usercentrics", b"trustarc", b"quantcast")
# A title that is nothing but a refusal: "Access denied", "403 Forbidden", "Error 1020 | Site".
_DENIED_TITLE = re.compile(
    r"^\W*(error\W*)?(401|403|1020|access denied|access to this page has been denied|forbidden|"
    r"request blocked|request rejected|you have been blocked|blocked|not authori[sz]ed)\b",
    re.IGNORECASE,
)
_DENIED_TITLE_IN_BYTES = re.compile(  # the cheap search in the raw bytes that makes parsing worth it
    rb"<title[^>]*>\W*(error\W*)?(401|403|1020|access|forbidden|request|you have been|blocked|not auth)")
_DENIED_TITLE_CHARS = 60  # "Access Denied | The Calder Evening Post" fits; a headline about access does not
_REFUSING_STATUSES = frozenset({401, 403, 407, 429, 451, 503})

# Prose: words in runs of text at least PROSE_RUN_WORDS long (menus, buttons and
# footers are short runs). A vendor's block page explains itself in about a hundred
# words at most (Cloudflare's "Sorry, you have been blocked" is among the longest);
# phrases alone need a page with hardly any prose. With these bounds none of the 181
# real pages of bench/extract (some with 18 words of article) nor of examples/ is
# flagged.
PROSE_RUN_WORDS = 8
VENDOR_PAGE_MAX_PROSE = 300
PHRASE_PAGE_MAX_PROSE = 60
# A consent wall leaves nothing to read beside its box; a short post beside a cookie notice
# (a 44-word post; a 28-word one beside a blog host's cookie-law widget) is no wall.
CONSENT_PAGE_MAX_PROSE = 20

_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "head", "iframe", "button", "select"})
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "dd", "details", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "html", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "br", "label",
})
# Containers of consent and challenge boxes, whose text is the wall itself, not an article.
_BOX_NAME = re.compile(r"consent|cookie|gdpr|\bcmp|privacy|captcha|challenge|sp_message", re.IGNORECASE)
_NEVER_A_BOX = frozenset({"html", "body", "main", "article"})
_BREAK = object()
# Chinese and Japanese put no spaces between words: count about one word per two characters.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def count_words(text: str) -> int:
    """Words in a text: runs between spaces, plus one per two Chinese or Japanese characters."""
    return len(text.split()) + len(_UNSPACED.findall(text)) // 2


def _as_bytes(html: bytes | str) -> bytes:
    return html.encode("utf-8", "surrogatepass") if isinstance(html, str) else html


def _parse(html: bytes) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def _runs(root, skip_boxes: bool):
    """The page's visible text as runs: pieces of text between block boundaries."""
    # An explicit stack: a page may nest deeper than Python's recursion limit.
    stack: list = [root]
    while stack:
        item = stack.pop()
        if item is _BREAK or isinstance(item, str):
            yield item
            continue
        tag = item.tag.lower() if isinstance(item.tag, str) else ""
        block = tag in _BLOCK_TAGS
        later: list = [_BREAK] if block else []
        if item.tail:
            later.append(item.tail)  # the tail belongs to the parent, after this element
        stack.extend(reversed(later))
        if not tag or tag in _SKIPPED_TAGS:
            continue
        names = f"{item.get('id', '')} {item.get('class', '')}"
        if skip_boxes and tag not in _NEVER_A_BOX and _BOX_NAME.search(names):
            continue
        inner: list = [_BREAK] if block else []
        if item.text:
            inner.append(item.text)
        inner.extend(item)
        stack.extend(reversed(inner))


def prose_words(root, skip_boxes: bool = False, enough: int | None = None) -> int:
    """Words of running text on a parsed page (runs of at least PROSE_RUN_WORDS words).

    Counting stops past `enough`: a caller that only asks "is there an article?"
    gets its answer within the first paragraphs of one.
    """
    total, run = 0, []
    for piece in _runs(root, skip_boxes):
        if piece is not _BREAK:
            run.append(piece)
            continue
        words = count_words(" ".join(run))
        run = []
        total += words if words >= PROSE_RUN_WORDS else 0
        if enough is not None and total > enough:
            return total
    words = count_words(" ".join(run))
    return total + (words if words >= PROSE_RUN_WORDS else 0)


def _in_box(element) -> bool:
    return any(
        ancestor.tag not in _NEVER_A_BOX and _BOX_NAME.search(f"{ancestor.get('id', '')} {ancestor.get('class', '')}")
        for ancestor in element.iterancestors()
    )


def _paragraph_words(root, enough: int, skip_boxes: bool = False) -> int:
    """Words in the page's <p> elements of prose length, counted until past enough: the quick test for an article."""
    total = 0
    for paragraph in root.iter("p"):
        words = count_words(paragraph.text_content())
        if words >= PROSE_RUN_WORDS and not (skip_boxes and _in_box(paragraph)):
            total += words
            if total > enough:
                break
    return total


def _has_no_article(root, most: int, skip_boxes: bool = False) -> bool:
    """Whether the page has at most `most` words of prose (outside consent and challenge boxes if skip_boxes)."""
    # Paragraphs first: on a real article they prove it within a few <p>.
    if _paragraph_words(root, most, skip_boxes) > most:
        return False
    return prose_words(root, skip_boxes, enough=most) <= most


_SEEN_TEXT = "//text()[not(ancestor::script or ancestor::style or ancestor::template)]"
_SEEN_NAMES = "//body//*[not(self::script or self::style or self::template or self::link)]/@*[name()='id' or name()='class']"


def _seen(root) -> bytes:
    """What a reader sees of the page, lower-cased: its text and the names of its visible elements, not its scripts."""
    text = " ".join(root.xpath(_SEEN_TEXT))
    names = " ".join(root.xpath(_SEEN_NAMES))
    return f"{text} {names}".lower().encode("utf-8", "surrogatepass")


def _title(root) -> str:
    found = root.find(".//title")
    heading = root.find(".//h1")
    text = found.text_content() if found is not None else ""
    if not text.strip() and heading is not None:
        text = heading.text_content()
    return " ".join(text.split())


def _phrase_reason(seen: bytes, root, status: int) -> str | None:
    """The reason for a page with almost no prose, from the phrases a reader sees, its title and its status."""
    title = _title(root)
    if any(p in seen for p in _CAPTCHA_PHRASES):
        return "captcha (\"verify you are human\")"
    if title and len(title) <= _DENIED_TITLE_CHARS and _DENIED_TITLE.match(title):
        return f"access denied (title {title!r})"
    if any(p in seen for p in _JAVASCRIPT_PHRASES):
        return "the page shows nothing without JavaScript (\"enable JavaScript\")"
    if status in _REFUSING_STATUSES:
        return f"HTTP {status} with no article"
    return None


def block_reason(html: bytes | str, status: int = 200, *, tree: lxml.html.HtmlElement | None = None) -> str | None:
    """Why the page is a block page, consent wall or captcha rather than an article; None for an article."""
    raw = _as_bytes(html)
    # Given a parsed page (extraction has one), the cheapest test comes first: past
    # VENDOR_PAGE_MAX_PROSE words of paragraphs outside any consent box, no rule
    # below can call the page blocked, so its bytes need no search at all.
    if tree is not None and _paragraph_words(tree, VENDOR_PAGE_MAX_PROSE, skip_boxes=True) > VENDOR_PAGE_MAX_PROSE:
        return None
    lowered = raw.lower()
    vendor = next((why for marker, why in _VENDOR_MARKERS if marker in lowered), None)
    phrase = any(p in lowered for group in (_CAPTCHA_PHRASES, _JAVASCRIPT_PHRASES) for p in group)
    consent = any(p in lowered for p in _CONSENT_PHRASES)
    refusing = status in _REFUSING_STATUSES
    denied = _DENIED_TITLE_IN_BYTES.search(lowered) is not None
    if not (vendor or phrase or consent or refusing or denied):
        return None
    root = tree if tree is not None else _parse(raw)
    if root is None:
        return None  # nothing to read, so nothing that says "blocked"; extraction reports the rest
    if vendor and _has_no_article(root, VENDOR_PAGE_MAX_PROSE):
        return vendor
    if (phrase or denied or refusing) and _has_no_article(root, PHRASE_PAGE_MAX_PROSE):
        if reason := _phrase_reason(_seen(root) if phrase else b"", root, status):
            return reason
    if consent and _has_no_article(root, CONSENT_PAGE_MAX_PROSE, skip_boxes=True):
        if any(p in _seen(root) for p in _CONSENT_PHRASES):
            return "consent wall with no article (cookie or privacy consent)"
    return None
