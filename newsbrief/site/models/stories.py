"""Stories, entities, aliases and who-wants-what statements, and the story index's log and checkpoint."""

from __future__ import annotations

import uuid

from django.db import models
from django.urls import reverse
from django.utils.text import slugify



class Story(models.Model):
    """One event as covered by many articles and outlets; the store (site/store/) assigns articles and keeps the totals."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Title and lead are the most central article's, as the story index ranks its members.
    lead = models.TextField(blank=True)
    central = models.ForeignKey("Article", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A story absorbed by a merge keeps its row so that its id still resolves (the page redirects).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="absorbed"
    )
    # Totals kept at store time, so the front page ranks stories without counting every article.
    size = models.PositiveIntegerField(default=0, help_text="Articles, copies included.")
    outlets = models.PositiveIntegerField(default=0, help_text="Distinct outlets covering it.")
    first_published = models.DateTimeField(null=True, blank=True)
    last_published = models.DateTimeField(null=True, blank=True, db_index=True)
    topics = models.JSONField(default=list, blank=True, help_text="The most common topic tags of its articles.")
    # The developing story this event is part of; a lone event is a thread of its own.
    thread = models.ForeignKey("Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    # The brief from all its outlets (store/story_briefs.py): {"brief": its JSON form, "state": what the next
    # article is folded into}; written again only when its membership changes.
    brief = models.JSONField(default=dict, blank=True, help_text="The story brief and its compact state.")

    class Meta:
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The story's page."""
        return reverse("story", args=[self.pk])


class Thread(models.Model):
    """A developing story: the events (stories) that follow from one another; the store keeps it and its totals."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    title = models.CharField(max_length=500)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Title and lead are those of its central event: the one covered by most outlets.
    lead = models.TextField(blank=True)
    central = models.ForeignKey(Story, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # A thread absorbed by a merge keeps its row so that its id still resolves (the page redirects).
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="absorbed"
    )
    # Totals kept at store time, as a story's are.
    event_count = models.PositiveIntegerField(default=0, help_text="Events (live stories) in it.")
    size = models.PositiveIntegerField(default=0, help_text="Articles of its events, copies included.")
    outlets = models.PositiveIntegerField(default=0, help_text="Distinct outlets covering it.")
    first_published = models.DateTimeField(null=True, blank=True)
    last_published = models.DateTimeField(null=True, blank=True, db_index=True)
    topics = models.JSONField(default=list, blank=True, help_text="The most common topic tags of its events.")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The thread's page."""
        return reverse("thread", args=[self.pk])



class Entity(models.Model):
    """A person, organisation or place named in articles."""

    class Kind(models.TextChoices):
        PERSON = "person"
        ORGANIZATION = "org"
        PLACE = "place"
        OTHER = "other"

    name = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # Indexed, so that the store finds "Tamsin Valley Water Board" for a new "Water Board" among the
    # names that end in "board" instead of reading every name (site/store/entity_variants.py).
    last_word = models.CharField(max_length=300, default="", editable=False, db_index=True,
                                 help_text="The name's last word, lowercase.")
    kind_set_by_editor = models.BooleanField(
        default=False, help_text="Set when an editor changes the kind: the articles' parses then leave it alone."
    )
    articles = models.ManyToManyField("newsbrief.Article", related_name="entities", blank=True, through="Mention")

    class Meta:
        verbose_name_plural = "entities"
        constraints = [models.UniqueConstraint(fields=["name", "kind"], name="entity_name_kind")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        """Save, with last_word in step with the name."""
        self.last_word = self.last_word_of(self.name)
        super().save(*args, **kwargs)

    @staticmethod
    def last_word_of(name: str) -> str:
        """A name's last word, lowercase: what last_word holds."""
        return (name.rsplit(" ", 1)[-1]).lower()

    @property
    def slug(self) -> str:
        """The URL slug made from the name."""
        return slugify(self.name)[:80] or "entity"

    def get_absolute_url(self) -> str:
        """The entity's page."""
        return reverse("entity", args=[self.pk, self.slug])


class Mention(models.Model):
    """How often one article names one entity, and the spellings it uses."""

    article = models.ForeignKey("newsbrief.Article", on_delete=models.CASCADE, related_name="mentions")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="mentions")
    count = models.PositiveIntegerField(default=1)
    surface_forms = models.JSONField(default=list, blank=True, help_text="Spellings in the article, most frequent first.")
    kind = models.CharField(
        max_length=10, choices=Entity.Kind.choices, blank=True, default="", help_text="The kind this article's parse gave it."
    )
    # The article's dates, copied as the store writes the mention (an article's dates never change), so
    # that an entity's page reads its newest mentions from one index (migration 0015) instead of
    # sorting all of them: the page costs the same for a name in ten articles or in a hundred thousand.
    article_published = models.DateTimeField(null=True, blank=True, help_text="The article's publication time.")
    article_ingested = models.DateTimeField(null=True, blank=True, help_text="When the article was stored.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "entity"], name="mention_article_entity")]

    def __str__(self) -> str:
        return f"{self.entity} in {self.article}"


class EntityAlias(models.Model):
    """A spelling and the one name its entity goes by ("U.S." → "United States"), passed to enrichment."""

    alias = models.CharField(max_length=300, unique=True)
    name = models.CharField(max_length=300, help_text="The entity's one name.")

    class Meta:
        verbose_name_plural = "entity aliases"
        ordering = ["alias"]

    def __str__(self) -> str:
        return f"{self.alias} → {self.name}"

    @classmethod
    def table(cls) -> dict[str, str]:
        """Every alias as enrichment takes them: spelling → name."""
        return dict(cls.objects.values_list("alias", "name"))


class Statement(models.Model):
    """Who wants what: an actor, the cue, the aim, its polarity and the evidence sentence's place."""

    class Polarity(models.TextChoices):
        WANTS = "wants"
        REJECTS = "rejects"

    article = models.ForeignKey("newsbrief.Article", on_delete=models.CASCADE, related_name="statements")
    actor = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="statements")
    cue = models.CharField(max_length=100)
    aim = models.TextField()
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    evidence = models.TextField(help_text="The sentence that says so, as written.")
    # Where the evidence is: a 0-based index into the article's paragraphs (-1: the title) and characters in it.
    paragraph = models.IntegerField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # Copied from the article as the store writes the statement, for the same reason as Mention's.
    article_published = models.DateTimeField(null=True, blank=True, help_text="The article's publication time.")

    class Meta:
        ordering = ["article", "paragraph", "start", "pk"]

    def __str__(self) -> str:
        return f"{self.actor} {self.polarity} {self.aim}"


class StoryLog(models.Model):
    """One article as it was fed to the story index, in order: replaying the log rebuilds the index."""

    article = models.OneToOneField("newsbrief.Article", on_delete=models.CASCADE, related_name="+")
    entities = models.JSONField(default=list, blank=True, help_text="The entity names the index was given.")


class StoryIndexState(models.Model):
    """A checkpoint of the story index (one row): its plain-data state and the last log entry folded in."""

    state = models.JSONField(default=dict)
    through = models.BigIntegerField(default=0, help_text="The last StoryLog id the state includes.")
    version = models.CharField(max_length=32, default="", help_text="Changes with every assignment.")
    updated = models.DateTimeField(auto_now=True)
