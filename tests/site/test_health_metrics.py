"""/healthz and /metrics (site/web/health.py, site/web/metrics.py): what an operator's monitor reads."""

from datetime import timedelta

import pytest
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from newsbrief.site.ingest.polling import poll
from newsbrief.site.models import Source, Story
from newsbrief.site.web.health import health
from newsbrief.site.web.metrics import REGISTRY
from tests.site.corpus_server import loopback  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

OUTSIDE = "203.0.113.9"


def _samples(response) -> dict[tuple, float]:
    """The samples of a /metrics answer, keyed by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def _count(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_healthz_is_ok_on_a_migrated_database(client):
    answer = client.get("/healthz")
    assert answer.status_code == 200 and answer["Content-Type"] == "application/json"
    assert answer.json() == {
        "status": "ok", "failed": [], "database": "ok", "unapplied_migrations": [],
        "last_poll": {"at": None, "age_seconds": None, "max_age_seconds": None},
    }


def test_healthz_gives_the_age_of_the_newest_poll():
    polled = timezone.now() - timedelta(minutes=10)
    Source.objects.create(name="a", url="https://a.example/feed.xml", last_polled=polled)
    Source.objects.create(name="b", url="https://b.example/feed.xml", last_polled=polled - timedelta(days=1))
    found = Client().get("/healthz").json()["last_poll"]
    assert found["at"] == polled.isoformat() and 599 <= found["age_seconds"] <= 610


def test_healthz_is_503_naming_an_unapplied_migration():
    latest = MigrationRecorder(connection).migration_qs.filter(app="newsbrief").order_by("-name").first()
    latest.delete()  # inside the test's transaction, rolled back after it
    answer = Client().get("/healthz")
    assert answer.status_code == 503
    assert answer.json()["status"] == "failing" and answer.json()["failed"] == ["migrations"]
    assert answer.json()["unapplied_migrations"] == [f"newsbrief.{latest.name}"]


def test_healthz_is_503_when_no_poll_is_recent_enough(monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_HEALTH_MAX_POLL_AGE", "3600")
    assert Client().get("/healthz").json()["failed"] == ["last_poll"]  # never polled
    source = Source.objects.create(name="a", url="https://a.example/feed.xml",
                                   last_polled=timezone.now() - timedelta(hours=2))
    answer = Client().get("/healthz")
    assert answer.status_code == 503 and answer.json()["failed"] == ["last_poll"]
    Source.objects.filter(pk=source.pk).update(last_polled=timezone.now())
    answer = Client().get("/healthz")
    assert answer.status_code == 200 and answer.json()["last_poll"]["max_age_seconds"] == 3600


def test_a_database_that_does_not_answer_fails_the_database_check(tmp_path):
    unreachable = connections.create_connection("default")
    # A database that is not there: a file in a missing folder, or a database the server does not hold.
    missing = str(tmp_path / "missing" / "db.sqlite3") if unreachable.vendor == "sqlite" else "newsbrief_not_there"
    unreachable.settings_dict = {**unreachable.settings_dict, "NAME": missing}
    try:
        assert health(unreachable) == {"failed": ["database"], "database": "unreachable (OperationalError)"}
    finally:
        unreachable.close()


def test_healthz_is_never_cached(monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_CACHE_SECONDS", "60")
    first, second = Client().get("/healthz"), Client().get("/healthz")
    assert "no-store" in first["Cache-Control"] and "X-Page-Cache" not in second
    MigrationRecorder(connection).migration_qs.filter(app="newsbrief").order_by("-name").first().delete()
    assert Client().get("/healthz").status_code == 503  # at once, no stale copy


def test_metrics_are_read_from_loopback_by_default(client):
    answer = client.get("/metrics")  # the test client comes from 127.0.0.1
    assert answer.status_code == 200 and answer["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "no-store" in answer["Cache-Control"]
    assert ("newsbrief_story_index_stories", ()) in _samples(answer)


def test_metrics_are_refused_to_anyone_else(monkeypatch):
    assert Client(REMOTE_ADDR=OUTSIDE).get("/metrics").status_code == 404
    # Behind a trusted proxy on loopback, the client it names is the one that counts.
    monkeypatch.setenv("NEWSBRIEF_TRUSTED_PROXIES", "127.0.0.1/32")
    assert Client(HTTP_X_FORWARDED_FOR=OUTSIDE).get("/metrics").status_code == 404
    monkeypatch.setenv("NEWSBRIEF_METRICS_ALLOW", "203.0.113.0/24")
    assert Client(REMOTE_ADDR=OUTSIDE).get("/metrics").status_code == 200
    assert Client(REMOTE_ADDR="127.0.0.1").get("/metrics").status_code == 404
    monkeypatch.setenv("NEWSBRIEF_METRICS_ALLOW", "")
    assert Client().get("/metrics").status_code == 404


def test_each_sources_entries_appear_by_outcome(ingested_examples, client):
    samples = _samples(client.get("/metrics"))
    for source in Source.objects.all():
        for outcome in ("new", "duplicate", "blocked", "failed"):
            key = ("newsbrief_source_entries", (("outcome", outcome), ("source", source.url)))
            assert samples[key] == getattr(source, f"entries_{outcome}")
    by_outcome = {outcome: sum(value for (name, labels), value in samples.items()
                               if name == "newsbrief_source_entries" and ("outcome", outcome) in labels)
                  for outcome in ("new", "duplicate")}
    assert by_outcome == {"new": ingested_examples.new, "duplicate": ingested_examples.duplicate}
    live = Story.objects.filter(merged_into__isnull=True, size__gt=0).count()
    assert live > 0 and samples[("newsbrief_story_index_stories", ())] == live


def test_a_request_counts_for_its_view_and_status(client):
    before = _count("newsbrief_http_requests_total", view="about", status="200")
    latency_before = _count("newsbrief_http_request_duration_seconds_count", view="about")
    client.get("/about/")
    assert _count("newsbrief_http_requests_total", view="about", status="200") == before + 1
    assert _count("newsbrief_http_request_duration_seconds_count", view="about") == latency_before + 1
    missing = _count("newsbrief_http_requests_total", view="none", status="404")
    client.get("/no-such-page/")
    assert _count("newsbrief_http_requests_total", view="none", status="404") == missing + 1


def test_page_cache_hits_and_misses_are_counted(monkeypatch):
    monkeypatch.setenv("NEWSBRIEF_CACHE_SECONDS", "60")
    hits, misses = _count("newsbrief_page_cache_lookups_total", result="hit"), _count(
        "newsbrief_page_cache_lookups_total", result="miss")
    url = f"/about/?fresh={timezone.now().timestamp()}"  # a page no earlier test cached
    Client().get(url)
    Client().get(url)
    assert _count("newsbrief_page_cache_lookups_total", result="miss") == misses + 1
    assert _count("newsbrief_page_cache_lookups_total", result="hit") == hits + 1


def test_the_latest_poll_round_is_recorded_for_every_process(loopback, client):  # noqa: F811
    Source.objects.create(name="closed", url="http://127.0.0.1:9/feed.xml")  # nothing listens on port 9
    poll()
    samples = _samples(client.get("/metrics"))
    assert samples[("newsbrief_poll_round_last_sources", ())] == 1
    assert 0 < samples[("newsbrief_poll_round_last_duration_seconds", ())] < 30
    finished = samples[("newsbrief_poll_round_last_finished_timestamp_seconds", ())]
    assert abs(finished - timezone.now().timestamp()) < 30
    assert client.get("/healthz").json()["last_poll"]["age_seconds"] <= 30
