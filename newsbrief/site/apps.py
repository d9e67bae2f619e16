"""The Django app that stores and publishes newsbrief's articles."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    """newsbrief's only Django app."""

    name = "newsbrief.site"
    label = "newsbrief"
    verbose_name = "newsbrief"
