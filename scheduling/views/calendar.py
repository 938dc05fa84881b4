"""The calendar of waves, and creating, changing and deleting a wave."""

from collections import defaultdict
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onboarding import selectors as registry
from onboarding.models import Municipality
from onboarding.permissions import is_coordinator, require_coordinator, sees_all
from scheduling import charts, selectors
from scheduling.forms import WaveForm
from scheduling.models import Connection, Wave
from scheduling.services import waves
from scheduling.views.common import connecting_programmes, programme_of, unit_names


@login_required
def index(request):
    programmes = connecting_programmes(request.user)
    wanted = request.GET.get("programme")
    programme = next((p for p in programmes if p.slug == wanted), None) or next(
        iter(programmes), None
    )
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


def wave_rows(user, programme) -> list[WaveRow]:
    waves = list(selectors.waves_for_user(user, programme))
    load = selectors.wave_load(programme)
    names = unit_names()
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
    programme = programme_of(request.user, programme)
    rows = wave_rows(request.user, programme)
    today = registry.today()
    names = unit_names()
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
            "programmes": connecting_programmes(request.user),
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
    programme = programme_of(request.user, programme)
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
    programme = programme_of(request.user, programme)
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
    programme = programme_of(request.user, programme)
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
