"""Block pages, captchas and consent walls are recognised; real articles that mention them are not."""

import pytest

from newsbrief.pipeline.extraction.blocked import block_reason, count_words
from newsbrief.pipeline.errors import BlockedPageError
from newsbrief.pipeline.extraction.extract import extract
from newsbrief.pipeline.types import Entry
from tests.conftest import EXAMPLES

ARTICLE_PARAGRAPHS = [
    "The harbour authority in Port Veradia said on Tuesday that the late ferry crossings would end in March, "
    "when the second vessel returns from its refit at the Kestrel yard.",
    "Commuters have complained for months. One regular, a nurse who travels to the island clinic, said the "
    "booking site often showed a page saying Just a moment while it checked her browser, and then Access denied.",
    "The authority's digital chief said the site asks visitors to verify you are human only when traffic spikes, "
    "and that readers who see a message to enable JavaScript should update their browsers.",
    "Councillors will question the authority about the timetable and the website at their meeting next week, "
    "and the ferry operators' union has asked to be heard before any decision on the winter crossings.",
]


def _page(body: str, title: str = "Ferry crossings to end in March", head: str = "") -> str:
    return f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head><body>{body}</body></html>"


ARTICLE = _page(
    '<div class="cookie-banner">We use cookies. <button>Accept all</button></div>'
    "<noscript>Please enable JavaScript to see the comments.</noscript>"
    "<nav><a href='/'>Home</a><a href='/news'>News</a></nav>"
    "<article><h1>Ferry crossings to end in March</h1>"
    + "".join(f"<p>{p}</p>" for p in ARTICLE_PARAGRAPHS)
    + "</article><footer>Privacy settings · Cookie policy · Manage consent</footer>",
    head='<script src="https://cdn.cookielaw.example/onetrust/otSDKStub.js"></script>'
    '<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script>',
)

BLOCK_PAGES = {
    "cloudflare challenge": _page(
        '<div class="main-wrapper"><h1>harbourgazette.example</h1>'
        "<h2>Checking if the site connection is secure</h2>"
        "<p>harbourgazette.example needs to review the security of your connection before proceeding.</p></div>"
        "<script>window._cf_chl_opt={cvId: '3', cType: 'managed'};</script>",
        title="Just a moment...",
    ),
    "cloudflare block": _page(
        '<div id="cf-wrapper"><div id="cf-error-details"><h1>Sorry, you have been blocked</h1>'
        "<h2>You are unable to access harbourgazette.example</h2>"
        "<p>This website is using a security service to protect itself from online attacks. The action you just "
        "performed triggered the security solution.</p></div></div>",
        title="Attention Required! | Cloudflare",
    ),
    "akamai access denied": _page(
        "<h1>Access Denied</h1>You don't have permission to access \"http://calderpost.example/news/\" on this "
        "server.<p>Reference #18.2f3e4d5c.1763000000.1a2b3c</p>",
        title="Access Denied",
    ),
    "datadome captcha": _page(
        "<p>Please enable JS and disable any ad blocker</p>"
        '<script src="https://ct.captcha-delivery.com/c.js"></script>',
        title="valleyledger.example",
    ),
    "generic captcha": _page(
        "<h1>One more step</h1><p>Please verify you are human to continue.</p>"
        '<form><div class="g-recaptcha" data-sitekey="x"></div></form>',
        title="Security check",
    ),
    "javascript shell": _page(
        '<noscript>You need to enable JavaScript to run this app.</noscript><div id="root"></div>'
        '<script src="/static/js/main.js"></script>',
        title="Northgate Chronicle",
    ),
    "consent wall": _page(
        '<div class="consent-wall"><h1>Before you continue to the Veradia Standard</h1>'
        "<p>We and our partners use cookies and data to deliver and maintain our services, measure audience "
        "engagement and site statistics, and show personalised content and advertising depending on your "
        "settings. Select Accept all to agree, Reject all to decline, or More options to choose.</p>"
        '<form action="https://consent.veradiastandard.example/save"><button>Reject all</button>'
        "<button>Accept all</button></form></div>",
        title="Before you continue",
    ),
}


@pytest.mark.parametrize("name", BLOCK_PAGES)
def test_block_pages_are_recognised_with_a_reason(name):
    reason = block_reason(BLOCK_PAGES[name].encode())
    assert reason and isinstance(reason, str)


def test_the_cloudflare_challenge_says_so():
    assert "Cloudflare" in block_reason(BLOCK_PAGES["cloudflare challenge"])  # str input works too


