"""URLs of the publication."""

from django.urls import path

from newsbrief.site.web import syndication as feeds
from newsbrief.site.web import story_views
from newsbrief.site.web import thread_views
from newsbrief.site.web import views

urlpatterns = [
    path("", views.front, name="front"),
    path("a/<uuid:pk>/", views.article, name="article-by-id"),
    path("a/<uuid:pk>/<slug:slug>/", views.article, name="article"),
    path("a/<uuid:pk>/comments/feed/", views.CommentFeed(), name="comment-feed"),
    path("s/<uuid:pk>/", story_views.story, name="story"),
    path("t/<uuid:pk>/", thread_views.thread, name="thread"),
    path("e/<int:pk>/", story_views.entity, name="entity-by-id"),
    path("e/<int:pk>/<slug:slug>/", story_views.entity, name="entity"),
    path("sources/", views.sources, name="sources"),
    path("sources/<int:pk>/", views.source, name="source"),
    path("search/", views.search_page, name="search"),
    path("about/", views.about, name="about"),
    *feeds.urlpatterns,
]
