"""A canary commenter's email and address never show: not in a page, feed, API answer or log line.

A comment is left with a canary email from a canary address and approved; then
every public URL reachable from the front page is read (plus the admin's login
page, the feeds and the API), in-process and through gunicorn, and neither the
email, its MD5 or SHA-256 (Gravatar-style hashes), nor the full address may appear.
"""

import hashlib
import json
import logging
import os
import re
import socket
import sqlite3
import subprocess
import sys
import time
from collections import deque
from html.parser import HTMLParser
from urllib.parse import quote, urljoin, urlsplit

import httpx
import pytest
from django.utils import timezone

from newsbrief.site.web.comments import issue_form_token
from newsbrief.site.ingest.from_files import ingest_paths
from newsbrief.site.models import Comment
from newsbrief.site.ingest.textpages import import_text
from tests.conftest import EXAMPLES, FIXTURES, OWN_SQLITE_FILES, ROOT

CANARY_EMAIL = "Canary.Reader+k7q2@mailbox.example"
CANARY_IP = "203.0.113.77"
CANARY_NAME = "Canary Reader"
MAX_PAGES = 600  # more than the sample corpus has pages; a bound, not a sample


def _needles(email: str) -> dict[str, str]:
    """What must never appear: the email as typed, normalised and URL-quoted, and its hashes."""
    needles = {}
    for form in {email, email.lower(), email.strip().lower()}:
        needles[f"email {form}"] = form
        needles[f"quoted email {form}"] = quote(form)
        needles[f"md5 of {form}"] = hashlib.md5(form.encode()).hexdigest()
        needles[f"sha256 of {form}"] = hashlib.sha256(form.encode()).hexdigest()
    return needles


def _leaks(text: str, needles: dict[str, str]) -> list[str]:
    low = text.lower()
    return [name for name, needle in needles.items() if needle.lower() in low]


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in {"href", "src"} or (tag == "form" and name == "action"):
                self.links.append(value or "")


def _links(base: str, body: str, content_type: str) -> list[str]:
    if "html" in content_type:
        parser = _Links()
        parser.feed(body)
        found = parser.links
    else:  # feeds and JSON: any URL of this site in them
        found = re.findall(r"https?://testserver[^\s\"'<>]*", body)
    return [urljoin(base, link) for link in found]


def _worth_reading(url: str) -> bool:
    parts = urlsplit(url)
    if parts.netloc != "testserver" or parts.scheme != "http":
        return False
    # The admin beyond its login page needs a staff login; static files hold no data.
    return not parts.path.startswith("/static/") and (
        not parts.path.startswith("/admin/") or parts.path == "/admin/login/"
    )


def _api_urls(client, article_id) -> list[str]:
    """Every GET path of the API's OpenAPI description, path parameters filled with the canary's article."""
    for spec_url in ("/api/openapi.json", "/api/docs/openapi.json"):
        response = client.get(spec_url)
        if response.status_code == 200:
            spec = json.loads(response.content)
            return [
                re.sub(r"\{[^}]+\}", str(article_id), path if path.startswith("/api") else "/api" + path)
                for path, methods in spec.get("paths", {}).items()
                if "get" in methods
            ]
    return []


def _crawl(client, seeds: list[str]) -> dict[str, str]:
    """Read every URL reachable from the seeds: {url: headers and body}."""
    seen, queue, pages = set(), deque(seeds), {}
    while queue and len(pages) < MAX_PAGES:
        url = urljoin("http://testserver/", queue.popleft()).split("#")[0]
        if url in seen or not _worth_reading(url):
            continue
        seen.add(url)
        parts = urlsplit(url)
        response = client.get(parts.path + (f"?{parts.query}" if parts.query else ""))
        body = response.content.decode("utf-8", "replace")
        pages[url] = "\n".join(f"{k}: {v}" for k, v in response.headers.items()) + "\n" + body
        if response.status_code in (301, 302, 303, 307, 308):
            queue.append(urljoin(url, response["Location"]))
        elif response.status_code == 200:
            queue.extend(_links(f"http://testserver{parts.path}", body, response.get("Content-Type", "")))
    return pages