def test_a_refusing_status_with_no_article_is_blocked():
    tiny = _page("<p>Nope.</p>", title="Harbour Gazette")
    assert block_reason(tiny.encode()) is None
    assert "403" in block_reason(tiny.encode(), status=403)
    assert "429" in block_reason(tiny.encode(), status=429)


def test_an_article_that_mentions_the_phrases_is_not_blocked():
    assert block_reason(ARTICLE.encode()) is None
    assert block_reason(ARTICLE.encode(), status=403) is None  # an error status with an article in it


def test_an_article_titled_with_a_refusal_is_not_blocked():
    page = ARTICLE.replace("<title>Ferry crossings to end in March</title>", "<title>Access denied</title>")
    assert block_reason(page.encode()) is None


@pytest.mark.parametrize("path", sorted(EXAMPLES.rglob("*.html")), ids=lambda p: p.name)
def test_no_sample_page_is_blocked(path):
    assert block_reason(path.read_bytes()) is None


def test_extract_raises_blocked_page_error_with_the_reason():
    entry = Entry(url="https://www.harbourgazette.example/news/a.html", origin="feed.xml",
                  page=BLOCK_PAGES["cloudflare challenge"].encode(), feed_html="<p>" + ARTICLE_PARAGRAPHS[0] + "</p>")
    with pytest.raises(BlockedPageError, match="Cloudflare"):
        extract(entry)


def test_extract_reads_an_article_that_mentions_the_phrases():
    article = extract(Entry(url="https://www.harbourgazette.example/news/a.html", origin="t", page=ARTICLE.encode()))
    assert "verify you are human" in article.text


def test_unspaced_scripts_count_as_words():
    assert count_words("港の渡し船は三月に終わると当局が火曜日に発表した") >= 10
    assert count_words("two words") == 2


def test_empty_or_garbage_input_is_not_blocked():
    assert block_reason(b"") is None
    assert block_reason(b"\x00\xff\xfe garbage") is None


# What a reader sees decides, not the page's scripts: analytics that disable cookies, a file named captcha.js.
ANALYTICS = ("<script>var _paq = window._paq || []; _paq.push(['disableCookies']); _paq.push(['trackPageView']);"
             "</script>")
SHORT_POST = _page(
    "<header><a href='/'>Tamsin Valley Walkers</a></header><main><article><h1>Frost on the ridge path</h1>"
    "<p>We set off from the old mill at seven and found the ridge path white with frost all the way up.</p>"
    "<p>Bring spikes next Saturday, and a flask: the wind at the top cuts straight through a coat.</p>"
    "<p>Eleven of us made it to the cairn; the rest turned back at the stile.</p>"
    "</article></main><footer><div class='widget widget_cookie_law'>Privacy and cookies: this site uses "
    "cookies. By continuing to use this website, you agree to their use. <button>Close and accept</button>"
    "</div></footer>",
    title="Frost on the ridge path", head=ANALYTICS,
)
RESULTS = _page(
    "<h1>Valley indoor meeting: results</h1><table>"
    + "".join(f"<tr><td>{place}.</td><td>{name}</td><td>{born}</td><td>LG Calder Valley</td><td>{time}</td></tr>"
              for place, name, born, time in [(1, "Ines Marr", 1993, "7,61"), (2, "Lea Tarrant", 1994, "7,74"),
                                               (3, "Mei Osei", 1992, "7,80"), (4, "Ada Haywood", 1995, "7,92"),
                                               (5, "Ora Kestrel", 1993, "8,03")])
    + "</table>",
    title="Valley indoor meeting: results",
    head='<script src="/js/jquery.captcha.js"></script>'
         '<script>var labels = {"captcha": "Captcha", "invalid": "Invalid e-mail"};</script>',
)


@pytest.mark.parametrize("page", [SHORT_POST, RESULTS], ids=["short post", "results table"])
def test_phrases_in_scripts_do_not_make_a_block_page(page):
    assert block_reason(page.encode()) is None


def test_a_short_post_beside_a_cookie_notice_is_read():
    article = extract(Entry(url="https://walkers.example/frost", origin="t", page=SHORT_POST.encode()))
    assert article.text.startswith("We set off from the old mill")


def test_a_page_that_shows_only_a_consent_box_is_still_a_consent_wall():
    wall = BLOCK_PAGES["consent wall"].replace("</head>", ANALYTICS + "</head>")
    assert "consent wall" in block_reason(wall.encode())


def test_the_reason_is_what_the_reader_sees_not_a_script_name():
    shell = BLOCK_PAGES["javascript shell"].replace("</head>", '<script src="/js/captcha.min.js"></script></head>')
    assert "JavaScript" in block_reason(shell.encode())
