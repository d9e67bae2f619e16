"""The reader's comment form."""

from django import forms

from newsbrief.site.models import Comment


class CommentForm(forms.ModelForm):
    """Leave a Reply: name, email and comment are required; the email is never published."""

    website = forms.URLField(required=False, assume_scheme="https", label="Website")

    class Meta:
        model = Comment
        fields = ["name", "email", "website", "body"]
        labels = {"name": "Name *", "email": "Email *", "body": "Comment *"}
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        error_messages = {
            "name": {"required": "Please give your name."},
            "email": {"required": "Please give your email address.", "invalid": "Please give a valid email address."},
            "body": {"required": "Please write a comment."},
        }
