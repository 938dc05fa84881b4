from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from onboarding import maps, selectors


@login_required
def home(request):
    """Coordinators and finance land on the dashboard; a manager on their municipalities."""
    user = request.user
    if user.sees_all_municipalities:
        return _dashboard(request)
    municipalities = selectors.municipality_list(user)
    context = {
        "programmes": selectors.programmes_for_user(user),
        "municipality_count": municipalities.count(),
    }
    if user.is_manager:
        context["my_municipalities"] = list(municipalities)
        context["my_consortia"] = selectors.consortium_summaries(user)
    else:
        units = selectors.connection_units()
        context["unit_count"] = len(units)
        context["consortium_unit_count"] = sum(1 for u in units if u.is_consortium)
    return render(request, "onboarding/home.html", context)


def _dashboard(request):
    """The programme chosen with ?programme= (default: the first), its figures, its map of
    onboarding statuses and what needs action now. Nationwide roles only (see `home`)."""
    from scheduling import dashboard as figures

    programmes = list(selectors.programmes_for_user(request.user))
    wanted = request.GET.get("programme")
    programme = next(
        (p for p in programmes if p.slug == wanted), programmes[0] if programmes else None
    )
    context = {"programmes": programmes, "programme": programme}
    if programme is not None:
        board = figures.dashboard(programme)
        labels = {status.value: str(status.label) for status in figures.OnboardingStatus}
        areas, viewbox, legend = maps.onboarding_status_map(
            {m.code: m.status for m in board.municipalities},
            labels,
            {m.code: m.name for m in board.municipalities},
            lambda code: reverse("municipality_detail", args=[code]),
        )
        context.update(
            board=board,
            areas=areas,
            viewbox=viewbox,
            legend=legend,
            uncoloured_areas=any(not area.href for area in areas),
            status_labels=labels,
            overdue_after_days=figures.OVERDUE_AFTER_DAYS,
        )
    return render(request, "scheduling/dashboard.html", context)


def _broker_reachable() -> bool:
    from onboarding.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception:  # noqa: BLE001 - any failure means "not reachable"
        return False
    return True


@never_cache
def healthz(request):
    """For load balancers: 200 when the database (and a configured broker) answer."""
    from django.conf import settings

    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:  # noqa: BLE001
        checks["database"] = "unreachable"
    if settings.CELERY_BROKER_CONFIGURED:
        checks["broker"] = "ok" if _broker_reachable() else "unreachable"
    healthy = all(v == "ok" for v in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
