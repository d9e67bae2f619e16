"""One URL: the row."""

from django.urls import path

from bench.web.minimal.views import row

urlpatterns = [path("row/", row)]