@pytest.mark.django_db
def test_no_page_feed_or_api_answer_or_log_line_shows_the_canary(client, admin_client, ferry_brief, caplog, capsys,
                                                                   monkeypatch):
    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("NEWSBRIEF_COMMENT_MIN_SECONDS", "0")
    ingest_paths([EXAMPLES])
    article = import_text(ferry_brief)

    form = {"name": CANARY_NAME, "email": CANARY_EMAIL, "website": "", "body": "A canary's first comment."}
    posted = client.post(article.get_absolute_url(), {**form, "issued": issue_form_token(article)},
                         REMOTE_ADDR=CANARY_IP)
    assert posted.status_code == 302
    canary = Comment.objects.get(name=CANARY_NAME)
    admin_client.post("/admin/newsbrief/comment/", {"action": "approve", "_selected_action": [canary.pk]})
    Comment.objects.update(created=timezone.now() - timezone.timedelta(minutes=1))  # past the flood interval
    reply = {**form, "body": "And a reply, published at once.", "parent": canary.pk}
    client.post(article.get_absolute_url(), {**reply, "issued": issue_form_token(article)}, REMOTE_ADDR=CANARY_IP)
    assert Comment.objects.filter(name=CANARY_NAME, status="approved").count() == 2

    seeds = ["/", "/admin/login/", article.get_absolute_url(), f"/a/{article.id}/comments/feed/", "/api/",
             "/api/docs", "/api/openapi.json", "/feeds/", "/search/?q=canary", "/about/",
             "/api/search?q=canary", f"/search/?q={quote(CANARY_NAME)}"]
    seeds += _api_urls(client, article.id)
    pages = _crawl(client, seeds)
    assert any(CANARY_NAME in body for body in pages.values()), "the crawl never reached the canary's comment"
    assert len(pages) > 20

    needles = {**_needles(CANARY_EMAIL), "full address": CANARY_IP}
    leaks = {url: found for url, body in pages.items() if (found := _leaks(body, needles))}
    assert leaks == {}
    logged = "\n".join(record.getMessage() for record in caplog.records)
    captured = capsys.readouterr()
    assert _leaks(logged + captured.out + captured.err, needles) == []


# Through gunicorn, as `newsbrief serve` runs: the canary connects from its own loopback address.

GUNICORN_CANARY_IP = "127.61.0.77"  # all of 127/8 is loopback on Linux, so a client can bind this one


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Serve a fresh database with gunicorn, leave an approved canary comment, and read pages and the log."""
    tmp = tmp_path_factory.mktemp("canary")
    database = tmp / "canary.sqlite3"
    env = {**os.environ, "NEWSBRIEF_DATABASE_URL": f"sqlite:///{database}", "NEWSBRIEF_COMMENT_MIN_SECONDS": "0"}
    newsbrief = [sys.executable, "-m", "newsbrief"]
    subprocess.run([*newsbrief, "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*newsbrief, "import-text", str(FIXTURES / "ferry-brief.txt")], env=env, check=True, cwd=ROOT,
                   capture_output=True)
    port, log_path = _free_port(), tmp / "serve.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen([*newsbrief, "serve", "--port", str(port), "--workers", "1"], env=env, cwd=ROOT,
                                  stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    transport = httpx.HTTPTransport(local_address=GUNICORN_CANARY_IP)
    pages = {}
    try:
        with httpx.Client(base_url=base, transport=transport, timeout=10) as browser:
            front = _wait_for(browser, server)
            article_url = re.search(r'href="(/a/[^"]+/)"', front.text).group(1)
            page = browser.get(article_url).text
            csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            issued = re.search(r'name="issued" value="([^"]+)"', page).group(1)
            form = {"name": CANARY_NAME, "email": CANARY_EMAIL, "website": "", "body": "Through gunicorn.",
                    "csrfmiddlewaretoken": csrf, "issued": issued}
            posted = browser.post(article_url, data=form, headers={"Referer": base + article_url})
            assert posted.status_code == 302, posted.text
            with sqlite3.connect(database) as db:
                db.execute("UPDATE newsbrief_comment SET status = 'approved'")
            article_id = article_url.split("/")[2]
            for url in ["/", article_url, f"/a/{article_id}/comments/feed/", "/admin/login/",
                        f"/api/articles/{article_id}/comments"]:
                response = browser.get(url)
                pages[url] = "\n".join(f"{k}: {v}" for k, v in response.headers.items()) + "\n" + response.text
    finally:
        server.terminate()
        server.wait(timeout=10)
    return pages, log_path.read_text()


def _wait_for(browser: httpx.Client, server: subprocess.Popen, seconds: float = 30) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert server.poll() is None, "newsbrief serve exited"
        try:
            return browser.get("/")
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("gunicorn never answered")


@OWN_SQLITE_FILES
def test_through_gunicorn_no_page_or_log_line_shows_the_canary_email(served):
    pages, log = served
    assert CANARY_NAME in next(body for url, body in pages.items() if url.startswith("/a/"))
    needles = _needles(CANARY_EMAIL)
    assert {url: found for url, body in pages.items() if (found := _leaks(body, needles))} == {}
    assert _leaks(log, needles) == []
    assert all(GUNICORN_CANARY_IP not in body for body in pages.values())


@OWN_SQLITE_FILES
def test_through_gunicorn_the_access_log_never_holds_the_full_address(served):
    _, log = served
    assert GUNICORN_CANARY_IP not in log
