"""Two views: one row from SQLite rendered through a template, and a fixed answer (the framework alone)."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

QUERY = (
    "SELECT a.title, a.source_domain, a.published, b.lead, b.body, b.closing"
    " FROM newsbrief_article a JOIN newsbrief_brief b ON b.article_id = a.id"
    " ORDER BY a.published DESC LIMIT 1"
)


def row(request):
    with connection.cursor() as cursor:
        cursor.execute(QUERY)
        title, domain, published, lead, body, closing = cursor.fetchone()
    paragraphs = [p for p in body.split("\n\n") if p]
    context = {"title": title, "domain": domain, "published": published, "lead": lead,
               "paragraphs": paragraphs, "closing": closing}
    return render(request, "row.html", context)


def hello(request):
    """The framework alone: no database, no template, a fixed short answer."""
    return HttpResponse(b"hello", content_type="text/plain")
