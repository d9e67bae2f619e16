"""The project's URL map: the admin, the JSON API and the publication."""

from django.contrib import admin
from django.urls import include, path

from newsbrief.site.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("newsbrief.site.urls")),
]
