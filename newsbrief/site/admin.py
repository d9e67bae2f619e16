"""The admin: sources, articles, briefs, stories, entities and comment moderation."""

from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.shortcuts import redirect
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator

from newsbrief.site.store.page_generation import invalidate, tag
from newsbrief.site.models import (
    Article,
    Brief,
    Comment,
    DiscussionSettings,
    Entity,
    EntityAlias,
    Source,
    Statement,
    Story,
)

HISTORY_SHOWN = 20  # a commenter's latest comments on the change page; the list link shows them all


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = [
        "name", "kind", "body_mode", "domain", "last_success", "consecutive_failures", "next_poll",
        "entries_seen", "entries_new", "entries_duplicate", "entries_blocked", "entries_failed",
    ]
    list_filter = ["kind", "body_mode"]
    search_fields = ["name", "url", "domain"]
    # Health and validators are written by polling only; clearing next_poll makes a source due now.
    readonly_fields = [
        "last_polled", "last_success", "last_error", "consecutive_failures", "etag", "last_modified",
        "entries_seen", "entries_new", "entries_duplicate", "entries_blocked", "entries_failed", "created",
    ]


class BriefInline(admin.StackedInline):
    """The article's brief; the checks' notes (the LLM gate's rejections, a feed's text) are shown to editors only."""

    model = Brief
    extra = 0
    exclude = ["notes"]
    readonly_fields = ["method", "body_mode", "editor_notes"]

    @admin.display(description="notes for editors")
    def editor_notes(self, brief: Brief) -> str:
        if not brief.notes:
            return "None."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((note,) for note in brief.notes)))


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published", "text_origin", "status", "duplicate_of", "revision"]
    list_filter = ["text_origin", "status", "source"]
    raw_id_fields = ["duplicate_of", "revision_of", "story"]
    search_fields = ["title", "url", "canonical_url"]
    inlines = [BriefInline]


class CommentQueue(admin.SimpleListFilter):
    """Filter by status; with none chosen, the moderation queue (held comments) is shown."""

    title = "status"
    parameter_name = "status"
    ALL = "all"

    def lookups(self, request, model_admin):
        return [*Comment.Status.choices, (self.ALL, "All")]

    def queryset(self, request, queryset):
        chosen = self.value() or Comment.Status.HELD
        return queryset if chosen == self.ALL else queryset.filter(status=chosen)

    def choices(self, changelist):
        chosen = self.value() or Comment.Status.HELD
        for value, label in self.lookup_choices:
            query = changelist.get_query_string({self.parameter_name: value})
            yield {"selected": chosen == value, "query_string": query, "display": label}


def _same_commenter():
    return Comment.objects.filter(email=OuterRef("email")).order_by().values("email")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Moderation: the queue of held comments, bulk approve, spam and trash, and each commenter's history."""

    list_display = ["name", "excerpt", "article", "status", "history", "created"]
    list_filter = [CommentQueue]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body"]
    ordering = ["-created"]
    date_hierarchy = "created"
    actions = ["approve", "mark_spam", "trash", "hold"]
    raw_id_fields = ["article", "parent"]
    readonly_fields = ["ip_network", "user_agent", "created", "commenter_history"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request):
        count = Count("pk")
        return (
            super()
            .get_queryset(request)
            .annotate(
                history_total=Subquery(_same_commenter().annotate(n=count).values("n")),
                history_approved=Subquery(
                    _same_commenter().filter(status=Comment.Status.APPROVED).annotate(n=count).values("n")
                ),
            )
        )

    @admin.display(description="comment")
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(90)

    @admin.display(description="commenter's comments")
    def history(self, comment: Comment) -> str:
        url = reverse("admin:newsbrief_comment_changelist") + "?" + urlencode({"q": comment.email, "status": "all"})
        approved, total = comment.history_approved or 0, comment.history_total or 0
        return format_html('<a href="{}">{} approved of {}</a>', url, approved, total)

    @admin.display(description="other comments by this email")
    def commenter_history(self, comment: Comment) -> str:
        others = Comment.objects.filter(email=comment.email).exclude(pk=comment.pk)
        others = others.select_related("article").order_by("-created")[:HISTORY_SHOWN]
        if not others:
            return "None: a first-time commenter."
        rows = format_html_join(
            "",
            '<li><a href="{}">{}</a> · {} · {} · on {}</li>',
            (
                (
                    reverse("admin:newsbrief_comment_change", args=[other.pk]),
                    Truncator(other.body).chars(90),
                    other.get_status_display(),
                    date_format(other.created, "DATETIME_FORMAT"),
                    other.article,
                )
                for other in others
            ),
        )
        return format_html("<ul>{}</ul>", rows)

    def _set_status(self, request, queryset, status: Comment.Status, done: str) -> None:
        articles = set(queryset.values_list("article_id", flat=True))
        changed = queryset.update(status=status)
        if changed:  # update() sends no signal: the cached pages that show these comments go stale here
            invalidate(*(tag("article", pk) for pk in articles))
        self.message_user(request, f"{changed} comment{pluralize(changed)} {done}.", messages.SUCCESS)

    @admin.action(description="Approve the selected comments")
    def approve(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.APPROVED, "approved")

    @admin.action(description="Mark the selected comments as spam")
    def mark_spam(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.SPAM, "marked as spam")

    @admin.action(description="Move the selected comments to the trash")
    def trash(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.TRASH, "moved to the trash")

    @admin.action(description="Hold the selected comments for moderation")
    def hold(self, request, queryset):
        self._set_status(request, queryset, Comment.Status.HELD, "held")


