"""The one comment policy: checks a reader's comment, decides held, approved or spam, and stores it.

The HTML form and the JSON API both call submit_comment; the form adds its own
anti-bot checks (check_form_signals: a honeypot and a signed fill-time token).
Failures are leaves of CommentRejected in pipeline/errors.py, each with the
HTTP status the web edges answer with.
"""

from __future__ import annotations

import ipaddress
import logging
import re
import time
import unicodedata
from collections.abc import Mapping
from datetime import timedelta

from django import forms
from django.core import signing, validators
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from newsbrief import config
from newsbrief.pipeline.errors import DuplicateComment, Flooded, InvalidComment
from newsbrief.site.models import Article, Comment, DiscussionSettings
from newsbrief.site.templatetags.comment_text import count_links

log = logging.getLogger(__name__)

# WordPress's limits (wp_get_comment_fields_max_lengths), so that comments move between the two intact.
MAX_NAME = 245
MAX_EMAIL = 254  # the longest address SMTP can carry (RFC 5321)
MAX_URL = 200
MAX_TEXT = 65_535
# WordPress's comment flood interval: long enough to stop scripts, shorter than any human reply.
FLOOD_SECONDS = 15
# A page left open this long is sent again with a fresh token rather than trusted.
TOKEN_MAX_AGE = 2 * 24 * 3600
TOKEN_SALT = "newsbrief.site.web.comments.form-token"
TOKEN_FIELD = "issued"
# The honeypot: a text field hidden from people (and from screen readers) that bots fill in.
# Not a name browsers autofill (address, phone...), or real readers would fill it unseen.
HONEYPOT_FIELD = "subject"
# IPv4 /24 and IPv6 /48: the smallest networks usually routed to one site, never one person's address.
IPV4_PREFIX, IPV6_PREFIX = 24, 48

REFUSED = "Your comment could not be accepted."
# What the reader is told on success. Spam gets the held message: a spammer learns nothing from it.
HELD_MESSAGE = "Thank you. Your comment is awaiting moderation and will appear once it is approved."
PUBLISHED_MESSAGE = "Thank you. Your comment is published."
# Control characters (C0 but tab and line breaks, DEL, C1), lone surrogates and noncharacters:
# no reader means them, and an XML feed cannot carry them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Letters that show as blank space (Hangul fillers, the braille blank).
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Control, format (zero-width spaces and joiners, direction marks, soft hyphen) and combining marks.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Mn", "Me"})


def _invisible(text: str) -> bool:
    return all(c.isspace() or c in _BLANK_LETTERS or unicodedata.category(c) in _INVISIBLE_CATEGORIES for c in text)


class _WithoutControlCharacters:
    """A form field that drops control characters before anything else reads the value (form and API alike)."""

    def to_python(self, value):
        return super().to_python(_CONTROL.sub("", value) if isinstance(value, str) else value)


class _ReaderText(_WithoutControlCharacters, forms.CharField):
    """Text as a reader typed it, less control characters (tab and line breaks stay)."""


class _ReaderName(_ReaderText):
    """A name that shows: one of zero-width or other invisible characters only is no name at all."""

    def to_python(self, value):
        name = super().to_python(value)
        return "" if _invisible(name) else name


class _WebURLField(_WithoutControlCharacters, forms.URLField):
    """A web address: http or https only (no javascript:, data: or ftp: links under a name)."""

    default_validators = [validators.URLValidator(schemes=["http", "https"])]


class CommentFields(forms.Form):
    """The fields of a comment, their limits and their messages: WordPress's name*, email*, website, comment*."""

    name = _ReaderName(
        max_length=MAX_NAME,
        error_messages={
            "required": "Please give your name.",
            "max_length": f"Please shorten your name to at most {MAX_NAME} characters.",
        },
    )
    email = forms.EmailField(
        max_length=MAX_EMAIL,
        error_messages={
            "required": "Please give your email address.",
            "invalid": "Please give a valid email address.",
            "max_length": f"Please give an email address of at most {MAX_EMAIL} characters.",
        },
    )
    website = _WebURLField(
        required=False,
        max_length=MAX_URL,
        assume_scheme="https",
        error_messages={
            "invalid": "Please give a web address starting with http:// or https://.",
            "max_length": f"Please give a web address of at most {MAX_URL} characters.",
        },
    )
    body = _ReaderText(
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Please write a comment.",
            "max_length": f"Please shorten your comment to at most {MAX_TEXT:,} characters.",
        },
    )
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


def truncate_ip(ip: str | None) -> str | None:
    """The network of a client address (/24 IPv4, /48 IPv6), the most of it newsbrief stores; None if none."""
    try:
        address = ipaddress.ip_address((ip or "").split("%")[0])
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        address = address.ipv4_mapped
    prefix = IPV4_PREFIX if address.version == 4 else IPV6_PREFIX
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def issue_form_token(article: Article) -> str:
    """A signed token of the article and the time the form was served, for the fill-time check."""
    return signing.dumps({"a": str(article.pk), "t": time.time()}, salt=TOKEN_SALT)


