"""/healthz for load balancers."""

from celery import current_app as app
from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def _broker_reachable() -> bool:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False
    return True


@never_cache
def healthz(request):
    """For load balancers: 200 when the database (and a configured broker) answer."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001
        checks["database"] = "unreachable"
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        checks["broker"] = "ok" if _broker_reachable() else "unreachable"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
