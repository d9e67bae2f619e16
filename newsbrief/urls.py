"""The project's URL map: the admin, the JSON API and the publication."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from newsbrief.site.web.api import api
from newsbrief.site.web.health import healthz
from newsbrief.site.web.metrics import metrics

urlpatterns = [
    # Browsers ask for /favicon.ico on every site, admin pages included.
    path("favicon.ico", RedirectView.as_view(url=static("newsbrief/favicon.svg"), permanent=True)),
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("", include("newsbrief.site.web.urls")),
]
