"""Articles and their briefs, and the one write path that stores them (duplicates, copies, revisions)."""

from __future__ import annotations

import uuid
from datetime import datetime

from django.db import models, transaction
from django.urls import reverse
from django.utils.text import slugify

from newsbrief import config
from newsbrief.pipeline import types
from newsbrief.pipeline.duplicates import neardup
from newsbrief.pipeline.errors import InputError
from newsbrief.site.models.discussion import Comment
from newsbrief.site.models.sources import Source
from newsbrief.site.models.stories import EntityAlias, Story


class ArticleManager(models.Manager):
    """Queries and the one write path for articles."""

    def published(self) -> models.QuerySet:
        """Originals (not copies, not superseded revisions, not blocked) that have a brief, newest first."""
        superseded = self.model.objects.filter(revision_of=models.OuterRef("pk"))
        return (
            self.filter(brief__isnull=False, duplicate_of__isnull=True, status=Article.Status.OK)
            .exclude(models.Exists(superseded))
            .select_related("brief", "source")
            .order_by(models.F("published").desc(nulls_last=True), "-ingested")
        )

    def find_duplicate(self, article: types.Article) -> Article | None:
        """The stored article with the same text (content hash), if any."""
        return self.filter(content_hash=article.content_hash, status=Article.Status.OK).first()

    def near_duplicate_index(self) -> neardup.NearDuplicateIndex:
        """An index of every stored text's MinHash (originals and copies), rebuilt from the stored signatures."""
        index = neardup.NearDuplicateIndex(threshold=near_duplicate_threshold())
        rows = self.filter(status=Article.Status.OK).values_list("pk", "signature")
        for pk, signature in rows.iterator(chunk_size=2000):
            if signature:
                index.add(str(pk), tuple(signature))
        return index

    def store(
        self,
        article: types.Article,
        brief: types.Brief | None,
        source: Source | None,
        article_id: uuid.UUID | None = None,
        *,
        index: neardup.NearDuplicateIndex | None = None,
        blocked_reason: str = "",
        enrichment: types.Enrichment | None = None,
    ) -> Article | None:
        """Store an article in one transaction; None when it is already stored.

        An article is stored as exactly one of: an original with its brief; a new
        revision of the article at the same canonical URL; a near-duplicate copy,
        linked to its original and without a brief; or, with a blocked_reason, a
        blocked page, never briefed. Near-duplicates form groups however they
        arrive: the earliest published of a group is its original, the others
        (briefs dropped) its copies, so the outcome does not depend on the order
        of arrival. index is the run's near-duplicate index, built when not given.
        Every stored article joins a story, and an original gets its entities, topics
        and statements (site/store/filing.py): `enrichment` when given, else computed here.
        """
        signature: tuple[int, ...] = ()
        if enrichment is None and not blocked_reason and not self.find_duplicate(article) and not (
            article_id and self.filter(pk=article_id).exists()
        ):
            # Parsed before the transaction, not in it: spaCy takes 0.1-0.4 s an article,
            # and SQLite would hold its one write lock (comments, the admin) all that time.
            from newsbrief.site.store.filing import enrich_text  # imported here: stories imports this module

            enrichment = enrich_text(article.title, article.text, EntityAlias.table())
        with transaction.atomic():
            if article_id and self.filter(pk=article_id).exists():
                return None
            if blocked_reason:
                if article.canonical_url and self.filter(canonical_url=article.canonical_url).exists():
                    return None
                return self._create(article, source, article_id, status=Article.Status.BLOCKED,
                                    blocked_reason=blocked_reason)
            if self.find_duplicate(article):
                return None
            fields = {}
            if previous := self._latest_revision(article.canonical_url):
                fields = {"revision_of": previous, "revision": previous.revision + 1}
            originals: list[Article] = []
            if article.text_origin != "brief":  # imported briefs are our own texts, copies of nobody's
                signature = neardup.signature(article.text)
                index = index if index is not None else self.near_duplicate_index()
                originals = self._near_originals(signature, index, article.canonical_url)
            fields["signature"] = list(signature)
            first = min(originals, key=_age, default=None)
            if first and not _earlier(article.published, first.published):
                row = self._create(article, source, article_id, duplicate_of=first,
                                   similarity=_similarity(first.text, article.text), **fields)
                row.displaced = [other for other in originals if other != first]
            else:
                row = self._create(article, source, article_id, **fields)
                Brief.objects.create(article=row, **Brief.fields_from(brief))  # indexed for search as it saves
                row.displaced = originals
            for other in row.displaced:
                self._demote(other, row.duplicate_of or row)
            from newsbrief.site.store.filing import file_article  # imported here: stories imports this module

            file_article(row, enrichment)
        if signature:
            # After the commit: a key whose transaction rolled back is skipped when queried.
            index.add(str(row.pk), signature)
        return row

    def _create(self, article: types.Article, source: Source | None, article_id: uuid.UUID | None, **extra):
        return self.create(
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
            **extra,
        )

    def _latest_revision(self, canonical: str) -> Article | None:
        if not canonical:
            return None
        return self.filter(canonical_url=canonical).order_by("-revision", "-ingested").first()

    def _near_originals(self, signature, index, canonical: str) -> list[Article]:
        """The originals of the stored texts the signature is a near-duplicate of; other revisions don't count."""
        found: dict = {}
        for key, _similarity in index.query(signature):
            row = self.filter(pk=key).select_related("duplicate_of").first()
            if row is None:  # written by a transaction that rolled back
                continue
            row = row.duplicate_of or row
            if canonical and row.canonical_url == canonical:
                continue
            newest = self._latest_revision(row.canonical_url)
            if newest and newest.duplicate_of_id is None:
                row = newest
            found[row.pk] = row
        return list(found.values())

    def _demote(self, old: Article, new: Article) -> None:
        """Make an original and its copies copies of an earlier-published original."""
        for row in [old, *old.copies.all()]:
            row.duplicate_of = new
            row.similarity = _similarity(new.text, row.text)
            row.save(update_fields=["duplicate_of", "similarity"])
        Brief.objects.filter(article=old).delete()  # copies are not briefed; deleting leaves the search index too
        Comment.objects.filter(article=old).update(article=new)


