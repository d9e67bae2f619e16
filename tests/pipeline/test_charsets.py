"""Pages and feeds in legacy charsets that nothing declares are detected and read, not turned into mojibake."""

import feedparser.encodings
import pytest

from newsbrief.pipeline.extraction.extract import extract
from newsbrief.pipeline.fetching.charsets import detected, page_text
from newsbrief.pipeline.sources.feeds import parse_feed
from newsbrief.pipeline.types import Entry

# Our own sentences, in the languages whose legacy charsets real pages and feeds still use.
TEXTS = {
    "koi8-r": ("Как пережить зиму без отопления",
               "Жители северных кварталов рассказали, как они готовятся к холодам и что советуют соседям. "
               "Городской совет обещает включить отопление до конца недели, но многие уже купили обогреватели."),
    "cp1251": ("Паром будет ходить всю зиму",
               "Совет порта проголосовал во вторник вечером за то, чтобы ночной паром ходил до острова всю зиму. "
               "Островитяне собрали больше двух тысяч подписей против отмены последнего рейса."),
    "cp1253": ("Το νυχτερινό φέρι θα συνεχίσει όλο τον χειμώνα",
               "Το λιμενικό συμβούλιο αποφάσισε την Τρίτη το βράδυ να κρατήσει το νυχτερινό φέρι για το νησί. "
               "Οι κάτοικοι είχαν συγκεντρώσει περισσότερες από δύο χιλιάδες υπογραφές."),
    "iso8859-2": ("Nocny prom będzie kursował całą zimę",
                  "Rada portu zagłosowała we wtorek wieczorem, żeby nocny prom na wyspę kursował przez całą zimę. "
                  "Mieszkańcy wyspy zebrali ponad dwa tysiące podpisów przeciwko likwidacji ostatniego kursu."),
    "shift_jis": ("夜のフェリーは冬の間も運航へ",
                  "港湾委員会は火曜日の夜、島へ向かう夜のフェリーを冬の間も運航することを決めた。"
                  "島の住民は最終便の廃止に反対する二千人以上の署名を集めていた。"),
}
MENU = "".join(f'<a href="/section/{n}/" class="nav-item">Section {n}</a>' for n in range(40))


def _page(title: str, body: str, meta: str = "") -> str:
    return (f"<html><head>{meta}<title>{title}</title></head><body><nav>{MENU}</nav><article><h1>{title}</h1>"
            f"<p>{body}</p><p>{body[::-1].capitalize()}</p></article><footer>{MENU}</footer></body></html>")


@pytest.mark.parametrize("charset", TEXTS)
def test_an_undeclared_legacy_charset_is_detected_on_the_text_not_the_markup(charset):
    title, body = TEXTS[charset]
    page = _page(title, body).encode(charset)
    assert page.decode(detected(page)) == page.decode(charset)  # its charset, or one that reads it alike (cp932)
    assert body in page_text(page)


def test_a_page_in_koi8_r_that_declares_nothing_reads_as_russian():
    title, body = TEXTS["koi8-r"]
    article = extract(Entry(url="https://vesti.example/zima", origin="t", page=_page(title, body).encode("koi8-r")))
    assert body in article.text and article.title == title


@pytest.mark.parametrize("meta", ['<meta charset="windows-1251">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'])
def test_a_declared_charset_is_honoured(meta):
    title, body = TEXTS["cp1251"]
    assert body in page_text(_page(title, body, meta).encode("cp1251"))


def test_a_declared_charset_that_the_bytes_break_is_ignored():
    title, body = TEXTS["koi8-r"]
    page = _page(title, body, '<meta charset="utf-8">').encode("koi8-r")
    assert body in page_text(page)


def test_an_xml_declaration_naming_the_old_charset_does_not_decode_the_text_twice():
    title, body = TEXTS["koi8-r"]
    page = ('<?xml version="1.0" encoding="koi8-r"?>' + _page(title, body)).encode("koi8-r")
    article = extract(Entry(url="https://vesti.example/zima", origin="t", page=page))
    assert body in article.text


def _rss(charset: str, prolog: str = '<?xml version="1.0"?>') -> bytes:
    title, body = TEXTS[charset]
    return (f"{prolog}<rss version='2.0'><channel><title>Вести</title><link>https://vesti.example/</link>"
            f"<item><title>{title}</title><link>https://vesti.example/a</link><description>{body}</description>"
            "</item></channel></rss>").encode(charset, errors="replace")


@pytest.fixture
def feedparser_without_chardet(monkeypatch):
    """feedparser as installed by newsbrief's own dependencies: its optional chardet is not one of them."""
    monkeypatch.setattr(feedparser.encodings, "lazy_chardet_encoding", None)


@pytest.mark.parametrize("charset", ["koi8-r", "cp1251", "cp1253", "iso8859-2", "shift_jis"])
@pytest.mark.parametrize("prolog", ['<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>', ""])
def test_a_feed_in_an_undeclared_legacy_charset_reads_right(feedparser_without_chardet, charset, prolog):
    # Without detection feedparser fell back on windows-1252: "ëÁË ÐÅÒÅÖÉÔØ" for "Как пережить".
    [entry] = parse_feed(_rss(charset, prolog), "t").entries
    assert (entry.title, entry.feed_html) == TEXTS[charset]


def test_a_feed_whose_header_names_the_wrong_charset_is_detected(feedparser_without_chardet):
    [entry] = parse_feed(_rss("koi8-r"), "t", {"Content-Type": "application/rss+xml; charset=utf-8"}).entries
    assert entry.title == TEXTS["koi8-r"][0]


def test_a_feed_that_declares_its_legacy_charset_is_read_by_it(feedparser_without_chardet):
    [entry] = parse_feed(_rss("koi8-r", '<?xml version="1.0" encoding="koi8-r"?>'), "t").entries
    assert entry.title == TEXTS["koi8-r"][0]
