"""Tasks of the portal as a whole."""

from celery import shared_task
from django.db import connection


@shared_task(name="trinno_portal.health_check")
def health_check() -> dict[str, object]:
    """Round trip through broker, worker and database, for health checks and CI.

    Returns what the worker saw, so that the caller knows the worker reached the same
    database as the web process.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return {"database": connection.vendor, "ok": one == 1}