def _similarity(a: str, b: str) -> float:
    """The Jaccard similarity of two texts' word shingles, computed exactly (the index only estimates it)."""
    return round(neardup.jaccard(neardup.shingles(a), neardup.shingles(b)), 4)


def _age(article: Article) -> tuple:
    """Sorts the earliest published first; an undated article after every dated one."""
    return (article.published is None, article.published or article.ingested, article.ingested)


def _earlier(when: datetime | None, than: datetime | None) -> bool:
    return when is not None and than is not None and when < than


def near_duplicate_threshold() -> float:
    """NEWSBRIEF_NEAR_DUPLICATE_THRESHOLD as a number in (0, 1]."""
    raw = config.get("NEWSBRIEF_NEAR_DUPLICATE_THRESHOLD")
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not 0 < value <= 1:
        raise InputError(f"NEWSBRIEF_NEAR_DUPLICATE_THRESHOLD: {raw!r} is not a number in (0, 1]")
    return value



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
    # Set by store(): the originals that, found near-duplicates of this article, became copies.
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
        """Where the attribution links: the original URL, or the outlet's home page."""
        return self.url or (f"https://{self.source_domain}/" if self.source_domain else "")

    @property
    def outlet_name(self) -> str:
        """The outlet as readers know it."""
        return self.outlet or (self.source.name if self.source else "") or self.source_domain

    def also_published(self) -> list[Article]:
        """The copies of this article (of any of its revisions) that other outlets published, earliest first."""
        revisions = [self.pk]
        if self.canonical_url:
            revisions = Article.objects.filter(canonical_url=self.canonical_url).values("pk")
        copies = Article.objects.filter(duplicate_of__in=revisions).select_related("source")
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
