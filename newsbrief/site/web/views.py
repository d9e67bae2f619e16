"""The publication's pages: front page, article briefs, sources, search and about."""

from django.contrib import messages
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.views.decorators.http import require_safe

from newsbrief.pipeline.errors import CommentRejected, Flooded, InputError, InvalidComment
from newsbrief.site.web import search
from newsbrief.site.store.page_generation import tag
from newsbrief.site.web.caching import page_shows, reader_cacheable
from newsbrief.site.web.comments import HELD_MESSAGE, PUBLISHED_MESSAGE, submit_comment
from newsbrief.site.web.forms import CommentForm
from newsbrief.site.models import Article, Comment, Source
from newsbrief.site.web.provenance import marked_brief
from newsbrief.site.web.brief_method import method_lines
from newsbrief.site.web.paging import page_of
from newsbrief.site.web.security import client_ip
from newsbrief.site.web.story_views import ranked_stories
from newsbrief.site.web.thread_views import front_threads
from newsbrief.site.web.syndication import clean

PAGE_SIZE = 50
COMMENT_FEED_SIZE = 50


@reader_cacheable
@require_safe
def front(request):
    """The top stories (breadth of coverage and recency) grouped by thread, then the latest briefs, newest first."""
    page = page_of(Article.objects.listed(), request.GET.get("page"), PAGE_SIZE)
    stories = ranked_stories() if page.number == 1 else []
    return render(request, "newsbrief/front.html", {"page": page, "stories": stories, "threads": front_threads(stories)})


@reader_cacheable(shows="article")
def article(request, pk, slug=None):
    """An article's brief page; POST leaves a comment under the comment policy (site/web/comments.py)."""
    copy = Article.objects.filter(pk=pk, duplicate_of__isnull=False).select_related("duplicate_of").first()
    if copy:  # a near-duplicate copy has no brief of its own: its original's page stands for it
        return redirect(copy.duplicate_of)
    item = get_object_or_404(Article.objects.select_related("brief", "source"), pk=pk, brief__isnull=False)
    if slug != item.slug:
        return redirect(item, permanent=True)
    if item.story_id:  # its "more on this story" block, read as the page renders
        page_shows(request, tag("story", item.story_id))
    posted = request.method == "POST"
    form = CommentForm(item, request.POST if posted else None, reply_to=request.GET.get("replytocom"))
    status, retry_after = 200, None
    if posted:
        try:
            comment = _leave_comment(request, item, form)
        except CommentRejected as error:  # the one place the form's refusals become HTTP statuses
            status = error.http_status
            retry_after = error.retry_after if isinstance(error, Flooded) else None
        else:
            anchor = f"#comment-{comment.pk}" if comment.status == Comment.Status.APPROVED else "#respond"
            return redirect(item.get_absolute_url() + anchor)
    context = {
        "article": item,
        "brief": item.brief,
        "marks": marked_brief(item),
        "written": method_lines(item),
        "comments": item.approved_comments(),
        "form": form,
        "also_published": item.also_published(),
    }
    response = render(request, "newsbrief/article.html", context, status=status)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    return response


def _leave_comment(request, item: Article, form: CommentForm) -> Comment:
    """Submit a posted comment under the policy; CommentRejected, shown on the form, when it is refused."""
    if not form.is_valid():
        raise InvalidComment({name: list(errors) for name, errors in form.errors.items()})
    user_agent = request.META.get("HTTP_USER_AGENT", "")
    try:
        comment = submit_comment(item, form.cleaned_data, ip=client_ip(request), user_agent=user_agent)
    except InvalidComment as error:
        form.add_rejection(error)
        raise
    except CommentRejected as error:
        form.add_error(None, str(error))
        raise
    messages.success(request, PUBLISHED_MESSAGE if comment.status == Comment.Status.APPROVED else HELD_MESSAGE)
    return comment


@reader_cacheable(shows="article")
@method_decorator(require_safe, name="__call__")
class CommentFeed(Feed):
    """An article's approved comments as RSS: each commenter's name and text, never an email or address.

    Readers render these fields as HTML, so each one is escaped text: a comment's markup shows, never runs.
    """

    def get_object(self, request, pk):
        return get_object_or_404(Article, pk=pk, brief__isnull=False)

    def title(self, item: Article) -> str:
        return escape(clean(f"Comments on {item.title}"))

    def link(self, item: Article) -> str:
        return item.get_absolute_url() + "#comments"

    def description(self, item: Article) -> str:
        return escape(clean(f"Readers' comments on the newsbrief brief of {item.title}."))

    def items(self, item: Article):
        return item.approved_comments().order_by("-created")[:COMMENT_FEED_SIZE]

    def item_title(self, comment: Comment) -> str:
        return escape(clean(f"Comment by {comment.name}"))

    def item_description(self, comment: Comment) -> str:
        return escape(clean(comment.body))

    def item_link(self, comment: Comment) -> str:
        return f"{comment.article.get_absolute_url()}#comment-{comment.pk}"

    def item_author_name(self, comment: Comment) -> str:
        return escape(clean(comment.name))

    def item_pubdate(self, comment: Comment):
        return comment.created


@reader_cacheable
@require_safe
def sources(request):
    """Every source and how many briefs it has."""
    return render(request, "newsbrief/sources.html", {"sources": Source.objects.all()})


@reader_cacheable(shows="source")
@require_safe
def source(request, pk):
    """One source's latest briefs."""
    item = get_object_or_404(Source, pk=pk)
    page = page_of(Article.objects.listed().filter(source=item), request.GET.get("page"), PAGE_SIZE)
    return render(request, "newsbrief/source.html", {"source": item, "page": page})


@reader_cacheable
@require_safe
def search_page(request):
    """Full-text search: ?q= with phrases, exclusions and filters; a bad date filter gets a 400 that says why."""
    text = request.GET.get("q", "")
    try:
        page_number = max(1, min(int(request.GET.get("page", "1")), search.MAX_RESULTS // search.PAGE_SIZE))
    except ValueError:
        page_number = 1
    context = {"q": text, "page_number": page_number}
    try:
        if text.strip():
            context["results"] = search.search(text, offset=(page_number - 1) * search.PAGE_SIZE)
    except InputError as error:
        context["error"] = str(error)
        return render(request, "newsbrief/search.html", context, status=400)
    return render(request, "newsbrief/search.html", context)


@reader_cacheable
@require_safe
def about(request):
    """What newsbrief is, and every feed and the API it offers."""
    context = {"sources": Source.objects.filter(articles__brief__isnull=False).distinct()}
    return render(request, "newsbrief/about.html", context)
