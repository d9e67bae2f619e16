"""The admin: sources, articles, briefs, stories, entities and comment moderation."""

from django.contrib import admin

from newsbrief.site.models import Article, Brief, Comment, Entity, Source, Story


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "domain", "body_mode", "created"]
    list_filter = ["kind", "body_mode"]
    search_fields = ["name", "url", "domain"]


class BriefInline(admin.StackedInline):
    model = Brief
    extra = 0


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published", "text_origin"]
    list_filter = ["text_origin", "source"]
    search_fields = ["title", "url", "canonical_url"]
    inlines = [BriefInline]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "article", "status", "created"]
    list_filter = ["status"]
    actions = ["approve", "reject"]

    @admin.action(description="Approve the selected comments")
    def approve(self, request, queryset):
        queryset.update(status=Comment.Status.APPROVED)

    @admin.action(description="Reject the selected comments")
    def reject(self, request, queryset):
        queryset.update(status=Comment.Status.REJECTED)


admin.site.register(Story)
admin.site.register(Entity)
