"""A connection's states (start, connect when the checklist is done, go live when every
member's agreement is in force) and its checklist."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django_fsm import can_proceed

from contracts.models import Agreement
from onboarding import selectors as registry
from onboarding.errors import Conflict
from onboarding.models import Municipality, User
from onboarding.permissions import require_permitted
from onboarding.services.audit import log_transition
from onboarding.signals import joining_changed
from scheduling import selectors
from scheduling.models import TICKABLE, ChecklistItem, ChecklistTick, Connection
from scheduling.services.common import latest_day, lock_members

TRANSITIONS = ("start", "connect", "go_live")
ACTION_NAMES = {
    "start": pgettext_lazy("connection action", "started"),
    "connect": pgettext_lazy("connection action", "marked connected"),
    "go_live": pgettext_lazy("connection action", "marked live"),
}
ALLOWED_FROM = {
    "start": pgettext_lazy("connection state", "scheduled"),
    "connect": pgettext_lazy("connection state", "in progress"),
    "go_live": pgettext_lazy("connection state", "connected"),
}


def _unit_name(connection: Connection) -> str:
    for unit in registry.connection_units():
        if unit.key == connection.unit_key:
            return unit.name
    return connection.unit_key


def agreements_not_in_force(connection: Connection, day: datetime.date) -> list[str]:
    """Names of the unit's members (on `day`) whose agreement is not in force on `day`."""
    unit = next(
        (
            u
            for u in registry.connection_units(on=day, programme=connection.programme)
            if u.key == connection.unit_key
        ),
        None,
    )
    codes = list(unit.member_codes) if unit else [connection.unit_key]
    in_force = set(
        Agreement.objects.filter(programme=connection.programme_id, municipality__code__in=codes)
        .in_force_on(day)
        .values_list("municipality__code", flat=True)
    )
    names = {m.code: m.name for m in Municipality.objects.filter(code__in=codes)}
    return [names.get(code, code) for code in codes if code not in in_force]


def missing_checklist(connection: Connection) -> list[ChecklistItem]:
    done = set(connection.ticks.values_list("item_id", flat=True))
    return [
        item
        for item in ChecklistItem.objects.filter(programme=connection.programme_id)
        if item.pk not in done
    ]


def connection_transition(
    *, connection: Connection, transition: str, by: User, on: datetime.date | None = None
) -> Connection:
    """start, connect (every checklist item done) or go_live (on a date, default today; every
    member's agreement in force on that date)."""
    if transition not in TRANSITIONS:
        raise Conflict(
            _("Unknown transition %(name)s: use one of %(names)s.")
            % {"name": transition, "names": ", ".join(TRANSITIONS)}
        )
    require_permitted(getattr(connection, transition), by)
    with transaction.atomic():
        connection = (
            Connection.objects.select_for_update(of=("self",))
            .select_related("programme", "wave")
            .get(pk=connection.pk)
        )
        if not can_proceed(getattr(connection, transition)):
            raise Conflict(
                _(
                    "The connection of %(unit)s is %(state)s, so it cannot be %(action)s: that "
                    "is possible only when it is %(allowed)s."
                )
                % {
                    "unit": _unit_name(connection),
                    "state": connection.get_status_display().lower(),
                    "action": ACTION_NAMES[transition],
                    "allowed": ALLOWED_FROM[transition],
                }
            )
        before = connection.status
        reason = ""
        if transition == "connect":
            missing = missing_checklist(connection)
            if missing:
                raise Conflict(
                    _("The checklist is not done: %(items)s.")
                    % {"items": ", ".join(item.label for item in missing)}
                )
            connection.connect()
        elif transition == "go_live":
            day = on or registry.today()
            if day > latest_day(registry.today()):
                raise Conflict(
                    _("%(date)s is too far ahead for a go-live date.")
                    % {"date": date_format(day, "SHORT_DATE_FORMAT")}
                )
            if connection.wave and day < connection.wave.date:
                raise Conflict(
                    _("A unit cannot go live before its wave (%(date)s).")
                    % {"date": date_format(connection.wave.date, "SHORT_DATE_FORMAT")}
                )
            lock_members(
                [
                    c
                    for u in registry.connection_units(on=day, programme=connection.programme)
                    if u.key == connection.unit_key
                    for c in u.member_codes
                ]
            )
            blocking = agreements_not_in_force(connection, day)
            if blocking:
                raise Conflict(
                    _(
                        "%(unit)s cannot go live on %(date)s: the agreements of %(names)s are "
                        "not in force on that day."
                    )
                    % {
                        "unit": _unit_name(connection),
                        "date": date_format(day, "SHORT_DATE_FORMAT"),
                        "names": ", ".join(blocking),
                    }
                )
            connection.go_live(day)
            reason = day.isoformat()
            joining_changed.send(sender=__name__)
        else:
            connection.start()
        connection._history_user = by
        connection.save()
        log_transition(
            record=connection, transition=transition, from_state=before, by=by, reason=reason
        )
    return connection


def connection_tick(*, connection: Connection, item_key: str, done: bool, by: User) -> Connection:
    """Mark a checklist item done (or not) while the unit is being connected. Coordinators,
    and the managers of the unit's municipalities."""
    if not selectors.may_tick(by, connection):
        raise PermissionDenied(_("Only coordinators and the unit's managers can do this."))
    with transaction.atomic():
        connection = Connection.objects.select_for_update(of=("self",)).get(pk=connection.pk)
        if connection.status not in TICKABLE:
            raise Conflict(_("The checklist can be changed only before the unit is connected."))
        item = ChecklistItem.objects.filter(programme=connection.programme_id, key=item_key).first()
        if item is None:
            raise ValidationError({"item": _("No checklist item %(key)s.") % {"key": item_key}})
        if done:
            ChecklistTick.objects.get_or_create(
                connection=connection, item=item, defaults={"done_by": by}
            )
        else:
            ChecklistTick.objects.filter(connection=connection, item=item).delete()
        log_transition(
            record=connection,
            transition="tick" if done else "untick",
            from_state=connection.status,
            by=by,
            reason=item.label_en,
        )
    return connection
