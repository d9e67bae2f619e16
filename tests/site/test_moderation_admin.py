"""Moderation in the admin: the queue, bulk actions, a commenter's history, the word lists, the login throttle."""

import pytest
from django.core.cache import cache
from django.db import connection

from newsbrief.site.web.comments import submit_comment
from newsbrief.site.models import Comment, DiscussionSettings

pytestmark = pytest.mark.django_db

COMMENTS = "/admin/newsbrief/comment/"


@pytest.fixture
def thread(article):
    """Comments in every status; Ada has three, one of them approved."""
    made = {}
    for key, name, email, status in [
        ("held", "Ada Ilves", "ada@example.org", "held"),
        ("approved", "Ada Ilves", "ada@example.org", "approved"),
        ("spam", "Ada Ilves", "ada@example.org", "spam"),
        ("other", "Jon Marsh", "jon@example.org", "held"),
        ("trash", "Kit Wren", "kit@example.org", "trash"),
    ]:
        made[key] = Comment.objects.create(article=article, name=name, email=email, body=f"A {key} one.", status=status)
    return made


def _listed(response) -> set[str]:
    return {c.body for c in response.context["cl"].result_list}


def test_the_admin_opens_on_the_queue_of_held_comments(admin_client, thread):
    response = admin_client.get(COMMENTS)
    assert response.status_code == 200
    assert _listed(response) == {"A held one.", "A other one."}
    assert _listed(admin_client.get(COMMENTS, {"status": "all"})) == {f"A {k} one." for k in thread}
    assert _listed(admin_client.get(COMMENTS, {"status": "spam"})) == {"A spam one."}


@pytest.mark.parametrize(
    ("action", "status"), [("approve", "approved"), ("mark_spam", "spam"), ("trash", "trash"), ("hold", "held")]
)
def test_bulk_actions_set_the_status_of_every_selected_comment(admin_client, thread, action, status):
    chosen = [thread["held"].pk, thread["other"].pk]
    response = admin_client.post(COMMENTS, {"action": action, "_selected_action": chosen}, follow=True)
    assert response.status_code == 200
    assert set(Comment.objects.filter(pk__in=chosen).values_list("status", flat=True)) == {status}
    assert Comment.objects.get(pk=thread["trash"].pk).status == "trash"  # not selected, not changed


def test_the_change_page_shows_the_commenters_other_comments(admin_client, thread):
    page = admin_client.get(f"{COMMENTS}{thread['held'].pk}/change/").content.decode()
    assert "A approved one." in page and "A spam one." in page
    assert "A other one." not in page  # Jon's, not Ada's
    first_timer = admin_client.get(f"{COMMENTS}{thread['other'].pk}/change/").content.decode()
    assert "a first-time commenter" in first_timer


def test_the_queue_shows_each_commenters_record(admin_client, thread):
    page = admin_client.get(COMMENTS).content.decode()
    assert "1 approved of 3" in page  # Ada
    assert "0 approved of 1" in page  # Jon


def test_the_history_is_for_staff_only(client, thread):
    response = client.get(f"{COMMENTS}{thread['held'].pk}/change/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_word_lists_are_edited_in_the_admin_and_used_at_once(admin_client, article):
    response = admin_client.get("/admin/newsbrief/discussionsettings/")
    assert response.status_code == 302
    form = {"moderation_keywords": "ferry fares", "disallowed_words": "cheap pills", "max_links": "1"}
    assert admin_client.post(response["Location"], form).status_code == 302
    assert DiscussionSettings.objects.count() == 1
    assert DiscussionSettings.load().max_links == 1
    Comment.objects.create(article=article, name="Ada", email="ada@example.org", body="Old.", status="approved")
    Comment.objects.update(created="2026-01-01T00:00:00Z")
    data = {"name": "Ada", "email": "ada@example.org", "website": ""}
    spam = submit_comment(article, {**data, "body": "Cheap pills!"}, ip="198.51.100.1", user_agent="")
    assert spam.status == "spam"
    Comment.objects.update(created="2026-01-01T00:00:00Z")
    held = submit_comment(article, {**data, "body": "About Ferry Fares."}, ip="198.51.100.2", user_agent="")
    assert held.status == "held"


def test_the_settings_row_cannot_be_deleted_or_doubled(admin_client):
    DiscussionSettings.load()
    assert admin_client.get("/admin/newsbrief/discussionsettings/add/").status_code == 403
    assert admin_client.get("/admin/newsbrief/discussionsettings/1/delete/").status_code == 403


@pytest.fixture
def staff(django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed, not security, here
    cache.clear()  # the throttle counts in Django's cache; start from none
    yield django_user_model.objects.create_user("editor", password="right-horse-battery", is_staff=True)
    cache.clear()


def _login(client, password, address):
    data = {"username": "editor", "password": password, "next": "/admin/"}
    return client.post("/admin/login/", data, REMOTE_ADDR=address)


def test_staff_login_is_throttled_after_repeated_failures(client, staff, monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_LOGIN_MAX_FAILURES", "3")
    for _ in range(3):
        assert _login(client, "wrong", "192.0.2.7").status_code == 200  # the form again, with its error
    refused = _login(client, "right-horse-battery", "192.0.2.7")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) == 15 * 60
    assert "192.0.2.7" not in refused.content.decode()
    assert _login(client, "right-horse-battery", "192.0.2.8").status_code == 302  # another address is not locked


def test_an_ipv6_client_is_throttled_by_its_slash_64_so_that_it_cannot_walk_its_own_network(client, staff, monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_LOGIN_MAX_FAILURES", "3")
    for host in ("2001:db8:7:1::1", "2001:db8:7:1::2", "2001:db8:7:1:ffff:0:0:3"):  # one /64, three addresses
        assert _login(client, "wrong", host).status_code == 200
    assert _login(client, "right-horse-battery", "2001:db8:7:1:abcd::9").status_code == 429
    assert _login(client, "right-horse-battery", "2001:db8:7:2::1").status_code == 302  # the next /64 is not locked


def test_the_failure_count_is_kept_in_the_database_for_every_worker_without_the_address(client, staff, monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_LOGIN_MAX_FAILURES", "3")
    for _ in range(3):
        _login(client, "wrong", "192.0.2.10")
    with connection.cursor() as cursor:  # what another worker process would read
        cursor.execute("SELECT cache_key FROM newsbrief_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert len(keys) == 1 and "192.0.2.10" not in keys[0]
    assert _login(client, "right-horse-battery", "192.0.2.10").status_code == 429


def test_a_successful_login_clears_the_count(client, staff, monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_LOGIN_MAX_FAILURES", "3")
    for _ in range(2):
        _login(client, "wrong", "192.0.2.9")
    assert _login(client, "right-horse-battery", "192.0.2.9").status_code == 302
    client.logout()
    for _ in range(2):
        _login(client, "wrong", "192.0.2.9")
    assert _login(client, "right-horse-battery", "192.0.2.9").status_code == 302
