"""`newsbrief export-site DIR`: the whole publication as static files whose every internal link resolves."""

import hashlib
import io
import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.management import call_command

from newsbrief.site.web.export import export_site
from newsbrief.site.models import Article, Comment, Entity, Source, Story, Thread

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_corpus")]

CANARY_EMAIL = "Static.Canary+x9@mailbox.example"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms = 0

    def handle_starttag(self, tag, attrs):
        self.forms += tag == "form"
        self.links += [value or "" for name, value in attrs if name in {"href", "src", "action"}]


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text())
    return parser


@pytest.fixture(scope="module")
def exported(sample_corpus, django_db_blocker, tmp_path_factory) -> tuple[Path, Article, str]:
    """One export for the module, of the sample corpus plus an approved comment and reply from a canary email.

    The comments are written inside the module's corpus transaction, so they roll back with it. The
    command's output is kept, drawn as on a terminal, since a whole export takes a while on PostgreSQL.
    """
    out = io.StringIO()
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setenv("TTY_COMPATIBLE", "1")  # draw the bar as on a terminal
        article = Article.objects.published().first()
        first = Comment.objects.create(
            article=article, name="Static Reader", email=CANARY_EMAIL.lower(), body="A first comment.",
            status=Comment.Status.APPROVED,
        )
        Comment.objects.create(
            article=article, parent=first, name="Second Reader", email=CANARY_EMAIL.lower(), body="A reply.",
            status=Comment.Status.APPROVED,
        )
        site = tmp_path_factory.mktemp("export") / "site"
        call_command("export-site", str(site), stdout=out)
    return site, article, out.getvalue()


@pytest.fixture
def site(exported) -> Path:
    return exported[0]


@pytest.fixture
def commented(exported) -> Article:
    return exported[1]


def _files(root: Path) -> set[str]:
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def test_every_page_of_the_publication_is_exported(site, commented):
    files = _files(site)
    for expected in ["index.html", "about/index.html", "sources/index.html", "static/newsbrief/style.css",
                     "sitemap.xml", "feeds/latest.rss", "feeds/latest.atom", "feeds/latest.json"]:
        assert expected in files
    for article in Article.objects.published():
        assert article.get_absolute_url().lstrip("/") + "index.html" in files
    for story in Story.objects.filter(merged_into__isnull=True, size__gt=0):
        assert f"s/{story.pk}/index.html" in files
        assert {f"s/{story.pk}/feed.{fmt}" for fmt in ("rss", "atom", "json")} <= files
    threads = Thread.objects.filter(merged_into__isnull=True, event_count__gt=0)
    assert threads.exists()
    for thread in threads:
        assert f"t/{thread.pk}/index.html" in files
        assert {f"t/{thread.pk}/feed.{fmt}" for fmt in ("rss", "atom", "json")} <= files
    for source in Source.objects.all():
        assert f"sources/{source.pk}/index.html" in files
        assert f"sources/{source.pk}/feed.rss" in files
    named = Entity.objects.filter(mentions__article__in=Article.objects.published()).distinct()
    assert named.exists()
    for entity in named:
        assert entity.get_absolute_url().lstrip("/") + "index.html" in files
        assert f"e/{entity.pk}/feed.atom" in files
    assert f"a/{commented.pk}/comments/feed/index.xml" in files


def test_every_internal_link_resolves_to_an_exported_file(site):
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50
    checked = 0
    for page in pages:
        parsed = _parse(page)
        assert parsed.forms == 0, f"{page} has a form, which a static host cannot answer"
        for link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:  # another site, or an anchor on this page
                continue
            assert not link.startswith("/"), f"{page}: {link} is not relative"
            target = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), parts.path))
            assert not target.startswith(".."), f"{page}: {link} leaves the export"
            assert (site / target).is_file(), f"{page}: {link} does not resolve"
            checked += 1
    assert checked > 1000


def test_the_sitemap_lists_every_page(site):
    tree = ElementTree.parse(site / "sitemap.xml")
    locs = [loc.text for loc in tree.getroot().iter(f"{SITEMAP}loc")]
    listed = {loc.lstrip("/") + ("index.html" if loc.endswith("/") else "") for loc in locs}
    pages = {path.relative_to(site).as_posix() for path in site.rglob("*.html")}
    assert listed == pages
    assert len(locs) == len(listed)


def test_feeds_parse_without_error(site):
    feeds = [path for path in site.rglob("*") if path.suffix in {".rss", ".atom"} or path.name == "index.xml"]
    assert len(feeds) > 30
    for path in site.rglob("*.json"):  # feedparser 6.0 reads no JSON Feed: its shape is checked here
        feed = json.loads(path.read_text())
        assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["title"]
        assert all(item["id"] and item["url"] and item["title"] for item in feed["items"])
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.get('bozo_exception')}"
        if path.parent.name != "feed":  # comment feeds may be empty; the others carry briefs
            assert parsed.feed.title


def test_comments_are_shown_read_only(site, commented):
    page = site / commented.get_absolute_url().lstrip("/") / "index.html"
    html = page.read_text()
    assert "A first comment." in html and "A reply." in html
    assert "Leave a Reply" in html
    assert "Your email address will not be published." in html
    assert "Comments are closed in this static copy" in html
    assert "Post Comment" not in html and "csrfmiddlewaretoken" not in html and "replytocom" not in html


def test_no_commenter_email_appears_anywhere(site):
    needles = set()
    for form in {CANARY_EMAIL, CANARY_EMAIL.lower()}:
        needles |= {form.lower(), hashlib.md5(form.encode()).hexdigest(), hashlib.sha256(form.encode()).hexdigest()}
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode(errors="replace").lower()
            assert not [needle for needle in needles if needle in text], path


def test_a_base_url_makes_links_feeds_and_sitemap_absolute(tmp_path):
    result = export_site(tmp_path, base_url="https://news.example.org/brief")
    front = (tmp_path / "index.html").read_text()
    assert 'href="https://news.example.org/brief/about/"' in front
    assert 'href="https://news.example.org/brief/static/newsbrief/style.css"' in front
    links = re.findall(r'href="([^"#]*)', front)
    assert all(not link.startswith("/") and not link.startswith("testserver") for link in links)
    assert "testserver" not in (tmp_path / "feeds/latest.rss").read_text()
    parsed = feedparser.parse((tmp_path / "feeds/latest.atom").read_bytes())
    assert not parsed.bozo
    assert all(entry.link.startswith("https://news.example.org/brief/a/") for entry in parsed.entries)
    sitemap = (tmp_path / "sitemap.xml").read_text()
    assert "<loc>https://news.example.org/brief/</loc>" in sitemap
    assert len(result.pages) == sitemap.count("<loc>")


def test_the_command_shows_pages_written_of_the_total_as_it_goes(exported):
    text = exported[2]
    pages, feeds = map(int, re.search(r"exported (\d+) pages, (\d+) feeds", text).groups())
    assert "rendering pages and feeds" in text
    assert re.search(rf"writing files.*[^0-9]{pages + feeds}/{pages + feeds}[^0-9]", text)