@admin.register(DiscussionSettings)
class DiscussionSettingsAdmin(admin.ModelAdmin):
    """The one row of moderation word lists: the list page opens it straight away."""

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        settings = DiscussionSettings.load()
        return redirect(reverse("admin:newsbrief_discussionsettings_change", args=[settings.pk]))


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    list_display = ["title", "outlets", "size", "last_published", "merged_into"]
    list_filter = [("merged_into", admin.EmptyFieldListFilter)]
    search_fields = ["title", "lead"]
    # Written by story assignment (site/store/story_membership.py); editing them by hand would be undone by the next article.
    readonly_fields = [
        "central", "merged_into", "size", "outlets", "first_published", "last_published", "topics", "created", "updated",
        "brief_method", "editor_notes",
    ]
    exclude = ["brief"]  # the story brief and its state are the store's (store/story_briefs.py)

    @admin.display(description="story brief written by")
    def brief_method(self, story: Story) -> str:
        return ((story.brief or {}).get("brief") or {}).get("method", "none yet")

    @admin.display(description="notes for editors")
    def editor_notes(self, story: Story) -> str:
        """The model gate's notes on the story brief's rewrite (store/story_rewrites.py): for editors, never readers."""
        notes = ((story.brief or {}).get("rewrite") or {}).get("notes") or []
        if not notes:
            return "None."
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((note,) for note in notes)))


@admin.register(Entity)
class EntityAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "articles_count", "mentions_count"]
    list_filter = ["kind"]
    search_fields = ["name"]

    def save_model(self, request, obj, form, change):
        if "kind" in form.changed_data:
            obj.kind_set_by_editor = True  # later articles' parses must not undo the editor's choice
        super().save_model(request, obj, form, change)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            articles_count=Count("mentions", distinct=True), mentions_count=models.Sum("mentions__count")
        )

    @admin.display(description="articles", ordering="articles_count")
    def articles_count(self, entity: Entity) -> int:
        return entity.articles_count

    @admin.display(description="mentions", ordering="mentions_count")
    def mentions_count(self, entity: Entity) -> int:
        return entity.mentions_count or 0


@admin.register(EntityAlias)
class EntityAliasAdmin(admin.ModelAdmin):
    """Spellings mapped to one name; enrichment uses them for every article stored after the change."""

    list_display = ["alias", "name"]
    search_fields = ["alias", "name"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    """Who wants what, as extracted: read only (it is the machine's reading of the article)."""

    list_display = ["actor", "polarity", "cue", "aim", "article"]
    list_filter = ["polarity"]
    search_fields = ["actor__name", "aim", "evidence"]
    list_select_related = ["actor", "article"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
