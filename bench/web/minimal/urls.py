"""Two URLs: the row and hello."""

from django.urls import path

from bench.web.minimal.views import hello, row

urlpatterns = [path("row/", row), path("hello/", hello)]
