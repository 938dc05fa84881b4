"""Connection scheduling pages: the calendar of waves, the timeline chart, a unit's page with
its checklist and states, iCalendar and CSV exports, and the coordinator's proposal to review
and confirm. Reads come from `scheduling.selectors` (scoped by user), changes from
`scheduling.services`; a view only turns their answers and errors into pages."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_POST

from onboarding import selectors as registry
from onboarding.exports import table_response
from onboarding.models import Municipality, Programme
from onboarding.permissions import is_coordinator, require_coordinator, sees_all
from onboarding.services.audit import transitions_of
from scheduling import charts, ical, selectors
from scheduling.forms import Choice, UnitActionForm, WaveForm, read_choices
from scheduling.models import ChecklistItem, ChecklistTick, Connection, Wave
from scheduling.services import connections, schedule, waves


def _programme(user, slug: str) -> Programme:
    return get_object_or_404(registry.programmes_for_user(user), slug=slug)


def _unit_names() -> dict[str, str]:
    """Today's units by key; a single-municipality unit merged away since (Pertunmaa) keeps
    its municipality's name."""
    names = {
        code: Municipality(name_fi=fi, name_sv=sv).name
        for code, fi, sv in Municipality.objects.values_list("code", "name_fi", "name_sv")
    }
    return names | {unit.key: unit.name for unit in registry.connection_units()}


def _month(day: datetime.date) -> str:
    return date_format(day, "F Y")


@login_required
def index(request):
    programmes = registry.programmes_for_user(request.user)
    wanted = request.GET.get("programme")
    programme = (programmes.filter(slug=wanted).first() if wanted else None) or programmes.first()
    if programme is None:
        raise Http404(_("No programmes yet."))
    return redirect("scheduling:calendar", programme=programme.slug)


# --- the calendar of waves ---------------------------------------------------------------


@dataclass(frozen=True)
class WaveUnit:
    key: str
    name: str
    connection: Connection
    current: bool  # a unit of today's division, with a page; not one merged away since


@dataclass
class WaveRow:
    wave: Wave
    units_held: int
    residents_held: int
    units: list[WaveUnit]  # the units the user may see
    editable: bool

    @property
    def others(self) -> int:
        """Units in the wave that the user may not see: counted, not named."""
        return max(self.units_held - len(self.units), 0)


def _wave_rows(user, programme) -> list[WaveRow]:
    waves = list(selectors.waves_for_user(user, programme))
    load = selectors.wave_load(programme)
    names = _unit_names()
    connections = list(
        selectors.connections_for_user(user).filter(programme=programme, wave__isnull=False)
    )
    former = dict(
        Municipality.objects.filter(
            code__in=[c.unit_key for c in connections if c.unit_key not in names]
        ).values_list("code", "name_fi")
    )
    visible = defaultdict(list)
    for connection in connections:
        key = connection.unit_key
        name = names.get(key) or former.get(key) or key
        visible[connection.wave_id].append(WaveUnit(key, name, connection, key in names))
    today = registry.today()
    return [
        WaveRow(
            wave,
            *load.get(wave.pk, (0, 0)),
            sorted(visible[wave.pk], key=lambda unit: unit.name),
            is_coordinator(user) and wave.date >= today,
        )
        for wave in waves
    ]


@login_required
def calendar_view(request, programme):
    programme = _programme(request.user, programme)
    rows = _wave_rows(request.user, programme)
    today = registry.today()
    names = _unit_names()
    own_units = []
    if not sees_all(request.user):
        own_units = sorted(
            (names[key], key) for key in selectors.unit_keys_for_user(request.user) if key in names
        )
    return render(
        request,
        "scheduling/calendar.html",
        {
            "programme": programme,
            "programmes": registry.programmes_for_user(request.user),
            "rows": rows,
            "months": charts.month_grids([r.wave for r in rows], today),
            "weekdays": [(WEEKDAYS_ABBR[i], WEEKDAYS[i]) for i in range(7)],
            "today": today,
            "own_units": own_units,
            "is_coordinator": is_coordinator(request.user),
        },
    )


