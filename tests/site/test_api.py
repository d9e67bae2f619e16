"""The JSON API: OpenAPI description, each endpoint, paging caps, one error shape and public fields only."""

import json
import uuid

import pytest

from newsbrief.site.web import search
from newsbrief.site.models import Article, Comment, Entity, Source, Story

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sample_corpus")]

CANARY_EMAIL = "canary-7f3a@example.org"
REMOTE = "198.51.100.23"


def get(client, url: str, status: int = 200, **params) -> dict:
    response = client.get(url, params)
    assert response.status_code == status, (url, response.content[:300])
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def assert_error(body: dict, code: str | None = None) -> None:
    """The one error shape: {"error": {"code": ..., "message": ...}} and nothing else."""
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code


def post_comment(client, article: Article, **fields):
    data = {"name": "Ada Ilves", "email": "ada@example.org", "website": "", "body": "A useful brief.", **fields}
    return client.post(
        f"/api/articles/{article.pk}/comments", json.dumps(data), content_type="application/json", REMOTE_ADDR=REMOTE
    )


def test_the_openapi_description_lists_every_endpoint(client):
    spec = get(client, "/api/openapi.json")
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) >= {
        "/api/articles", "/api/articles/{article_id}", "/api/briefs", "/api/briefs/{article_id}",
        "/api/stories", "/api/stories/{story_id}", "/api/entities", "/api/entities/{entity_id}",
        "/api/sources", "/api/sources/{source_id}", "/api/search", "/api/articles/{article_id}/comments",
    }  # fmt: skip
    assert "post" in spec["paths"]["/api/articles/{article_id}/comments"]
    assert client.get("/api/docs").status_code == 200


def test_articles_are_listed_newest_first_in_capped_pages(client):
    published = list(Article.objects.published())
    page = get(client, "/api/articles", limit=5, offset=2)
    assert page["count"] == len(published) and (page["limit"], page["offset"]) == (5, 2)
    assert [item["id"] for item in page["items"]] == [str(a.pk) for a in published[2:7]]
    item, article = page["items"][0], published[2]
    assert item["title"] == article.title and item["lead"] == article.brief.lead
    assert item["page_url"] == f"http://testserver{article.get_absolute_url()}"
    assert item["original_url"] == article.original_url and item["outlet"] == article.outlet_name
    assert len(get(client, "/api/articles", limit=100)["items"]) == min(100, len(published))


@pytest.mark.parametrize("params", [{"limit": 101}, {"limit": 0}, {"offset": -1}, {"limit": "many"}])
def test_paging_beyond_the_caps_is_refused_in_the_error_shape(client, params):
    assert_error(get(client, "/api/articles", 422, **params), "invalid")


def test_articles_filter_by_source_story_and_entity(client):
    source = Source.objects.filter(articles__brief__isnull=False).first()
    items = get(client, "/api/articles", source=source.pk, limit=100)["items"]
    assert {i["id"] for i in items} == {str(a.pk) for a in Article.objects.published().filter(source=source)}
    story = Story.objects.create(title="Xylo storm")
    entity = Entity.objects.create(name="Xylo storm", kind=Entity.Kind.OTHER)
    chosen = list(Article.objects.published()[:2])
    Article.objects.filter(pk__in=[a.pk for a in chosen]).update(story=story)
    entity.articles.set(chosen)
    for params in [{"story": str(story.pk)}, {"entity": entity.pk}]:
        assert {i["id"] for i in get(client, "/api/articles", **params)["items"]} == {str(a.pk) for a in chosen}


def test_an_article_has_its_brief_and_entities_but_not_the_original_text(client):
    article = Article.objects.published().first()
    entity = Entity.objects.create(name="Xylo General", kind=Entity.Kind.PLACE)
    entity.articles.add(article)
    body = get(client, f"/api/articles/{article.pk}")
    assert body["id"] == str(article.pk) and body["brief"]["lead"] == article.brief.lead
    assert {"id": entity.pk, "name": "Xylo General", "kind": "place"} in body["entities"]
    assert {e["id"] for e in body["entities"]} == set(article.entities.values_list("pk", flat=True))
    assert "text" not in body and article.text not in json.dumps(body)


def test_an_unknown_or_malformed_id_is_a_404_or_422_in_the_error_shape(client):
    assert_error(get(client, f"/api/articles/{uuid.uuid4()}", 404), "not_found")
    assert_error(get(client, "/api/articles/not-a-uuid", 422), "invalid")
    assert_error(get(client, "/api/sources/99999999", 404), "not_found")
    assert_error(get(client, "/api/sources/99999999999999999999999", 422), "invalid")
    assert_error(get(client, f"/api/stories/{uuid.uuid4()}", 404), "not_found")
    assert_error(get(client, "/api/entities/0", 422), "invalid")


