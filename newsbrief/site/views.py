"""The publication's pages: front page, article briefs and sources."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render

from newsbrief.site.forms import CommentForm
from newsbrief.site.models import Article, Source
from newsbrief.site.provenance import marked_brief

PAGE_SIZE = 50
HELD_MESSAGE = "Thank you. Your comment is held for moderation and will appear once approved."


def front(request):
    """The latest briefs, newest first."""
    page = Paginator(Article.objects.published(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "newsbrief/front.html", {"page": page})


def article(request, pk, slug=None):
    """An article's brief page; POST leaves a comment, held for moderation."""
    item = get_object_or_404(Article.objects.select_related("brief", "source"), pk=pk, brief__isnull=False)
    if slug != item.slug:
        return redirect(item, permanent=True)
    form = CommentForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            comment = form.save(commit=False)
            comment.article = item
            comment.save()
            messages.success(request, HELD_MESSAGE)
            return redirect(item.get_absolute_url() + "#respond")
    context = {
        "article": item,
        "brief": item.brief,
        "marks": marked_brief(item),
        "comments": item.approved_comments(),
        "form": form,
    }
    return render(request, "newsbrief/article.html", context, status=400 if form.errors else 200)


def sources(request):
    """Every source and how many briefs it has."""
    return render(request, "newsbrief/sources.html", {"sources": Source.objects.all()})


def source(request, pk):
    """One source's latest briefs."""
    item = get_object_or_404(Source, pk=pk)
    page = Paginator(Article.objects.published().filter(source=item), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "newsbrief/source.html", {"source": item, "page": page})