def _form_errors(form, error: ValidationError) -> None:
    """A service's errors next to the form's fields (or above the form)."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@login_required
def wave_create(request, programme):
    programme = _programme(request.user, programme)
    require_coordinator(request.user)
    form = WaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wave = waves.wave_create(
                programme=programme, by=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("The wave of %(date)s was created.")
                % {"date": date_format(wave.date, "SHORT_DATE_FORMAT")},
            )
            return redirect(_wave_anchor(programme, wave))
    return render(
        request, "scheduling/wave_form.html", {"programme": programme, "form": form, "wave": None}
    )


def _wave_anchor(programme, wave) -> str:
    return reverse("scheduling:calendar", args=[programme.slug]) + f"#wave-{wave.pk}"


@login_required
def wave_edit(request, programme, pk):
    programme = _programme(request.user, programme)
    require_coordinator(request.user)
    wave = get_object_or_404(Wave, pk=pk, programme=programme)
    form = WaveForm(
        request.POST or None,
        initial={
            "date": wave.date,
            "capacity_units": wave.capacity_units,
            "capacity_residents": wave.capacity_residents,
            "notes": wave.notes,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            wave = waves.wave_update(wave=wave, by=request.user, **form.service_arguments())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The wave was saved."))
            return redirect(_wave_anchor(programme, wave))
    return render(
        request, "scheduling/wave_form.html", {"programme": programme, "form": form, "wave": wave}
    )


@login_required
@require_POST
def wave_delete(request, programme, pk):
    programme = _programme(request.user, programme)
    require_coordinator(request.user)
    wave = get_object_or_404(Wave, pk=pk, programme=programme)
    try:
        waves.wave_delete(wave=wave, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("scheduling:wave_edit", programme=programme.slug, pk=wave.pk)
    messages.success(
        request,
        _("The wave of %(date)s was deleted.")
        % {"date": date_format(wave.date, "SHORT_DATE_FORMAT")},
    )
    return redirect("scheduling:calendar", programme=programme.slug)


# --- the timeline ------------------------------------------------------------------------


@login_required
def timeline(request, programme):
    """The national plan with every wave's residents: for the nationwide roles only (a
    manager could tell from a wave's residents which municipality connects when)."""
    programme = _programme(request.user, programme)
    if not request.user.sees_all_municipalities:
        raise PermissionDenied(_("The timeline is for coordinators and finance."))
    data = charts.timeline_of(programme)
    chart = None
    if data.bars or data.points:
        chart = charts.timeline_chart(
            data,
            title=_("Connection timeline of %(programme)s") % {"programme": programme.name},
            description=_(
                "Bars: the residents of the units in each connection wave, with the number of "
                "units on the bar; hollow bars are waves ahead. Line: the cumulative share of "
                "Finland's residents whose unit is live or scheduled, dashed where it is still "
                "planned. The vertical line marks the launch on %(date)s. The same figures are "
                "in the tables below."
            )
            % {"date": date_format(programme.launch_date, "SHORT_DATE_FORMAT")},
        )
    return render(
        request,
        "scheduling/timeline.html",
        {
            "programme": programme,
            "timeline": data,
            "chart": chart,
            "points": [(p, charts.percent(p.share)) for p in data.points],
        },
    )


# --- a unit's page -----------------------------------------------------------------------

TRANSITION_NAMES = {
    "schedule": pgettext_lazy("connection log", "scheduled"),
    "reschedule": pgettext_lazy("connection log", "moved to another wave"),
    "start": pgettext_lazy("connection log", "started"),
    "connect": pgettext_lazy("connection log", "marked connected"),
    "go_live": pgettext_lazy("connection log", "marked live"),
    "tick": pgettext_lazy("connection log", "checklist item done"),
    "untick": pgettext_lazy("connection log", "checklist item undone"),
}


def _unit_row(programme, key: str) -> selectors.UnitRow:
    row = next((r for r in selectors.unit_rows(programme) if r.key == key), None)
    if row is None:
        raise Http404
    return row


@login_required
def unit_detail(request, programme, key):
    programme = _programme(request.user, programme)
    unit = selectors.unit_get(request.user, key)
    row = _unit_row(programme, unit.key)
    connection = row.connection
    user = request.user
    checklist, log = [], []
    if connection is not None:
        ticks = {
            tick.item_id: tick
            for tick in ChecklistTick.objects.filter(connection=connection).select_related(
                "done_by"
            )
        }
        items = list(ChecklistItem.objects.filter(programme=programme))
        checklist = [(item, ticks.get(item.pk)) for item in items]
        labels = {item.label_en: item.label for item in items}
        log = [
            {
                "at": entry.at,
                "by": entry.by,
                "what": TRANSITION_NAMES.get(entry.transition, entry.transition),
                "from": entry.from_label,
                "to": entry.to_label,
                "reason": labels.get(entry.reason, entry.reason) if entry.reason != "demo" else "",
            }
            for entry in transitions_of(connection)
        ]
    visible_codes = set(
        registry.municipalities_for_user(user)
        .filter(code__in=row.member_codes)
        .values_list("code", flat=True)
    )
    blocking = set(row.blocking_names)
    actions = selectors.connection_actions(user, connection)
    return render(
        request,
        "scheduling/unit_detail.html",
        {
            "programme": programme,
            "row": row,
            "connection": connection,
            "members": [
                (code, name, name not in blocking, code in visible_codes)
                for code, name in row.members
            ],
            "signed_count": len(row.members) - len(row.blocking_names),
            "checklist": checklist,
            "done_count": sum(1 for _item, tick in checklist if tick),
            "log": log,
            "actions": actions,
            "today": registry.today(),
        },
    )


