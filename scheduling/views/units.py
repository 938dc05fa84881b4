"""A unit's page: its members, wave, state, checklist and history, and its next step."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from onboarding import selectors as registry
from onboarding.services.audit import transitions_of
from scheduling import selectors
from scheduling.forms import UnitActionForm
from scheduling.models import ChecklistItem, ChecklistTick, Connection
from scheduling.services import connections
from scheduling.views.common import programme_of

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
    programme = programme_of(request.user, programme)
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
    programme = programme_of(request.user, programme)
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
