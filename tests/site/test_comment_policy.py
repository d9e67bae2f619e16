"""The comment policy (site/web/comments.py) and the discussion on the article page."""

import itertools
import json
import re
import time
import uuid
from datetime import timedelta
from types import SimpleNamespace
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from newsbrief.pipeline.errors import DuplicateComment, Flooded, InvalidComment
from newsbrief.site.web import comments
from newsbrief.site.web.comments import check_form_signals, issue_form_token, submit_comment, truncate_ip
from newsbrief.site.models import Comment, DiscussionSettings
from newsbrief.site.templatetags.comment_text import render_comment_text
from newsbrief.site.web.views import HELD_MESSAGE, PUBLISHED_MESSAGE

pytestmark = pytest.mark.django_db

_networks = itertools.count(1)


@pytest.fixture
def instant_form(monkeypatch):
    """No minimum fill time: tests post the form at once."""
    monkeypatch.setenv("NEWSBRIEF_COMMENT_MIN_SECONDS", "0")


def fields(**changes) -> dict:
    return {"name": "Ada Ilves", "email": "ada@example.org", "website": "", "body": "Useful brief.", **changes}


def submit(article, *, ip=None, **changes) -> Comment:
    """Submit from a network of its own, so that flood control stays out of tests about other rules."""
    ip = ip or f"198.51.{next(_networks) % 250}.9"
    return submit_comment(article, fields(**changes), ip=ip, user_agent="pytest")


def age_comments(seconds: int = 60) -> None:
    """Move every stored comment back in time, past the flood interval."""
    Comment.objects.update(created=timezone.now() - timedelta(seconds=seconds))


def approved_commenter(article, email="ada@example.org") -> None:
    """An approved comment by the commenter that fields() stands for: the same name and email."""
    Comment.objects.create(article=article, name="Ada Ilves", email=email, body="Earlier.",
                           status=Comment.Status.APPROVED)
    age_comments()


def form_post(client, article, **changes):
    data = {**fields(**changes), "issued": issue_form_token(article)}
    return client.post(article.get_absolute_url(), data, REMOTE_ADDR=f"203.0.{next(_networks) % 250}.5")


# Limits


