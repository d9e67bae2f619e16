"""Articles and their briefs; the store (site/store/) writes them."""

from __future__ import annotations

import math
import uuid

from django.db import models
from django.urls import reverse
from django.utils.text import slugify

from newsbrief.pipeline import types
from newsbrief.pipeline.duplicates.keys import web_url
from newsbrief.site.models.discussion import Comment
from newsbrief.site.models.sources import BodyMode, Source
from newsbrief.site.models.stories import Story


# What a list of briefs (front page, a source's page) never shows: kilobytes a row.
LIST_UNREAD = ("text", "signature", "authors", "topics", "blocked_reason",
               "brief__key_points", "brief__body", "brief__closing", "brief__provenance", "brief__notes")


class ArticleManager(models.Manager):
    """Queries over articles; the store (site/store/) writes them."""

    def current(self) -> models.QuerySet:
        """Articles as they stand: not blocked, not superseded by a newer revision; copies included.

        A story's coverage: each outlet that ran the text counts, copy or not.
        """
        superseded = self.model.objects.filter(revision_of=models.OuterRef("pk"))
        return self.filter(status=Article.Status.OK).exclude(models.Exists(superseded))

    def published(self) -> models.QuerySet:
        """What readers are shown: current originals (not copies) that have a brief, newest first."""
        return (
            self.filter(self.published_through())
            .select_related("brief", "source")
            .order_by(models.F("published").desc(nulls_last=True), "-ingested")
        )

    def listed(self) -> models.QuerySet:
        """published(), reading only what a list of briefs shows: its texts, signatures and bodies left unread."""
        return self.published().defer(*LIST_UNREAD)

    def published_through(self, relation: str = "") -> models.Q:
        """published()'s conditions, on the article itself or on the one another model's `relation` ("article")
        leads to: as a join, where `article__in=published()` makes the planner read every published article first."""
        at = f"{relation}__" if relation else ""
        superseded = self.model.objects.filter(revision_of=models.OuterRef(relation or "pk"))
        conditions = {"status": Article.Status.OK, "brief__isnull": False, "duplicate_of__isnull": True}
        return models.Q(**{at + name: value for name, value in conditions.items()}) & ~models.Exists(superseded)

    def find_duplicate(self, article: types.Article) -> Article | None:
        """The stored article with the same text (content hash), if any."""
        return self.filter(content_hash=article.content_hash, status=Article.Status.OK).first()


