"""The project's URL map: the admin and the publication."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("newsbrief.site.urls")),
]
