"""/metrics in the Prometheus text format (prometheus-client), readable only from NEWSBRIEF_METRICS_ALLOW.

Which figures are exact: gunicorn serves with several worker processes, and a
prometheus-client counter counts in the process that holds it (its multiprocess mode,
PROMETHEUS_MULTIPROC_DIR, is not used). So:
- the figures read from the database at scrape time (each source's entries by outcome,
  the stories in the story index, the latest poll round) are exact, whichever worker
  answers the scrape;
- the request counts and latencies, the page cache's hits and misses and the process_*
  figures are those of the one worker that answered, since it started. With several
  workers, successive scrapes may reach different workers; serve with one worker when
  these must be exact totals.
"""

from __future__ import annotations

import time

from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from prometheus_client import CollectorRegistry, Counter, Histogram, ProcessCollector
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import choose_encoder

from newsbrief import config
from newsbrief.site.ingest.round_record import latest_round
from newsbrief.site.models import Source, Story
from newsbrief.site.web.security import client_within

REGISTRY = CollectorRegistry()
ProcessCollector(registry=REGISTRY)

REQUESTS = Counter(
    "newsbrief_http_requests", "HTTP requests answered by this worker, by view and status.",
    ["view", "status"], registry=REGISTRY,
)
LATENCY = Histogram(
    "newsbrief_http_request_duration_seconds", "Seconds from request to response in this worker, by view.",
    ["view"], registry=REGISTRY,
)
PAGE_CACHE = Counter(
    "newsbrief_page_cache_lookups", "Page cache lookups by this worker for anonymous readers: hit or miss.",
    ["result"], registry=REGISTRY,
)
NO_VIEW = "none"  # answered before any URL was resolved: static files, refusals by a middleware, no such URL


class RequestMetricsMiddleware:
    """Counts every response by view and status, and times it; outermost, so it sees the final status."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else NO_VIEW
        LATENCY.labels(view).observe(time.perf_counter() - started)
        REQUESTS.labels(view, str(response.status_code)).inc()
        return response


# The outcomes of Source's counters, as every path in (polling, ingest of files) keeps them.
_OUTCOMES = {"new": "entries_new", "duplicate": "entries_duplicate", "blocked": "entries_blocked",
             "failed": "entries_failed"}


class DatabaseCollector:
    """The figures read from the database at each scrape, exact across workers: one small query each."""

    def collect(self):
        """Yield the sources' entries by outcome, the live stories and the latest poll round."""
        entries = GaugeMetricFamily(
            "newsbrief_source_entries",
            "Entries read from each source, by outcome: stored as new articles, duplicates, block pages, failed.",
            labels=["source", "outcome"],
        )
        for row in Source.objects.values("url", *_OUTCOMES.values()).order_by("pk"):
            for outcome, field in _OUTCOMES.items():
                entries.add_metric([row["url"], outcome], row[field])
        yield entries
        yield GaugeMetricFamily(
            "newsbrief_story_index_stories", "Live stories in the story index (not merged away, not empty).",
            value=Story.objects.filter(merged_into__isnull=True, size__gt=0).count(),
        )
        latest = latest_round()
        if latest:
            yield GaugeMetricFamily("newsbrief_poll_round_last_duration_seconds",
                                    "Seconds the latest poll round took, in whichever process polled.",
                                    value=latest.seconds)
            yield GaugeMetricFamily("newsbrief_poll_round_last_finished_timestamp_seconds",
                                    "When the latest poll round finished, in seconds since the epoch.",
                                    value=latest.finished.timestamp())
            yield GaugeMetricFamily("newsbrief_poll_round_last_sources", "Sources the latest poll round polled.",
                                    value=latest.sources)


REGISTRY.register(DatabaseCollector())


@never_cache
@require_safe
def metrics(request):
    """The metrics for a client within NEWSBRIEF_METRICS_ALLOW; 404 for anyone else, as if there were none."""
    if not client_within(request, config.value("NEWSBRIEF_METRICS_ALLOW")):
        raise Http404
    encode, content_type = choose_encoder(request.headers.get("Accept", ""))  # OpenMetrics when asked for
    return HttpResponse(encode(REGISTRY), content_type=content_type)
