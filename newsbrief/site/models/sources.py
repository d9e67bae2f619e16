"""Sources: where newsbrief reads from, their health, and the feed entries already handled."""

from __future__ import annotations


from django.db import models
from django.urls import reverse

from newsbrief.pipeline.duplicates.keys import web_url



class BodyMode(models.TextChoices):
    """How much of an article's text a brief may republish (publishers' terms differ)."""

    FULL = "full"
    CONDENSED = "condensed"
    EXCERPT = "excerpt"
    NONE = "none"


class Source(models.Model):
    """A place newsbrief reads from: a feed, a web page or a file."""

    class Kind(models.TextChoices):
        FEED = "feed"
        PAGE = "page"
        TEXT = "text"

    name = models.CharField(max_length=300)
    url = models.CharField(max_length=2000, unique=True, help_text="Feed URL, page URL or file:// path.")
    home_url = models.CharField(max_length=2000, blank=True)
    domain = models.CharField(max_length=255, blank=True, db_index=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FEED)
    body_mode = models.CharField(max_length=10, choices=BodyMode.choices, default=BodyMode.CONDENSED)
    created = models.DateTimeField(auto_now_add=True)
    # Polling. The validators are kept exactly as the server sent them, and saved only
    # once the feed that came with them was parsed and its entries stored.
    etag = models.TextField(blank=True)
    last_modified = models.TextField(blank=True)
    next_poll = models.DateTimeField(null=True, blank=True, db_index=True, help_text="Empty: due now.")
    min_interval = models.PositiveIntegerField(
        null=True, blank=True, help_text="Seconds between two polls; empty: NEWSBRIEF_POLL_MIN_INTERVAL."
    )
    # Health.
    last_polled = models.DateTimeField(null=True, blank=True)
    last_success = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    entries_seen = models.PositiveIntegerField(default=0, help_text="Distinct feed entries read.")
    entries_new = models.PositiveIntegerField(default=0, help_text="Articles and revisions stored.")
    entries_duplicate = models.PositiveIntegerField(default=0, help_text="Exact or near copies.")
    entries_blocked = models.PositiveIntegerField(default=0, help_text="Block pages, consent walls, captchas.")
    entries_failed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.url

    def get_absolute_url(self) -> str:
        """The source's page."""
        return reverse("source", args=[self.pk])

    @property
    def followed(self) -> bool:
        """Whether polling reads this source: a web feed (files and outlets' sites are read by ingest only)."""
        return self.kind == self.Kind.FEED and not self.url.startswith("file:")

    @property
    def home_link(self) -> str:
        """The outlet's home page as pages and the API link it: http(s) only, else empty."""
        return web_url(self.home_url)


class SourceEntry(models.Model):
    """A feed entry as last handled: polling skips it while its fingerprint is unchanged."""

    class Outcome(models.TextChoices):
        NEW = "new"
        REVISION = "revision"
        DUPLICATE = "duplicate"
        BLOCKED = "blocked"
        FAILED = "failed"

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(max_length=2000, help_text="The entry's link.")
    fingerprint = models.CharField(max_length=64, help_text="Hash of the entry's link, title, date and content.")
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    article = models.ForeignKey("newsbrief.Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    error = models.TextField(blank=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "source entries"
        constraints = [models.UniqueConstraint(fields=["source", "key"], name="source_entry_key")]

    def __str__(self) -> str:
        return self.key