def test_briefs_carry_the_provenance_of_each_sentence(client):
    article = Article.objects.published().first()
    brief = get(client, f"/api/briefs/{article.pk}")
    assert brief["article_id"] == str(article.pk) and brief["lead"] == article.brief.lead
    assert brief["body"] == article.brief.body_paragraphs and brief["closing"] == article.brief.closing
    spans = brief["provenance"]
    assert spans and {span["part"] for span in spans} >= {"lead"}
    for span in spans:
        assert span["text"]
        if span["paragraph"] is not None:
            assert 0 <= span["start"] <= span["end"]
    listed = get(client, "/api/briefs", limit=3)
    assert listed["count"] == Article.objects.published().count() and len(listed["items"]) == 3
    assert all(item["provenance"] for item in listed["items"])


def test_stories_list_their_coverage_as_a_timeline(client):
    story = Story.objects.create(title="Xylo nurses strike at Calder General")
    chosen = list(Article.objects.published()[:3])
    Article.objects.filter(pk__in=[a.pk for a in chosen]).update(story=story)
    listed = {item["id"]: item for item in get(client, "/api/stories", limit=100)["items"]}
    mine = listed[str(story.pk)]
    assert mine["title"] == story.title and mine["article_count"] == 3
    assert mine["outlet_count"] == len({a.source_id for a in chosen})
    assert mine["page_url"] == f"http://testserver{story.get_absolute_url()}"
    detail = get(client, f"/api/stories/{story.pk}")
    oldest_first = sorted(chosen, key=lambda a: a.published)
    assert [a["id"] for a in detail["articles"]] == [str(a.pk) for a in oldest_first]


def test_a_story_absorbed_by_a_merge_answers_with_the_survivor(client):
    survivor = Story.objects.create(title="Xylo survivor")
    absorbed = Story.objects.create(title="Xylo absorbed", merged_into=survivor)
    assert get(client, f"/api/stories/{absorbed.pk}")["id"] == str(survivor.pk)
    assert str(absorbed.pk) not in {item["id"] for item in get(client, "/api/stories", limit=100)["items"]}


def test_entities_list_by_coverage_and_filter_by_kind(client):
    articles = list(Article.objects.published()[:3])
    union = Entity.objects.create(name="Xylo Nurses Union", kind=Entity.Kind.ORGANIZATION)
    union.articles.set(articles)
    person = Entity.objects.create(name="Xylo Ilves", kind=Entity.Kind.PERSON)
    person.articles.set(articles[:1])
    items = get(client, "/api/entities", limit=100)["items"]
    counts = [item["article_count"] for item in items]
    assert counts == sorted(counts, reverse=True)
    assert get(client, "/api/entities", limit=1, offset=0)["count"] == Entity.objects.count()
    people = get(client, "/api/entities", kind="person", limit=100)["items"]
    assert people and all(item["kind"] == "person" for item in people)
    assert_error(get(client, "/api/entities", 422, kind="planet"), "invalid")
    detail = get(client, f"/api/entities/{union.pk}")
    assert detail["article_count"] == 3 and detail["page_url"].endswith(union.get_absolute_url())
    assert {a["id"] for a in detail["articles"]} == {str(a.pk) for a in articles}
    assert get(client, f"/api/entities/{person.pk}")["article_count"] == 1


def test_sources_show_their_counts_but_not_their_feed_address(client):
    items = get(client, "/api/sources", limit=100)["items"]
    assert len(items) == Source.objects.count()
    for item in items:
        source = Source.objects.get(pk=item["id"])
        assert item["name"] == source.name and item["article_count"] == source.articles.filter(
            pk__in=Article.objects.published().values("pk")
        ).count()
        assert "url" not in item  # the feed address may be a path on this server
        if source.url != source.home_url:
            assert source.url not in json.dumps(item)
    assert get(client, f"/api/sources/{items[0]['id']}")["name"] == items[0]["name"]


def test_search_returns_articles_with_marked_snippets(client):
    body = get(client, "/api/search", q='nurses -"pay rise"', limit=5)
    expected = [h.article.pk for h in search.search('nurses -"pay rise"', limit=5).hits]
    assert [item["article"]["id"] for item in body["items"]] == [str(pk) for pk in expected]
    assert any("<mark>" in item["snippet_html"] for item in body["items"])
    assert body["limit"] == 5 and body["offset"] == 0 and isinstance(body["has_more"], bool)
    assert_error(get(client, "/api/search", 400, q="after:someday"), "input_error")
    assert_error(get(client, "/api/search", 422, q="x", limit=101), "invalid")
    assert_error(get(client, "/api/search", 422), "invalid")