def _email(length: int) -> str:
    # local@ + labels of at most 63 characters + .org
    domain_length = length - len("someone@") - len(".org")
    labels = ["d" * min(63, domain_length - i * 64) for i in range((domain_length + 63) // 64)]
    return "someone@" + ".".join(labels) + ".org"


@pytest.mark.parametrize(
    ("field", "longest"),
    [
        ("name", "n" * 245),
        ("email", _email(254)),
        ("website", "https://example.org/" + "p" * 180),
        ("body", "w" * 65_535),
    ],
)
def test_each_field_takes_its_wordpress_limit_and_not_one_character_more(article, field, longest):
    assert len(longest) == {"name": 245, "email": 254, "website": 200, "body": 65_535}[field]
    assert submit(article, **{field: longest}).pk
    too_long = _email(255) if field == "email" else longest + "x"
    with pytest.raises(InvalidComment) as refused:
        submit(article, **{"body": "Another text.", field: too_long})
    assert list(refused.value.errors) == [field]


def test_missing_required_fields_are_each_named(article):
    with pytest.raises(InvalidComment) as refused:
        submit_comment(article, {"website": ""}, ip="198.51.100.1", user_agent="")
    assert refused.value.errors == {
        "name": ["Please give your name."],
        "email": ["Please give your email address."],
        "body": ["Please write a comment."],
    }
    assert refused.value.http_status == 400
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("website", ["javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://files.example/"])
def test_the_website_is_http_or_https_only(article, website):
    with pytest.raises(InvalidComment) as refused:
        submit(article, website=website)
    assert refused.value.errors == {"website": ["Please give a web address starting with http:// or https://."]}


def test_a_website_without_a_scheme_gets_https_and_the_api_may_call_the_text_comment(article):
    data = {"name": "Ada", "email": "Ada@Example.org", "website": "ada.example", "comment": "Via the API."}
    comment = submit_comment(article, data, ip=None, user_agent="")
    assert (comment.website, comment.body, comment.email) == ("https://ada.example", "Via the API.", "ada@example.org")


# The form's anti-bot checks


def test_the_honeypot_refuses_the_comment(client, article, instant_form):
    response = form_post(client, article, subject="Great offer")
    assert response.status_code == 400
    assert comments.REFUSED in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_form_sent_faster_than_the_minimum_fill_time_is_refused(client, article, monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_COMMENT_MIN_SECONDS", "3")
    response = form_post(client, article)
    assert response.status_code == 400
    assert "Please take a moment" in response.content.decode()
    issued = {"issued": issue_form_token(article)}
    with monkeypatch.context() as past:
        past.setattr(time, "time", lambda now=time.time(): now - 5)
        issued_earlier = {"issued": issue_form_token(article)}
    check_form_signals(article, issued_earlier)
    with pytest.raises(InvalidComment):
        check_form_signals(article, issued)


@pytest.mark.parametrize("case", ["missing", "forged", "other article", "expired"])
def test_a_form_token_must_be_signed_for_this_article_and_recent(article, monkeypatch, instant_form, case):
    token = issue_form_token(article)
    if case == "missing":
        token = ""
    elif case == "forged":
        token = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    elif case == "other article":
        token = issue_form_token(SimpleNamespace(pk=uuid.uuid4()))
    else:
        with monkeypatch.context() as past:
            past.setattr(time, "time", lambda now=time.time(): now - comments.TOKEN_MAX_AGE - 60)
            token = issue_form_token(article)
    with pytest.raises(InvalidComment):
        check_form_signals(article, {"issued": token})


def test_the_form_needs_its_csrf_token(article, instant_form):
    client = Client(enforce_csrf_checks=True)
    response = form_post(client, article)
    assert response.status_code == 403
    assert Comment.objects.count() == 0


# Flood and duplicates


def test_a_second_comment_from_the_same_network_within_15_seconds_is_flooded(article):
    submit(article, ip="192.0.2.10")
    with pytest.raises(Flooded) as flooded:
        submit(article, ip="192.0.2.99", email="other@example.org", body="Another thought.")
    assert flooded.value.http_status == 429
    assert 1 <= flooded.value.retry_after <= 15
    age_comments(16)
    assert submit(article, ip="192.0.2.99", email="other@example.org", body="Another thought.").pk


def test_a_second_comment_from_the_same_email_within_15_seconds_is_flooded(article):
    submit(article, ip="192.0.2.10")
    with pytest.raises(Flooded):
        submit(article, ip="2001:db8::1", email="ADA@example.org", body="Another thought.")


def test_flooding_answers_429_with_retry_after(client, article, instant_form):
    assert form_post(client, article).status_code == 302
    response = form_post(client, article, body="And another thing.")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 15
    assert "too quickly" in response.content.decode()


def test_the_same_text_by_the_same_email_on_the_same_article_is_a_duplicate(client, article, instant_form):
    submit(article)
    age_comments()
    with pytest.raises(DuplicateComment) as duplicate:
        submit(article, email="Ada@Example.org")
    assert duplicate.value.http_status == 409
    response = form_post(client, article)
    assert response.status_code == 409
    assert "already said that" in response.content.decode()
    assert Comment.objects.count() == 1


# Holding, spam, first-time and returning commenters


def test_a_first_time_commenter_is_held_and_a_returning_one_approved(article):
    assert submit(article).status == Comment.Status.HELD
    age_comments()
    assert submit(article, body="Held again: no comment of mine is approved yet.").status == Comment.Status.HELD
    approved_commenter(article)
    assert submit(article, email="ADA@example.org", body="Back again.").status == Comment.Status.APPROVED


def test_more_than_two_links_holds_even_a_returning_commenter(article):
    approved_commenter(article)
    two = "See https://a.example/1 and www.b.example for more."
    assert submit(article, body=two).status == Comment.Status.APPROVED
    age_comments()
    three = two + " Also http://c.example/3."
    assert submit(article, body=three).status == Comment.Status.HELD


def test_a_moderation_keyword_anywhere_holds_and_a_disallowed_word_means_spam(article):
    DiscussionSettings.objects.create(moderation_keywords="Casino\n\n", disallowed_words="cheap pills\n192.0.2.")
    approved_commenter(article)
    assert submit(article, body="An online CASINOS review.").status == Comment.Status.HELD
    age_comments()
    assert submit(article, name="Casino Fan", body="Nice.").status == Comment.Status.HELD
    age_comments()
    assert submit(article, body="Buy Cheap Pills now.").status == Comment.Status.SPAM
    age_comments()
    assert submit(article, ip="192.0.2.44", body="From a listed network.").status == Comment.Status.SPAM


# Privacy of what is stored


@pytest.mark.parametrize(
    ("address", "stored"),
    [
        ("203.0.113.77", "203.0.113.0"),
        ("2001:db8:abcd:12:1:2:3:4", "2001:db8:abcd::"),
        ("::ffff:198.51.100.23", "198.51.100.0"),
        ("not an address", None),
        (None, None),
    ],
)
def test_addresses_are_stored_as_their_network_only(address, stored):
    assert truncate_ip(address) == stored


def test_a_stored_comment_keeps_the_network_and_never_the_address(article):
    comment = submit(article, ip="203.0.113.77")
    comment.refresh_from_db()
    assert comment.ip_network == "203.0.113.0"
    assert "203.0.113.77" not in str(Comment.objects.values().get())


# Replies


def test_replies_are_one_level_deep(article):
    top = Comment.objects.create(article=article, name="Jon", email="jon@example.org", body="Top.", status="approved")
    reply = submit(article, parent=top.pk, body="A reply.")
    Comment.objects.filter(pk=reply.pk).update(status=Comment.Status.APPROVED)
    reply_to_reply = submit(article, email="kit@example.org", parent=reply.pk, body="A reply to the reply.")
    assert reply.parent == top
    assert reply_to_reply.parent == top


@pytest.mark.parametrize("parent_status", ["held", "spam", "missing"])
def test_a_reply_needs_an_approved_comment_on_the_same_article(article, parent_status):
    parent = Comment.objects.create(article=article, name="Jon", email="jon@example.org", body="Top.")
    parent.status = parent_status if parent_status != "missing" else "approved"
    parent.save()
    with pytest.raises(InvalidComment) as refused:
        submit(article, parent=parent.pk + (1000 if parent_status == "missing" else 0))
    assert list(refused.value.errors) == ["parent"]


def test_the_page_nests_replies_under_their_comment_and_offers_to_reply(client, article):
    top = Comment.objects.create(article=article, name="Jon", email="jon@example.org", body="Top.", status="approved")
    Comment.objects.create(article=article, parent=top, name="Kit", email="k@x.org", body="Under.", status="approved")
    page = client.get(article.get_absolute_url()).content.decode()
    thread = re.search(rf'<article class="comment" id="comment-{top.pk}">(.*?)</div>\s*</article>', page, re.S)
    assert thread and "Under." in thread.group(1)
    assert f'href="?replytocom={top.pk}#respond"' in page
    reply_form = client.get(article.get_absolute_url(), {"replytocom": top.pk}).content.decode()
    assert "Leave a Reply to Jon" in reply_form
    assert f'name="parent" value="{top.pk}"' in reply_form


# Rendering


def test_comment_text_is_escaped_with_paragraphs_and_safe_autolinks_only():
    html = render_comment_text(
        'First <script>alert(1)</script> <b onclick="x()">bold</b>\n\nSecond: see https://ferries.example/timetable'
        " and www.harbour.example\nand javascript:alert(2), ada@example.org"
    )
    assert html.startswith("<p>First &lt;script&gt;alert(1)&lt;/script&gt; &lt;b onclick=")
    assert '<a href="https://ferries.example/timetable" rel="nofollow ugc noopener">' in html
    assert '<a href="http://www.harbour.example" rel="nofollow ugc noopener">' in html
    assert "<br>" in html and html.count("<p>") == 2
    assert "javascript:alert(2)" in html and 'href="javascript' not in html
    assert "mailto:" not in html  # addresses in the text stay text
    assert set(re.findall(r"<(\w+)", html)) == {"p", "a", "br"}


def test_the_page_renders_comments_through_the_filter(client, article):
    body = "Timetable at https://ferries.example/t <img src=x onerror=alert(1)>"
    Comment.objects.create(article=article, name="<i>Jon</i>", email="j@example.org", body=body, status="approved")
    page = client.get(article.get_absolute_url()).content.decode()
    assert '<a href="https://ferries.example/t" rel="nofollow ugc noopener">' in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img" not in page
    assert "&lt;i&gt;Jon&lt;/i&gt;" in page


# The count, the messages and the comment feed


def test_the_count_counts_approved_comments_only_replies_included(client, article):
    top = Comment.objects.create(article=article, name="Jon", email="j@example.org", body="One.", status="approved")
    Comment.objects.create(article=article, parent=top, name="Kit", email="k@x.org", body="Two.", status="approved")
    for status in ["held", "spam", "trash"]:
        Comment.objects.create(article=article, name="Nope", email="n@x.org", body=status, status=status)
    page = client.get(article.get_absolute_url()).content.decode()
    assert re.search(r'<p class="comment-count"><a href="#comments">2</a>', page)


def test_the_page_says_held_or_published(client, article, instant_form):
    held = client.get(form_post(client, article)["Location"])
    assert "awaiting moderation" in held.content.decode() and HELD_MESSAGE in held.content.decode()
    approved_commenter(article)
    response = form_post(client, article, body="Published straight away.")
    assert re.search(r"#comment-\d+$", response["Location"])
    page = client.get(response["Location"]).content.decode()
    assert PUBLISHED_MESSAGE in page and "Published straight away." in page


def test_each_article_has_a_feed_of_its_approved_comments_with_names_and_text_only(client, article):
    Comment.objects.create(article=article, name="Jon Marsh", email="jon@x.org", body="Thanks.", status="approved")
    Comment.objects.create(article=article, name="Held", email="held@example.org", body="Pending.")
    url = f"/a/{article.id}/comments/feed/"
    assert f'href="{url}"' in client.get(article.get_absolute_url()).content.decode()
    response = client.get(url)
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert [(e.title, e.summary, e.author) for e in feed.entries] == [("Comment by Jon Marsh", "Thanks.", "Jon Marsh")]
    assert "jon@x.org" not in response.content.decode() and "Pending." not in response.content.decode()
    assert client.get("/a/00000000-0000-4000-8000-000000000000/comments/feed/").status_code == 404


# Hostile text: control characters, invisible names, markup in the feed, borrowed e-mail addresses


def test_the_form_strips_control_characters_from_every_field(client, article, instant_form):
    response = form_post(client, article, name="Ada\x07 Ilves\x00", body="Line one\x01\x0b.\r\n\r\nLine\ttwo.\x7f\x85")
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert (comment.name, comment.body) == ("Ada Ilves", "Line one.\r\n\r\nLine\ttwo.")


def test_the_api_strips_control_characters_as_the_form_does(client, article):
    data = {"name": "Ada\x1b Ilves", "email": "ada@example.org", "body": "Tab\tand\x0c feed\x01."}
    response = client.post(f"/api/articles/{article.pk}/comments", json.dumps(data),
                           content_type="application/json", REMOTE_ADDR="198.51.100.77")
    assert response.status_code == 201, response.content
    assert Comment.objects.values_list("name", "body").get() == ("Ada Ilves", "Tab\tand feed.")


@pytest.mark.parametrize("name", ["\u200b\u200c\u200d", "\ufeff\u2060", " \u200e\u200f\u00ad ", "\u3164", "\x01\x0b"])
def test_a_name_of_invisible_characters_only_is_no_name(client, article, instant_form, name):
    with pytest.raises(InvalidComment) as refused:
        submit(article, name=name)
    assert refused.value.errors == {"name": ["Please give your name."]}
    response = form_post(client, article, name=name)
    assert response.status_code == 400 and "Please give your name." in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_visible_name_with_invisible_characters_is_kept(article):
    assert submit(article, name="Zo\u200be").name == "Zo\u200be"


def test_only_the_same_name_and_email_as_an_approved_comment_is_approved_at_once(article):
    Comment.objects.create(article=article, name="Ada Ilves", email="ada@example.org", body="Earlier.",
                           status=Comment.Status.APPROVED)
    age_comments()
    assert submit(article, name="Mallory", email="ADA@example.org", body="Borrowed address.").status == "held"
    age_comments()
    assert submit(article, name="Ada Ilves", email="Ada@Example.org", body="Really me.").status == "approved"


def test_control_characters_in_an_approved_comment_leave_the_comment_feed_well_formed(client, article):
    Comment.objects.create(article=article, name="Jon\x01 Marsh", email="jon@x.org", body="Odd\x01\x0b text.",
                           status=Comment.Status.APPROVED)
    response = client.get(f"/a/{article.id}/comments/feed/")
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert [(e.title, e.summary, e.author) for e in feed.entries] == [("Comment by Jon Marsh", "Odd text.", "Jon Marsh")]


def test_markup_in_a_comment_is_text_in_the_comment_feed(client, article):
    Comment.objects.create(article=article, name="<b>Jon</b>", email="jon@x.org",
                           body="<img src=x onerror=alert(1)> & more", status=Comment.Status.APPROVED)
    channel = ElementTree.fromstring(client.get(f"/a/{article.id}/comments/feed/").content).find("channel")
    item = channel.find("item")
    # RSS readers render these fields as HTML: escaped once more, the markup shows as text and never runs.
    assert item.findtext("description") == "&lt;img src=x onerror=alert(1)&gt; &amp; more"
    assert item.findtext("title") == "Comment by &lt;b&gt;Jon&lt;/b&gt;"
    assert item.findtext("{http://purl.org/dc/elements/1.1/}creator") == "&lt;b&gt;Jon&lt;/b&gt;"


def test_the_static_export_carries_a_comment_with_control_characters(article, tmp_path):
    Comment.objects.create(article=article, name="Jon Marsh", email="jon@x.org", body="Odd\x01\x0b text.",
                           status=Comment.Status.APPROVED)
    call_command("export-site", str(tmp_path))
    page = tmp_path / article.get_absolute_url().lstrip("/") / "index.html"
    assert "Odd" in page.read_text()
    assert not feedparser.parse((tmp_path / f"a/{article.id}/comments/feed/index.xml").read_bytes()).bozo
