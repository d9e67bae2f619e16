"""The database: sources, articles and their briefs, stories, entities and comments.

Only this module writes the database; the pipeline hands it frozen dataclasses.
"""

from __future__ import annotations

import uuid

from django.db import models, transaction
from django.urls import reverse
from django.utils.text import slugify

from newsbrief.pipeline import types


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

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name or self.url

    def get_absolute_url(self) -> str:
        """The source's page."""
        return reverse("source", args=[self.pk])


class Story(models.Model):
    """One event as covered by many articles and outlets."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title


class ArticleManager(models.Manager):
    """Queries and the one write path for articles."""

    def published(self) -> models.QuerySet:
        """Articles that have a brief, newest first."""
        return (
            self.filter(brief__isnull=False)
            .select_related("brief", "source")
            .order_by(models.F("published").desc(nulls_last=True), "-ingested")
        )

    def find_duplicate(self, article: types.Article) -> Article | None:
        """The stored article with the same canonical URL or the same content hash, if any."""
        same = models.Q(content_hash=article.content_hash)
        if article.canonical_url:
            same |= models.Q(canonical_url=article.canonical_url)
        return self.filter(same).first()

    def store(
        self, article: types.Article, brief: types.Brief, source: Source | None, article_id: uuid.UUID | None = None
    ) -> Article | None:
        """Store an article with its brief in one transaction; None when it is a duplicate."""
        with transaction.atomic():
            if self.find_duplicate(article) or (article_id and self.filter(pk=article_id).exists()):
                return None
            row = self.create(
                id=article_id or uuid.uuid4(),
                source=source,
                url=article.url,
                canonical_url=article.canonical_url,
                title=article.title,
                authors=list(article.authors),
                published=article.published,
                language=article.language,
                outlet=article.outlet,
                source_domain=article.source_domain,
                content_hash=article.content_hash,
                text=article.text,
                text_origin=article.text_origin,
            )
            Brief.objects.create(article=row, **Brief.fields_from(brief))
            return row


class Article(models.Model):
    """An article's original text and metadata."""

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

    objects = ArticleManager()

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
        """Where the attribution links: the original URL, or the outlet's home page."""
        return self.url or (f"https://{self.source_domain}/" if self.source_domain else "")

    @property
    def outlet_name(self) -> str:
        """The outlet as readers know it."""
        return self.outlet or (self.source.name if self.source else "") or self.source_domain

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
        }

    @property
    def body_paragraphs(self) -> list[str]:
        """The body's paragraphs."""
        return [p for p in self.body.split("\n\n") if p.strip()]


class Entity(models.Model):
    """A person, organisation or place named in articles."""

    class Kind(models.TextChoices):
        PERSON = "person"
        ORGANIZATION = "org"
        PLACE = "place"
        OTHER = "other"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    articles = models.ManyToManyField(Article, related_name="entities", blank=True)

    class Meta:
        verbose_name_plural = "entities"
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="entity_name_kind")]

    def __str__(self) -> str:
        return self.name


class Comment(models.Model):
    """A reader's comment; held for moderation until approved."""

    class Status(models.TextChoices):
        HELD = "held"
        APPROVED = "approved"
        REJECTED = "rejected"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    name = models.CharField(max_length=100)
    email = models.EmailField(help_text="Never published.")
    website = models.URLField(blank=True)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD, db_index=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return f"{self.name} on {self.article}"