ACTION_DONE = {
    "start": pgettext_lazy("connection message", "The connection was started."),
    "connect": pgettext_lazy("connection message", "The unit was marked connected."),
    "go_live": pgettext_lazy("connection message", "The unit was marked live."),
    "tick": pgettext_lazy("connection message", "The checklist item was marked done."),
    "untick": pgettext_lazy("connection message", "The checklist item was marked not done."),
}


@login_required
@require_POST
def unit_action(request, programme, key, action):
    programme = _programme(request.user, programme)
    unit = selectors.unit_get(request.user, key)
    if action not in ACTION_DONE:
        raise Http404
    back = redirect("scheduling:unit_detail", programme=programme.slug, key=unit.key)
    connection = Connection.objects.filter(programme=programme, unit_key=unit.key).first()
    if connection is None:
        messages.error(request, _("%(unit)s is not scheduled yet.") % {"unit": unit.name})
        return back
    form = UnitActionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_data())
        if action in ("tick", "untick"):
            connections.connection_tick(
                connection=connection,
                item_key=form.cleaned_data["item"],
                done=action == "tick",
                by=request.user,
            )
        else:
            connections.connection_transition(
                connection=connection,
                transition=action,
                by=request.user,
                on=form.cleaned_data["on"] if action == "go_live" else None,
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return back
    messages.success(request, ACTION_DONE[action])
    return back


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
    programme = _programme(request.user, programme)
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
        for row in _wave_rows(request.user, programme)
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
    programme = _programme(request.user, programme)
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
    programme = _programme(request.user, programme)
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


# --- the coordinator's proposal ----------------------------------------------------------


_FAR = datetime.date.max


@login_required
def proposal(request, programme):
    programme = _programme(request.user, programme)
    require_coordinator(request.user)
    view = selectors.schedule_proposal(programme)
    placed = [Choice(row, str(row.proposed_wave.pk), False) for row in view.placed]
    errors = []
    if request.method == "POST":
        choices, errors = read_choices(request.POST, view)
        if not errors:
            assignments = {
                key: int(choice.wave_id) for key, choice in choices.items() if not choice.skip
            }
            try:
                done = schedule.schedule_confirm(
                    programme=programme, assignments=assignments, by=request.user
                )
            except ValidationError as error:
                errors = error.messages
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(count)d unit was scheduled; its managers were notified by e-mail.",
                        "%(count)d units were scheduled; their managers were notified by e-mail.",
                        len(done),
                    )
                    % {"count": len(done)},
                )
                return redirect("scheduling:calendar", programme=programme.slug)
        # Keep what the coordinator chose; the units they chose that are no longer
        # proposed stay on the form too.
        shown = {choice.row.key for choice in placed}
        placed = [choices.get(c.row.key, c) for c in placed] + [
            c for key, c in choices.items() if key not in shown
        ]
    held = defaultdict(lambda: [0, 0])
    for row in view.rows:
        if row.connection and row.connection.wave_id:
            held[row.connection.wave_id][0] += 1
            held[row.connection.wave_id][1] += row.residents
    proposed = defaultdict(lambda: [0, 0])
    for row in view.placed:
        proposed[row.proposed_wave.pk][0] += 1
        proposed[row.proposed_wave.pk][1] += row.residents
    return render(
        request,
        "scheduling/proposal.html",
        {
            "programme": programme,
            "view": view,
            "placed": placed,
            "unplaced": [(row, selectors.reason_text(row, programme)) for row in view.unplaced],
            "kept": sorted(
                view.kept,
                key=lambda r: (r.connection.wave.date if r.connection.wave else _FAR, r.name),
            ),
            "waves": [(wave, held[wave.pk], proposed[wave.pk]) for wave in view.waves],
            "errors": errors,
        },
    )
