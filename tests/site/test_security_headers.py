"""Security headers on every response, secure cookies behind TLS, the client's address, and hostile pages made inert."""

import os
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.test import RequestFactory

from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.models import Article
from newsbrief.site.web.security import client_ip
from tests.conftest import FIXTURES

pytestmark = pytest.mark.django_db

HOSTILE = FIXTURES / "hostile"


@pytest.mark.parametrize("path", ["/", "article", "/admin/login/", "/static/newsbrief/style.css", "/no-such-page/"])
def test_every_response_carries_the_security_headers(client, article, path):
    response = client.get(article.get_absolute_url() if path == "article" else path)
    assert response.status_code in (200, 404)
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert "script-src" not in directives  # scripts fall back to default-src 'self'
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


def _settings_under(env: dict) -> str:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsbrief.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER)"
    )
    env = {**os.environ, "NEWSBRIEF_SECRET_KEY": "test", **env}
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout


def test_cookies_are_secure_only_when_the_site_is_served_over_tls():
    assert _settings_under({"NEWSBRIEF_TLS": "0"}).split() == ["False", "False", "None"]
    assert _settings_under({"NEWSBRIEF_TLS": "1"}).strip() == "True True ('HTTP_X_FORWARDED_PROTO', 'https')"


def _hsts_seconds_under(env: dict) -> int:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsbrief.settings'; django.setup();"
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS)"
    )
    env = {**os.environ, "NEWSBRIEF_SECRET_KEY": "test", **env}
    return int(subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout)


def test_hsts_is_a_setting_that_is_sent_only_when_the_site_is_served_over_tls():
    assert _hsts_seconds_under({"NEWSBRIEF_TLS": "1", "NEWSBRIEF_HSTS_SECONDS": "31536000"}) == 31536000
    assert _hsts_seconds_under({"NEWSBRIEF_TLS": "0", "NEWSBRIEF_HSTS_SECONDS": "31536000"}) == 0
    assert _hsts_seconds_under({"NEWSBRIEF_TLS": "1"}) == 0  # off unless asked for: browsers keep it for that long


def test_behind_a_tls_proxy_hsts_is_sent_on_https_responses_only(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client.get("/", headers={"X-Forwarded-Proto": "https"})["Strict-Transport-Security"] == "max-age=31536000"
    assert "Strict-Transport-Security" not in client.get("/")


def test_behind_a_tls_proxy_the_csrf_cookie_is_marked_secure(client, settings):
    settings.CSRF_COOKIE_SECURE = settings.SESSION_COOKIE_SECURE = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    response = client.get("/admin/login/", headers={"X-Forwarded-Proto": "https"})
    assert response.cookies["csrftoken"]["secure"] is True


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "client"),
    [
        ("", "192.0.2.1", "198.51.100.7", "192.0.2.1"),  # no proxy trusted: the header is ignored
        ("10.0.0.0/8", "10.0.0.2", "198.51.100.7", "198.51.100.7"),
        ("10.0.0.0/8", "10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.9", "198.51.100.7"),  # the client's own is forged
        ("10.0.0.0/8", "192.0.2.1", "198.51.100.7", "192.0.2.1"),  # not from a trusted proxy
        ("10.0.0.0/8", "10.0.0.2", "", "10.0.0.2"),
    ],
)
def test_the_client_address_believes_x_forwarded_for_only_from_trusted_proxies(
    monkeypatch, trusted, remote, forwarded, client
):
    monkeypatch.setenv("NEWSBRIEF_TRUSTED_PROXIES", trusted)
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == client


class _LiveParts(HTMLParser):
    """Everything in a page that a browser would run: script elements, on* handlers, script URLs."""

    URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "xlink:href"}

    def __init__(self):
        super().__init__()
        self.live: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed"}:
            self.live.append(f"<{tag}>")
        for name, value in attrs:
            url = "".join((value or "").split()).lower()
            if name.startswith("on"):
                self.live.append(f"{tag} {name}=")
            elif name in self.URL_ATTRIBUTES and url.startswith(("javascript:", "vbscript:", "data:")):
                self.live.append(f"{tag} {name}={value}")


def _live_parts(html: str) -> list[str]:
    parser = _LiveParts()
    parser.feed(html)
    return parser.live


def _hostile_page(client, title_word: str) -> str:
    ingest_paths([HOSTILE])
    article = Article.objects.published().get(title__contains=title_word)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_a_page_full_of_scripts_handlers_and_javascript_links_is_rendered_inert(client):
    html = _hostile_page(client, "Night Market")
    assert "Traders said the repairs had cost them" in html  # the text came through
    assert _live_parts(html) == []
    assert "alert(" not in html


def test_a_feed_item_linking_to_javascript_is_rendered_inert(client):
    html = _hostile_page(client, "Harbour Board")
    assert "Harbour Board Approves Night Ferry Trial" in html  # the title's markup reduced to its text (issue 15)
    assert "alert(1)" not in html
    assert _live_parts(html) == []


def test_the_api_documentation_runs_under_the_policy(client):
    html = client.get("/api/docs").content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, re.S)
    assert scripts
    for attributes, body in scripts:
        source = re.search(r'src="([^"]+)"', attributes)
        assert (source and source.group(1).startswith("/static/")) or 'type="application/json"' in attributes
    assert "https://" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', html))