class Article(models.Model):
    """An article's original text and metadata."""

    class Status(models.TextChoices):
        OK = "ok"
        BLOCKED = "blocked"  # a block page, consent wall or captcha came instead: never briefed

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    source = models.ForeignKey(Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    story = models.ForeignKey(Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="articles")
    url = models.CharField(max_length=2000, blank=True)
    canonical_url = models.CharField(max_length=2000, blank=True, db_index=True)
    title = models.CharField(max_length=500)
    authors = models.JSONField(default=list, blank=True)
    published = models.DateTimeField(null=True, blank=True, db_index=True)
    language = models.CharField(max_length=20, blank=True)
    outlet = models.CharField(max_length=300, blank=True)
    source_domain = models.CharField(max_length=255, blank=True)
    content_hash = models.CharField(max_length=64, db_index=True)
    text = models.TextField()
    text_origin = models.CharField(max_length=10, default="page", help_text="page, feed or brief: what the text is.")
    ingested = models.DateTimeField(auto_now_add=True, db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OK, db_index=True)
    blocked_reason = models.TextField(blank=True)
    # A near-duplicate copy links to the original (the earliest published) and has no brief of its own.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    similarity = models.FloatField(null=True, blank=True, help_text="Estimated Jaccard similarity to the original.")
    # A changed text at the same canonical URL is a new revision of the one before it.
    revision_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    revision = models.PositiveIntegerField(default=1)
    signature = models.JSONField(default=list, blank=True, help_text="MinHash of the text, to rebuild the index.")
    topics = models.JSONField(default=list, blank=True, help_text="Topic tags, best first (enrichment).")

    objects = ArticleManager()
    # Set by the store (store_article): the originals that, found near-duplicates of this article, became copies.
    displaced: tuple | list = ()

    def __str__(self) -> str:
        return self.title

    @property
    def slug(self) -> str:
        """The URL slug made from the title."""
        return slugify(self.title)[:80] or "article"

    def get_absolute_url(self) -> str:
        """The article's stable page URL, built from its id."""
        return reverse("article", args=[self.pk, self.slug])

    @property
    def original_url(self) -> str:
        """Where the attribution links: the original URL (http(s) only), or the outlet's home page."""
        return web_url(self.url) or (f"https://{self.source_domain}/" if self.source_domain else "")

    @property
    def outlet_name(self) -> str:
        """The outlet as readers know it."""
        return self.outlet or (self.source.name if self.source else "") or self.source_domain

    @property
    def same_text_percent(self) -> int | None:
        """A copy's share of its original's text, in whole percent, rounded down (None: not a copy, or unknown)."""
        # Rounded to 6 places first, so that 0.29 (28.999… in binary) reads 29.
        return None if self.similarity is None else math.floor(round(self.similarity * 100, 6))

    def also_published(self) -> list[Article]:
        """The copies of this article (of any of its revisions) that other outlets published, earliest first."""
        # A join, not `duplicate_of__in=(subquery)`: SQLite's planner, which counts the NULLs of
        # duplicate_of as one value of many rows, read the whole archive in date order for the IN.
        if self.canonical_url:
            copies = Article.objects.filter(duplicate_of__canonical_url=self.canonical_url)
        else:
            copies = Article.objects.filter(duplicate_of=self.pk)
        copies = copies.select_related("source")
        return list(copies.order_by(models.F("published").asc(nulls_last=True), "ingested"))

    def approved_comments(self) -> models.QuerySet:
        """Comments a moderator approved, oldest first."""
        return self.comments.filter(status=Comment.Status.APPROVED).order_by("created")



class Brief(models.Model):
    """The brief of one article, with where each sentence came from."""

    article = models.OneToOneField(Article, on_delete=models.CASCADE, related_name="brief")
    lead = models.TextField()
    key_points = models.JSONField(default=list, blank=True)
    body = models.TextField(blank=True, help_text="Paragraphs separated by a blank line.")
    closing = models.TextField(blank=True)
    method = models.CharField(max_length=20)
    # The mode the body was written under; the store rewrites the body when its source's mode differs.
    body_mode = models.CharField(max_length=10, choices=BodyMode.choices, default=BodyMode.CONDENSED)
    provenance = models.JSONField(
        default=list, blank=True, help_text="Per sentence: part, group, text, method, paragraph, start, end."
    )
    notes = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    @staticmethod
    def fields_from(brief: types.Brief) -> dict:
        """Model field values for a pipeline Brief."""
        parts = [("lead", 0, brief.lead), ("key_points", 0, brief.key_points), ("closing", 0, brief.closing)]
        parts += [("body", group, para) for group, para in enumerate(brief.body)]
        provenance = [
            {
                "part": part,
                **({"group": group} if part == "body" else {}),
                "text": s.text,
                "method": s.method,
                **({"paragraph": s.span.paragraph, "start": s.span.start, "end": s.span.end} if s.span else {}),
            }
            for part, group, sentences in parts
            for s in sentences
        ]
        return {
            "lead": brief.lead_text,
            "key_points": [s.text for s in brief.key_points],
            "body": "\n\n".join(brief.body_paragraphs),
            "closing": brief.closing_text,
            "method": brief.method,
            "provenance": provenance,
            "notes": list(brief.notes),
            "body_mode": brief.body_mode,
        }

    @property
    def body_paragraphs(self) -> list[str]:
        """The body's paragraphs."""
        return [p for p in self.body.split("\n\n") if p.strip()]
