"""The article page: the reference anatomy in order, and the Leave a Reply form."""

import re

import pytest

from newsbrief.site.web.comments import issue_form_token
from newsbrief.site.models import Comment
from newsbrief.site.web.views import HELD_MESSAGE

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    """The page's visible text, tags dropped and whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_page_url_is_built_from_the_id_and_a_slug(client, article):
    assert article.get_absolute_url() == f"/a/{article.id}/ferry-crews-vote-to-extend-winter-timetable/"
    response = client.get(f"/a/{article.id}/")
    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_the_page_shows_the_anatomy_in_order(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    text = _text(html)
    parts = [
        "Ferry Crews Vote to Extend Winter Timetable",
        "0",
        str(article.id),
        "Crews on the Port Aldwyn ferries voted on Tuesday",
        "The Bluewake Ferries crews’ association said 214",
        "Managers at Bluewake had asked for the longer timetable",
        "In summary, the ferry crews agreed",
        "Original Source: harbourgazette.example",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ]
    positions = [text.index(part, text.index(parts[0])) for part in parts]
    assert positions == sorted(positions)
    assert re.search(r'Original Source: <a href="https://harbourgazette.example/"[^>]*>harbourgazette.example</a>', html)


def test_the_form_has_the_four_fields_with_required_marks(client, article):
    html = client.get(article.get_absolute_url()).content.decode()
    for name, label in [("name", "Name *"), ("email", "Email *"), ("website", "Website"), ("body", "Comment *")]:
        assert re.search(rf'<label for="id_{name}">{re.escape(label)}</label>', html)
        assert f'name="{name}"' in html


@pytest.mark.parametrize(
    ("missing", "error"),
    [("name", "Please give your name."), ("email", "Please give your email address."), ("body", "Please write a comment.")],
)
def test_each_required_field_is_enforced(client, article, missing, error):
    data = {"name": "Ada Ilves", "email": "ada@example.org", "website": "", "body": "Useful brief."}
    data[missing] = ""
    response = client.post(article.get_absolute_url(), data)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Comment.objects.count() == 0


def test_an_invalid_email_is_refused(client, article):
    data = {"name": "Ada", "email": "not-an-email", "body": "Hello"}
    response = client.post(article.get_absolute_url(), data)
    assert "Please give a valid email address." in response.content.decode()
    assert Comment.objects.count() == 0


def test_a_valid_comment_is_held_for_moderation_and_the_page_says_so(client, article, monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_COMMENT_MIN_SECONDS", "0")  # the form's fill-time check, not tested here
    data = {"name": "Ada Ilves", "email": "ada@example.org", "website": "https://ada.example", "body": "Useful brief."}
    data["issued"] = issue_form_token(article)
    response = client.post(article.get_absolute_url(), data, follow=True)
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.HELD
    page = response.content.decode()
    assert HELD_MESSAGE in page
    assert "Useful brief." not in page  # held comments are not shown
    assert "ada@example.org" not in page


def test_approved_comments_appear_and_are_counted_without_their_email(client, article):
    article.comments.create(name="Jon Marsh", email="jon@example.org", body="Thanks.", status=Comment.Status.APPROVED)
    article.comments.create(name="Held Person", email="held@example.org", body="Pending.")
    page = client.get(article.get_absolute_url()).content.decode()
    assert "Thanks." in page and "Jon Marsh" in page
    assert "Pending." not in page
    assert "jon@example.org" not in page
    assert re.search(r'<p class="comment-count"><a href="#comments">1</a>', page)
