"""The reader's comment form: the policy's fields, a honeypot, a signed fill-time token and the reply target."""

from __future__ import annotations

from django import forms

from newsbrief.pipeline.errors import InvalidComment
from newsbrief.site.web import comments
from newsbrief.site.models import Article, Comment

LABELS = {"name": "Name *", "email": "Email *", "website": "Website", "body": "Comment *"}
AUTOCOMPLETE = {"name": "name", "email": "email", "website": "url"}


class CommentForm(comments.CommentFields):
    """Leave a Reply: name, email and comment are required; the email is never published."""

    # The honeypot (comments.HONEYPOT_FIELD): the template hides it; only bots fill it in.
    subject = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, article: Article, data=None, *, reply_to: str | None = None):
        super().__init__(data)
        self.article = article
        self.token = comments.issue_form_token(article)  # a fresh one on every render, re-renders included
        for name, label in LABELS.items():
            self.fields[name].label = label
        for name, hint in AUTOCOMPLETE.items():
            self.fields[name].widget.attrs["autocomplete"] = hint
        self.replying_to = self._comment(data.get("parent") if data is not None else reply_to)
        if self.replying_to and data is None:
            self.initial["parent"] = self.replying_to.pk

    def _comment(self, pk) -> Comment | None:
        """The approved comment of this article with that id, if any (for "Replying to ...")."""
        try:
            return self.article.comments.get(pk=int(pk), status=Comment.Status.APPROVED)
        except (TypeError, ValueError, Comment.DoesNotExist):
            return None

    def reader_fields(self) -> list[forms.BoundField]:
        """The fields a reader fills in, in WordPress's order."""
        return [self[name] for name in LABELS]

    def clean(self):
        cleaned = super().clean()
        try:
            comments.check_form_signals(self.article, self.data)
        except InvalidComment as error:
            raise forms.ValidationError(error.errors["__all__"]) from None
        return cleaned

    def add_rejection(self, error: InvalidComment) -> None:
        """Show the policy's field errors on this form."""
        for name, messages in error.errors.items():
            self.add_error(name if name in LABELS else None, messages)
