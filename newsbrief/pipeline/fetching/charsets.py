"""Bytes of markup as text when their charset is missing or wrong: stray bytes in UTF-8, declared charsets, detection.

Real pages and feeds come in every state: UTF-8 with a few windows-1252 bytes
pasted in, a legacy charset declared correctly, declared wrongly, or not at all
(KOI8-R, windows-1251 …). Undeclared ones are detected with charset-normalizer,
on the text between the tags: the markup around it is ASCII and says nothing
about the charset, and drowns the text's few bytes when judged whole (on a page of
Russian text in KOI8-R, the whole page reads as mac_latin2, its text as KOI8-R).
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

_STRAY_BYTES = re.compile("[\udc80-\udcff]+")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # UTF-32's LE mark begins with UTF-16's
# Runs of text between tags that hold a byte past ASCII: what detection is judged on.
_TEXT_WITH_HIGH_BYTES = re.compile(rb"[^<>]*[\x80-\xff][^<>]*")
DETECTION_SAMPLE = 64 * 1024  # bytes of such text; plenty to tell a charset, and bounded on a huge page
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.IGNORECASE)
META_SCAN = 4096  # browsers look for the meta charset in the first 1024 bytes; some pages put it later
# Charsets that real pages use, in the order preferred when detection finds several that read the text
# equally well (iso-8859-2 and iso-8859-10 both read Polish text without a fault, but only one is in use).
COMMON_CHARSETS = (
    "cp1252", "cp1251", "cp1250", "iso8859-2", "koi8-r", "koi8-u", "iso8859-15", "cp1253", "iso8859-7", "cp1254",
    "iso8859-9", "cp1255", "iso8859-8", "cp1256", "iso8859-6", "cp1257", "iso8859-13", "iso8859-5", "cp874",
    "cp932", "shift_jis", "euc_jp", "iso2022_jp", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp949",
    "euc_kr", "cp1258", "iso8859-4", "iso8859-16",
)
_PREFERENCE = {codecs.lookup(name).name: rank for rank, name in enumerate(COMMON_CHARSETS)}
# WHATWG: a page that says latin-1 or ASCII is read as windows-1252, which is what its authors typed.
_READ_AS_WINDOWS_1252 = frozenset({"latin-1", "iso8859-1", "ascii"})
# lxml refuses text that opens with an XML declaration, and parses it as bytes instead,
# by the charset the declaration names: the text, already decoded, goes without one.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def codec(name: str | bytes | None) -> str | None:
    """The Python codec of a charset name ("ISO-8859-1", b"koi8-r"), or None for a name no codec has."""
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    try:
        found = codecs.lookup((name or "").strip().strip("\"'"))
    except LookupError:
        return None
    return "cp1252" if found.name in _READ_AS_WINDOWS_1252 else found.name


def by_bom(data: bytes) -> str | None:
    """The Unicode encoding a byte order mark at the start names, if there is one."""
    return next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)


def repaired_utf8(data: bytes, always: bool = False) -> str | None:
    """The bytes as text when they are UTF-8 at heart, a few stray bytes read as windows-1252; else None.

    A UTF-8 page or feed with windows-1252 bytes pasted in (a common mess) would
    otherwise be read whole as some other charset, garbling every accented letter.
    always: repair bytes that are not UTF-8 at heart too (JSON is UTF-8, whatever it holds).
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="surrogateescape")
    stray = sum(len(run) for run in _STRAY_BYTES.findall(text))
    if not always and len(_NON_ASCII.findall(text)) - stray <= stray:  # fewer valid multi-byte characters
        return None
    return _STRAY_BYTES.sub(lambda run: bytes(ord(c) - 0xDC00 for c in run.group()).decode("cp1252", "replace"), text)


def detected(data: bytes) -> str | None:
    """The legacy charset charset-normalizer finds for bytes of markup or text; None when it finds none."""
    sample = b"\n".join(_TEXT_WITH_HIGH_BYTES.findall(data[: 4 * DETECTION_SAMPLE]))[:DETECTION_SAMPLE]
    results = list(charset_normalizer.from_bytes(sample or data[:DETECTION_SAMPLE], preemptive_behaviour=False))
    if not results:
        return None
    best = results[0]
    as_good = [r for r in results if r.chaos <= best.chaos and r.coherence >= best.coherence - 0.01]
    found = min(as_good, key=lambda r: _PREFERENCE.get(codec(r.encoding) or "", len(_PREFERENCE)))
    return codec(found.encoding)


def decodes(data: bytes, encoding: str | None) -> bool:
    """Whether the bytes are valid in the encoding (False for none)."""
    if not encoding:
        return False
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def page_text(page: bytes) -> str:
    """An HTML page's bytes as text: by byte order mark, as UTF-8, by its meta charset, else by detection.

    Valid UTF-8 wins over a meta charset that says otherwise (the page was
    re-saved, its meta was not); a declared charset the bytes break is ignored.
    The text has no XML declaration.
    """
    if bom := by_bom(page):
        text = page.decode(bom, errors="replace")
    elif (text := repaired_utf8(page)) is None:
        declared = _META_CHARSET.search(page[:META_SCAN])
        encoding = codec(declared.group(1)) if declared else None
        if encoding in ("utf-8", "utf-16", "utf-32") or not decodes(page, encoding):  # the bytes are none of these
            encoding = detected(page) or "cp1252"
        text = page.decode(encoding, errors="replace")
    return _XML_DECLARATION.sub("", text, count=1)