def min_fill_seconds() -> float:
    """NEWSBRIEF_COMMENT_MIN_SECONDS: how long a person takes at least to fill in the form."""
    return config.value("NEWSBRIEF_COMMENT_MIN_SECONDS")


def check_form_signals(article: Article, data: Mapping) -> None:
    """The HTML form's anti-bot checks: an empty honeypot and a token old enough; InvalidComment if not."""
    if data.get(HONEYPOT_FIELD):
        raise InvalidComment({"__all__": [REFUSED]})
    try:
        token = signing.loads(data.get(TOKEN_FIELD) or "", salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is one
        raise InvalidComment({"__all__": ["This form has expired. Please send your comment again."]}) from None
    if not isinstance(token, dict) or token.get("a") != str(article.pk):
        raise InvalidComment({"__all__": [REFUSED]})
    if time.time() - float(token.get("t", 0)) < min_fill_seconds():
        raise InvalidComment({"__all__": ["That was quick! Please take a moment, then send your comment again."]})


def submit_comment(article: Article, data: Mapping, *, ip: str | None, user_agent: str) -> Comment:
    """Check a comment against the policy and store it held, approved or as spam; raises CommentRejected.

    data holds name, email, website, the text as `body` (or `comment`, WordPress's
    name) and optionally `parent`, the id of the comment replied to.
    """
    if "body" not in data and "comment" in data:
        data = {**data, "body": data["comment"]}
    fields = CommentFields(data)
    if not fields.is_valid():
        raise InvalidComment({name: list(messages) for name, messages in fields.errors.items()})
    clean = fields.cleaned_data
    email = clean["email"].lower()
    network = truncate_ip(ip)
    user_agent = (user_agent or "")[:255]
    with transaction.atomic():
        parent = _parent(article, clean["parent"])
        _refuse_duplicate(article, email, clean["body"])
        _refuse_flood(email, network)
        status, reason = classify(clean["name"], email, clean["website"], clean["body"], network, user_agent)
        comment = Comment.objects.create(
            article=article,
            parent=parent,
            name=clean["name"],
            email=email,
            website=clean["website"],
            body=clean["body"],
            status=status,
            ip_network=network,
            user_agent=user_agent,
        )
    # Ids and the decision only: a log line never carries an email or an address.
    log.info("comment %s on article %s: %s (%s)", comment.pk, article.pk, status, reason)
    return comment


def _parent(article: Article, parent_id: int | None) -> Comment | None:
    """The top-level approved comment a reply goes under; a reply to a reply joins its thread."""
    if parent_id is None:
        return None
    parent = article.comments.filter(pk=parent_id, status=Comment.Status.APPROVED).first()
    if parent is None:
        raise InvalidComment({"parent": ["The comment you reply to is not there any more."]})
    return parent.parent or parent


def _refuse_duplicate(article: Article, email: str, body: str) -> None:
    if article.comments.filter(email=email, body=body).exists():
        raise DuplicateComment("You have already said that.")


def _refuse_flood(email: str, network: str | None) -> None:
    since = timezone.now() - timedelta(seconds=FLOOD_SECONDS)
    sender = Q(email=email) | Q(ip_network=network) if network else Q(email=email)
    last = Comment.objects.filter(sender, created__gte=since).order_by("-created").first()
    if last:
        wait = max(1, FLOOD_SECONDS - int((timezone.now() - last.created).total_seconds()))
        raise Flooded(f"You are posting comments too quickly. Please wait {wait} seconds.", retry_after=wait)


def classify(
    name: str, email: str, website: str, body: str, network: str | None, user_agent: str
) -> tuple[Comment.Status, str]:
    """The status a new comment gets, and why, by WordPress's rules and the admin's word lists."""
    rules = DiscussionSettings.load()
    haystack = "\n".join([name, email, website, body, network or "", user_agent]).casefold()
    if any(word in haystack for word in rules.lines(rules.disallowed_words)):
        return Comment.Status.SPAM, "disallowed word"
    if count_links(body) > rules.max_links:
        return Comment.Status.HELD, f"more than {rules.max_links} links"
    if any(word in haystack for word in rules.lines(rules.moderation_keywords)):
        return Comment.Status.HELD, "moderation keyword"
    # As WordPress's check_comment: the same name and e-mail as an approved comment, not the e-mail alone,
    # which anyone who has read a commenter's address can give.
    if Comment.objects.filter(name=name, email=email, status=Comment.Status.APPROVED).exists():
        return Comment.Status.APPROVED, "returning commenter"
    return Comment.Status.HELD, "first comment"
