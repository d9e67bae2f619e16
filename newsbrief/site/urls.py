"""URLs of the publication."""

from django.urls import path

from newsbrief.site import views

urlpatterns = [
    path("", views.front, name="front"),
    path("a/<uuid:pk>/", views.article, name="article-by-id"),
    path("a/<uuid:pk>/<slug:slug>/", views.article, name="article"),
    path("sources/", views.sources, name="sources"),
    path("sources/<int:pk>/", views.source, name="source"),
]
