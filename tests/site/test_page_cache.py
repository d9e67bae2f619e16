"""The page cache (site/web/caching.py): served to anonymous readers only, never stale after a write, never shared tokens."""

import re
import uuid

import pytest
from django.core.cache import caches
from django.middleware.csrf import _unmask_cipher_token
from django.test import Client

from newsbrief.site.web.caching import CACHE_ALIAS
from newsbrief.site.web.comments import HELD_MESSAGE, issue_form_token
from newsbrief.site.models import Comment
from newsbrief.site.ingest.textpages import import_text
from tests.site.conftest import reader_get

pytestmark = pytest.mark.django_db

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
ISSUED = re.compile(r'name="issued" value="([^"]+)"')


@pytest.fixture(autouse=True)
def empty_cache(monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_CACHE_SECONDS", "60")
    caches[CACHE_ALIAS].clear()
    yield
    caches[CACHE_ALIAS].clear()



def _comment(article, **changes):
    fields = {"article": article, "name": "Ada", "email": "ada@example.org", "body": "A careful reader.", **changes}
    return Comment.objects.create(**fields)


def test_anonymous_readers_get_the_cached_page(article):
    first = reader_get(article.get_absolute_url())
    second = reader_get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert CSRF.sub("", first.content.decode()).split('name="issued"')[0] == CSRF.sub(
        "", second.content.decode()
    ).split('name="issued"')[0]
    for url in ["/", "/feeds/latest.rss", "/feeds/latest.atom", "/feeds/latest.json", "/about/"]:
        assert reader_get(url)["X-Page-Cache"] == "miss"
        assert reader_get(url)["X-Page-Cache"] == "hit"


def test_a_cached_page_carries_the_readers_own_csrf_token_and_a_fresh_form_token(article, monkeypatch):
    url = article.get_absolute_url()
    first_reader, second_reader = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first = first_reader.get(url)
    second = second_reader.get(url)
    assert second["X-Page-Cache"] == "hit"
    first_secret = first.cookies["csrftoken"].value
    second_secret = second.cookies["csrftoken"].value
    assert first_secret != second_secret
    second_token = CSRF.search(second.content.decode()).group(1)
    assert _unmask_cipher_token(second_token) == second_secret  # the second reader's own, not the first's
    assert first_secret not in second.content.decode()
    assert CSRF.search(first.content.decode()).group(1) not in second.content.decode()
    # The form made from the cached page is accepted: its CSRF token and its fill-time token are valid.
    monkeypatch.setenv("NEWSBRIEF_COMMENT_MIN_SECONDS", "0")
    issued = ISSUED.search(second.content.decode()).group(1)
    assert issued != ISSUED.search(first.content.decode()).group(1)
    data = {"name": "Ada", "email": "ada@example.org", "website": "", "body": "From a cached page.",
            "issued": issued, "csrfmiddlewaretoken": second_token}
    response = second_reader.post(url, data, REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 302
    assert Comment.objects.filter(body="From a cached page.").exists()


def test_a_cached_page_still_makes_a_quick_bot_wait(article):
    url = article.get_absolute_url()
    reader_get(url)
    reader = Client()
    page = reader.get(url)
    assert page["X-Page-Cache"] == "hit"
    data = {"name": "Bot", "email": "bot@example.org", "body": "Buy now.", "issued": ISSUED.search(page.content.decode()).group(1)}
    response = reader.post(url, data, REMOTE_ADDR="203.0.113.6")
    assert response.status_code == 400 and "That was quick!" in response.content.decode()


def test_a_new_approved_comment_shows_at_once(article):
    url = article.get_absolute_url()
    reader_get(url)
    assert reader_get(url)["X-Page-Cache"] == "hit"
    _comment(article, status=Comment.Status.APPROVED, body="Seen at once.")
    page = reader_get(url)
    assert page["X-Page-Cache"] == "miss" and "Seen at once." in page.content.decode()


def test_approving_in_the_admin_shows_at_once(article, admin_client):
    held = _comment(article, status=Comment.Status.HELD, body="Waiting for a moderator.")
    url = article.get_absolute_url()
    reader_get(url)
    assert "Waiting for a moderator." not in reader_get(url).content.decode()
    # The bulk action writes with queryset.update(), which sends no signal: the action itself invalidates.
    admin_client.post("/admin/newsbrief/comment/", {"action": "approve", "_selected_action": [held.pk]})
    assert Comment.objects.get(pk=held.pk).status == Comment.Status.APPROVED
    page = reader_get(url)
    assert page["X-Page-Cache"] == "miss" and "Waiting for a moderator." in page.content.decode()


def test_a_new_article_shows_on_the_front_page_and_in_the_feed(article, ferry_brief, tmp_path):
    for url in ["/", "/feeds/latest.rss"]:
        reader_get(url)
        assert reader_get(url)["X-Page-Cache"] == "hit"
    text = ferry_brief.read_text(encoding="utf-8").replace(str(article.pk), str(uuid.uuid4()))
    text = text.replace("Ferry Crews Vote to Extend Winter Timetable", "Harbour Pilots Agree a New Rota", 1)
    text = text.replace("214 of its 260", "215 of its 260")  # another text, not a duplicate
    other = tmp_path / "other.txt"
    other.write_text(text, encoding="utf-8")
    assert import_text(other) is not None
    for url in ["/", "/feeds/latest.rss"]:
        assert "Harbour Pilots Agree a New Rota" in reader_get(url).content.decode()


def test_a_post_is_never_cached_nor_answered_from_the_cache(article):
    url = article.get_absolute_url()
    reader_get(url)
    assert reader_get(url)["X-Page-Cache"] == "hit"
    response = Client().post(url, {"name": "", "email": "", "body": ""})
    assert response.status_code == 400 and "X-Page-Cache" not in response
    assert "Please give your name." in response.content.decode()
    page = reader_get(url)
    assert "Please give your name." not in page.content.decode()


@pytest.mark.parametrize("url", ["/", "/about/", "/sources/", "/feeds/latest.rss"])
def test_a_post_to_a_read_only_page_is_refused_and_leaves_the_cache_alone(article, url):
    page = article.get_absolute_url()
    reader_get(page)
    visitor = Client(enforce_csrf_checks=True)
    token = CSRF.search(visitor.get(page).content.decode()).group(1)  # a valid token, as anyone can get one
    for _ in range(3):
        assert visitor.post(url, {"csrfmiddlewaretoken": token}).status_code == 405
    assert reader_get(page)["X-Page-Cache"] == "hit"


def test_a_post_that_writes_nothing_leaves_the_cache_alone(article):
    page = article.get_absolute_url()
    reader_get(page)
    refused_login = Client().post("/admin/login/", {"username": "nobody", "password": "wrong"})
    assert refused_login.status_code == 200  # the form again, with its error: nothing was written
    assert reader_get(page)["X-Page-Cache"] == "hit"


def test_a_page_with_a_message_is_never_cached_nor_a_reader_with_cookies_served(article, monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_COMMENT_MIN_SECONDS", "0")
    url = article.get_absolute_url()
    commenter = Client()
    data = {"name": "Ada", "email": "ada@example.org", "website": "", "body": "First time here.",
            "issued": issue_form_token(article)}
    shown = commenter.post(url, data, REMOTE_ADDR="203.0.113.7", follow=True)
    assert HELD_MESSAGE in shown.content.decode()
    assert "X-Page-Cache" not in shown  # a reader with cookies is neither served nor stored
    page = reader_get(url)
    assert page["X-Page-Cache"] == "miss" and HELD_MESSAGE not in page.content.decode()
    again = reader_get(url)
    assert again["X-Page-Cache"] == "hit" and HELD_MESSAGE not in again.content.decode()
    assert "X-Page-Cache" not in commenter.get(url)


def test_a_search_is_cached_per_query_and_a_refused_one_never(article):
    assert reader_get("/search/?q=ferry")["X-Page-Cache"] == "miss"
    assert reader_get("/search/?q=ferry")["X-Page-Cache"] == "hit"
    assert reader_get("/search/?q=bridge")["X-Page-Cache"] == "miss"
    assert reader_get("/search/?q=after:2026-13-40").status_code == 400
    assert "X-Page-Cache" not in reader_get("/search/?q=after:2026-13-40")


def test_staff_and_admin_pages_are_not_cached(article, admin_client):
    assert "X-Page-Cache" not in admin_client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in admin_client.get("/admin/")


def test_zero_seconds_turns_the_cache_off(article, monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_CACHE_SECONDS", "0")
    reader_get(article.get_absolute_url())
    assert "X-Page-Cache" not in reader_get(article.get_absolute_url())
