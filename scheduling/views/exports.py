"""iCalendar files of the waves and of a unit, and the units as CSV or XLSX."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onboarding import selectors as registry
from onboarding.exports import table_response
from scheduling import ical, selectors
from scheduling.models import Connection
from scheduling.views.calendar import WaveRow, wave_rows
from scheduling.views.common import programme_of

# --- iCalendar ---------------------------------------------------------------------------


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _ics_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _wave_description(row: WaveRow) -> str:
    parts = []
    if row.units:
        parts.append(_("Units: %(units)s.") % {"units": ", ".join(u.name for u in row.units)})
    if row.others:
        parts.append(
            ngettext(
                "%(count)d other unit.",
                "%(count)d other units.",
                row.others,
            )
            % {"count": row.others}
        )
    if row.wave.notes:
        parts.append(row.wave.notes)
    return "\n".join(parts)


@login_required
def calendar_ics(request, programme):
    programme = programme_of(request.user, programme)
    host = ical.uid_host()
    url = _absolute(reverse("scheduling:calendar", args=[programme.slug]))
    events = [
        ical.Event(
            uid=f"wave-{row.wave.pk}@{host}",
            day=row.wave.date,
            summary=_("Connection wave: %(programme)s") % {"programme": programme.name},
            description=_wave_description(row),
            url=f"{url}#wave-{row.wave.pk}",
        )
        for row in wave_rows(request.user, programme)
    ]
    if not events:  # a calendar needs at least one event (RFC 5545)
        raise Http404(_("%(programme)s has no connection waves yet.") % {"programme": programme})
    content = ical.calendar(
        name=_("%(programme)s: connection waves") % {"programme": programme.name},
        events=events,
        stamp=timezone.now(),
        prodid=ical.PRODID,
    )
    return _ics_response(content, f"{programme.slug}-waves.ics")


@login_required
def unit_ics(request, programme, key):
    programme = programme_of(request.user, programme)
    unit = selectors.unit_get(request.user, key)
    connection = (
        Connection.objects.filter(programme=programme, unit_key=unit.key)
        .select_related("wave")
        .first()
    )
    host = ical.uid_host()
    url = _absolute(reverse("scheduling:unit_detail", args=[programme.slug, unit.key]))
    events = []
    if connection and connection.wave:
        events.append(
            ical.Event(
                uid=f"wave-{connection.wave.pk}-{unit.key}@{host}",
                day=connection.wave.date,
                summary=_("%(unit)s: connection wave of %(programme)s")
                % {"unit": unit.name, "programme": programme.name},
                description="\n".join(
                    part
                    for part in (
                        _("The connection work of %(unit)s starts on this day.")
                        % {"unit": unit.name},
                        connection.wave.notes,
                    )
                    if part
                ),
                url=url,
            )
        )
    if connection and connection.go_live_on:
        events.append(
            ical.Event(
                uid=f"go-live-{programme.slug}-{unit.key}@{host}",
                day=connection.go_live_on,
                summary=_("%(unit)s goes live in %(programme)s")
                % {"unit": unit.name, "programme": programme.name},
                url=url,
            )
        )
    if not events:  # a calendar needs at least one event (RFC 5545)
        raise Http404(_("%(unit)s is not scheduled yet.") % {"unit": unit.name})
    content = ical.calendar(
        name=_("%(unit)s: %(programme)s") % {"unit": unit.name, "programme": programme.name},
        events=events,
        stamp=timezone.now(),
        prodid=ical.PRODID,
    )
    return _ics_response(content, f"{programme.slug}-{unit.key}.ics")


# --- CSV and XLSX ------------------------------------------------------------------------

EXPORT_HEADER = [
    "key",
    "name",
    "members",
    "residents",
    "complete",
    "launch_cohort",
    "desired_month",
    "wave_date",
    "state",
    "go_live_on",
]


@login_required
def export(request, programme):
    programme = programme_of(request.user, programme)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    keys = selectors.unit_keys_for_user(request.user)
    table = [EXPORT_HEADER]
    for row in selectors.unit_rows(programme):
        if row.key not in keys:
            continue
        connection = row.connection
        table.append(
            [
                row.key,
                row.name,
                "; ".join(name for _code, name in row.members),
                row.residents,
                "yes" if row.complete else "no",
                "yes" if row.launch_cohort else "no",
                row.desired_month.strftime("%Y-%m") if row.desired_month else "",
                connection.wave.date.isoformat() if connection and connection.wave else "",
                connection.status if connection else "",
                connection.go_live_on.isoformat() if connection and connection.go_live_on else "",
            ]
        )
    name = f"connections-{programme.slug}-{registry.today().isoformat()}"
    return table_response(table, name, fmt, title="connections", freeze="A2")
