"""Reader comments and the moderation settings."""

from __future__ import annotations


from django.db import models

from newsbrief.pipeline.duplicates.keys import web_url



class Comment(models.Model):
    """A reader's comment; site/web/comments.py decides whether it is held, approved or spam."""

    class Status(models.TextChoices):
        HELD = "held"
        APPROVED = "approved"
        SPAM = "spam"
        TRASH = "trash"

    article = models.ForeignKey("newsbrief.Article", on_delete=models.CASCADE, related_name="comments")
    # One level of replies: a reply to a reply is stored under that reply's top-level comment.
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    name = models.CharField(max_length=245)
    # Kept for moderation and the returning-commenter rule only; stored lower-cased so both match exactly.
    email = models.EmailField(max_length=254, db_index=True, help_text="Never published.")
    website = models.URLField(max_length=200, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.HELD, db_index=True)
    # The sender's network only (/24 for IPv4, /48 for IPv6): enough for flood control, not a person's address.
    ip_network = models.GenericIPAddressField(null=True, blank=True, db_index=True)
    user_agent = models.CharField(max_length=255, blank=True)
    created = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["created"]

    def __str__(self) -> str:
        return f"{self.name} on {self.article}"

    @property
    def website_link(self) -> str:
        """The commenter's website as pages and the API link it: http(s) only, else empty."""
        return web_url(self.website)


class DiscussionSettings(models.Model):
    """The moderation word lists, one row edited in the admin."""

    moderation_keywords = models.TextField(
        blank=True,
        help_text="One word, phrase or address a line. A comment whose name, email, website, text, network or "
        "browser contains one (any case, inside words too) is held for moderation.",
    )
    disallowed_words = models.TextField(
        blank=True, help_text="One a line, matched the same way. A comment containing one is marked as spam."
    )
    max_links = models.PositiveSmallIntegerField(
        default=2, help_text="A comment with more links than this is held for moderation."
    )

    class Meta:
        verbose_name = verbose_name_plural = "discussion settings"

    def __str__(self) -> str:
        return "Discussion settings"

    def save(self, *args, **kwargs):
        self.pk = 1  # a singleton: every save writes the one row
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> DiscussionSettings:
        """The one settings row, made with the defaults on first use."""
        return cls.objects.get_or_create(pk=1)[0]

    @staticmethod
    def lines(text: str) -> list[str]:
        """A word list's entries: one a line, blank lines skipped, lower-cased."""
        return [line.strip().casefold() for line in text.splitlines() if line.strip()]
