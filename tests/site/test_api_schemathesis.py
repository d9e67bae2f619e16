"""Schemathesis over the API's own OpenAPI description: no 5xx, no response that breaks the schema."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from newsbrief.site.models import Article, Comment, Entity, Story
from newsbrief.wsgi import application

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_corpus")]


@pytest.fixture(autouse=True)
def one_of_each(small_corpus):
    """A story, an entity and an approved comment beside the corpus, so that every kind of list has items."""
    articles = list(Article.objects.published()[:3])
    story = Story.objects.create(title="Xylo story")
    Article.objects.filter(pk__in=[a.pk for a in articles]).update(story=story)
    Entity.objects.create(name="Xylo place", kind=Entity.Kind.PLACE).articles.set(articles)
    Comment.objects.create(
        article=articles[0], name="Ada", email="ada@example.org", body="Useful.", status=Comment.Status.APPROVED
    )


@pytest.fixture(autouse=True)
def connection_kept_across_requests():
    """Keep the test's database connection open across requests, as Django's test client does.

    The WSGI handler closes the connection when a request finishes; on PostgreSQL that
    would end the transaction that holds the corpus.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Read from the live WSGI application, as a client would. (schemathesis.pytest.from_fixture would
# load it lazily, but it writes a private attribute that pytest 9 no longer has.)
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@schema.parametrize()
# 25 examples per operation keep the run near 20 s on two cores while reaching every status each operation has.
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_within_its_schema(case):
    case.call_and_validate()
