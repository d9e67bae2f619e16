"""In a real browser (Debian's Chromium, driven by Playwright) against a real `newsbrief serve`.

A reader opens the front page, follows a story to an article and leaves a comment,
which waits for moderation; an editor logs in to the admin and approves it; the
article then shows it, with its comment count one higher. No page may log a console
error. A screenshot of every page visited is kept in var/screenshots/.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, OWN_SQLITE_FILES, ROOT
from tests.site.test_serve import _free_port, _wait_for

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = ROOT / "var" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
EDITOR, PASSWORD = "editor", "a-long-test-password-7f3k"
pytestmark = OWN_SQLITE_FILES

COMMENT = "Browser-tested comment: the bridge closure needs a ferry plan."

if not CHROMIUM.exists():  # `make test` installs it (the system-packages target)
    pytest.skip("Debian's Chromium is not installed at /usr/bin/chromium", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`newsbrief serve` on a free loopback port, over a fresh SQLite database with the examples and an editor."""
    tmp = tmp_path_factory.mktemp("browser")
    env = {
        **os.environ,
        "NEWSBRIEF_DATABASE_URL": f"sqlite:///{tmp}/browser.sqlite3",
        "NEWSBRIEF_COMMENT_MIN_SECONDS": "0",
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    newsbrief = [sys.executable, "-m", "newsbrief"]
    subprocess.run([*newsbrief, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*newsbrief, "ingest", str(EXAMPLES)], env=env, check=True, capture_output=True)
    subprocess.run(
        [*newsbrief, "createsuperuser", "--noinput", "--username", EDITOR, "--email", "editor@newsroom.example"],
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    process = subprocess.Popen(
        [*newsbrief, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        _wait_for(f"http://127.0.0.1:{port}/", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def page():
    """A Chromium page that records console errors and uncaught exceptions."""
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            tab = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
            tab.errors = []
            tab.on("console", lambda message: message.type == "error" and tab.errors.append(_located(message)))
            tab.on("pageerror", lambda error: tab.errors.append(str(error)))
            tab.set_default_timeout(10_000)
            yield tab
        finally:
            browser.close()


def _located(message) -> str:
    """A console message with the page or resource it came from."""
    return f"{message.text} ({message.location.get('url', '?')})"


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _count(page) -> int:
    return int(page.locator(".comment-count a").inner_text())


def test_a_reader_comments_and_an_editor_approves_it(server, page):
    expect = sync_api.expect
    page.goto(server + "/")
    expect(page.get_by_role("heading", name="Top stories")).to_be_visible()
    _shot(page, "01-front")

    page.locator("ol.stories li.story-card h2 a").first.click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    _shot(page, "02-story")

    page.locator(".timeline-list a").first.click()
    expect(page.locator("article.brief h1")).to_be_visible()
    article_url = page.url.split("#")[0]
    assert re.search(r"/a/[0-9a-f-]{36}/[\w-]+/$", article_url), article_url
    before = _count(page)
    _shot(page, "03-article")

    page.get_by_label("Name *").fill("Browser Reader")
    page.get_by_label("Email *").fill("browser.reader@mailbox.example")
    page.get_by_label("Comment *").fill(COMMENT)
    page.get_by_role("button", name="Post Comment").click()
    expect(page.locator("#respond .notice")).to_contain_text("awaiting moderation")
    expect(page.locator("#comments")).not_to_contain_text(COMMENT)
    assert _count(page) == before
    _shot(page, "04-comment-held")

    page.goto(server + "/admin/")
    page.get_by_label("Username").fill(EDITOR)
    page.get_by_label("Password").fill(PASSWORD)
    _shot(page, "05-admin-login")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_be_visible()
    _shot(page, "06-admin-index")

    page.goto(server + "/admin/newsbrief/comment/")
    row = page.locator("#result_list tbody tr", has_text="Browser Reader")
    expect(row).to_have_count(1)
    row.locator("input.action-select").check()
    page.locator("select[name=action]").select_option("approve")
    _shot(page, "07-admin-queue")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    _shot(page, "08-admin-approved")

    page.goto(article_url)
    expect(page.locator("#comments")).to_contain_text(COMMENT)
    assert _count(page) == before + 1
    _shot(page, "09-article-published")

    assert page.errors == [], page.errors
