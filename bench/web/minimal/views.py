"""Two views: one row from SQLite rendered through a template, and a fixed answer (the framework alone)."""

from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render

# The newest article down newsbrief's own index (status, published, ingested): ordered by
# `published` alone, SQLite sorted every article, and at a million the row never answered.
QUERY = (
    "SELECT a.title, a.source_domain, a.published, b.lead, b.body, b.closing"
    " FROM newsbrief_article a JOIN newsbrief_brief b ON b.article_id = a.id"
    " WHERE a.status = 'ok' ORDER BY a.published DESC, a.ingested DESC LIMIT 1"
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
