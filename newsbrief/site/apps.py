"""The Django app that stores and publishes newsbrief's articles."""

from django.apps import AppConfig


class SiteConfig(AppConfig):
    """newsbrief's only Django app."""

    name = "newsbrief.site"
    label = "newsbrief"
    verbose_name = "newsbrief"

    def ready(self) -> None:
        """Connect the signal receivers in every process, not only in those that load the URLs."""
        from newsbrief.site import store  # noqa: F401  (imported for their receivers)
        from newsbrief.site.web import caching  # noqa: F401
