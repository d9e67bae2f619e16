"""/healthz: whether this process can serve, for a load balancer or a monitor.

It checks that the database answers, that every migration is applied, and how long ago
a source was last polled (checked against NEWSBRIEF_HEALTH_MAX_POLL_AGE when that is set).
The answer is JSON, 200 when all is well and 503 naming what failed otherwise, and never
cached: the view is not a reader page (site/web/caching.py keeps only those), and it says
no-store to any cache in between. It is public; it shows no data and no error's text.
"""

from __future__ import annotations

from datetime import datetime

from django.db import DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from newsbrief import config
from newsbrief.site.models import Source


def unapplied_migrations(connection) -> list[str]:
    """The migrations not yet applied to the connection's database, as app.name."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def last_poll() -> datetime | None:
    """When a source was last polled, the newest of them; None when none ever was."""
    return Source.objects.aggregate(newest=Max("last_polled"))["newest"]


def health(connection) -> dict:
    """The checks on one database connection: each one's finding, and `failed`, the names of those that failed."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        unapplied = unapplied_migrations(connection)
        polled = last_poll()
    except DatabaseError as error:
        return {"failed": ["database"], "database": f"unreachable ({type(error).__name__})"}
    age = round((timezone.now() - polled).total_seconds()) if polled else None
    max_age = config.value("NEWSBRIEF_HEALTH_MAX_POLL_AGE")
    failed = ["migrations"] if unapplied else []
    if max_age and (age is None or age > max_age):
        failed.append("last_poll")
    return {
        "failed": failed,
        "database": "ok",
        "unapplied_migrations": unapplied,
        "last_poll": {"at": polled.isoformat() if polled else None, "age_seconds": age,
                      "max_age_seconds": max_age or None},
    }


@never_cache
@require_safe
def healthz(request):
    """The health checks as JSON: 200 when all pass, 503 naming those that failed."""
    found = health(connections["default"])
    found = {"status": "failing" if found["failed"] else "ok", **found}
    return JsonResponse(found, status=503 if found["failed"] else 200)