def test_comments_are_the_approved_ones_with_public_fields_only(client):
    article = Article.objects.published().first()
    shown = Comment.objects.create(
        article=article, name="Ada", email=CANARY_EMAIL, website="https://ada.example", body="Good <b>brief</b>.",
        status=Comment.Status.APPROVED, ip_network="198.51.100.0", user_agent="canary-agent",
    )  # fmt: skip
    for status in (Comment.Status.HELD, Comment.Status.SPAM, Comment.Status.TRASH):
        Comment.objects.create(article=article, name="Bo", email="bo@example.org", body=f"{status} text", status=status)
    response = client.get(f"/api/articles/{article.pk}/comments")
    page = response.json()
    assert page["count"] == 1
    assert set(page["items"][0]) == {"id", "parent_id", "name", "website", "body", "body_html", "created"}
    assert page["items"][0]["id"] == shown.pk and "&lt;b&gt;" in page["items"][0]["body_html"]
    for private in (CANARY_EMAIL, "198.51.100", "canary-agent", "held text"):
        assert private.encode() not in response.content
    assert get(client, f"/api/articles/{article.pk}")["comment_count"] == 1


def test_a_comment_goes_through_the_same_policy_as_the_form(client):
    article, other = Article.objects.published()[:2]
    response = post_comment(client, article)
    assert response.status_code == 201
    first = response.json()
    assert first["status"] == "held" and "moderation" in first["message"]
    comment = Comment.objects.get(pk=first["id"])
    assert comment.email == "ada@example.org" and comment.ip_network == "198.51.100.0"
    assert get(client, f"/api/articles/{article.pk}/comments")["count"] == 0
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    Comment.objects.filter(pk=comment.pk).update(created=comment.created.replace(year=2000))  # past the flood window
    again = post_comment(client, other, body="Another thought.")
    assert again.status_code == 201 and again.json()["status"] == "approved"  # a returning commenter


def test_refused_comments_answer_with_the_policy_status_in_the_error_shape(client):
    article = Article.objects.published().first()
    bad = post_comment(client, article, email="not-an-email")
    assert bad.status_code == 400
    assert_error(bad.json(), "invalid_comment")
    assert "email" in bad.json()["error"]["message"]
    assert post_comment(client, article).status_code == 201
    assert_error(post_comment(client, article).json(), "duplicate_comment")
    flooded = post_comment(client, article, body="Something else.")
    assert flooded.status_code == 429 and int(flooded["Retry-After"]) > 0
    assert_error(flooded.json(), "flooded")


def test_malformed_comment_requests_are_refused_in_the_error_shape(client):
    article = Article.objects.published().first()
    url = f"/api/articles/{article.pk}/comments"
    missing = client.post(url, json.dumps({"name": "Ada"}), content_type="application/json")
    assert missing.status_code == 422
    assert_error(missing.json(), "invalid")
    broken = client.post(url, "{not json", content_type="application/json")
    assert broken.status_code == 400
    assert_error(broken.json())
    unknown = client.post(f"/api/articles/{uuid.uuid4()}/comments", json.dumps({}), content_type="application/json")
    assert unknown.status_code in (404, 422)
    assert_error(unknown.json())
    assert Comment.objects.count() == 0


def test_an_oversized_body_is_a_413_in_the_error_shape(client, settings):
    article = Article.objects.published().first()
    data = {"name": "Ada Ilves", "email": "ada@example.org", "body": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    response = client.post(
        f"/api/articles/{article.pk}/comments", json.dumps(data), content_type="application/json", REMOTE_ADDR=REMOTE
    )
    assert response.status_code == 413
    assert_error(response.json(), "too_large")
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data"])
def test_a_comment_body_that_is_not_declared_json_is_a_415_in_the_error_shape(client, content_type):
    article = Article.objects.published().first()
    data = {"name": "Ada Ilves", "email": "ada@example.org", "website": "", "body": "A useful brief."}
    response = client.post(
        f"/api/articles/{article.pk}/comments", json.dumps(data), content_type=content_type, REMOTE_ADDR=REMOTE
    )
    assert response.status_code == 415
    assert_error(response.json(), "unsupported_media_type")
    assert Comment.objects.count() == 0
    assert post_comment(client, article).status_code == 201  # the same body, declared as JSON


def test_an_unexpected_failure_is_a_500_in_the_error_shape(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the index is on fire")

    monkeypatch.setattr(search, "search", broken)
    response = client.get("/api/search", {"q": "nurses"})
    assert response.status_code == 500
    assert_error(response.json(), "internal")
    assert b"on fire" not in response.content
