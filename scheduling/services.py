"""Connection scheduling use cases: waves, confirming a schedule, a connection's states and
checklist. Each checks permission and input, changes everything or nothing in one
transaction, logs the transition and sends its e-mails after the commit."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django_fsm import can_proceed

from contracts.models import Agreement, AgreementStatus
from onboarding import selectors as registry
from onboarding.business_days import holiday_name
from onboarding.errors import Conflict
from onboarding.models import Municipality, Programme, User
from onboarding.permissions import require_coordinator
from onboarding.services.audit import log_transition
from onboarding.services.notifications import notify, recipients_for_municipalities
from onboarding.signals import joining_changed
from scheduling import selectors
from scheduling.models import ChecklistItem, ChecklistTick, Connection, ConnectionStatus, Wave

MAX_CAPACITY = 10_000_000  # more residents than Finland has: a typo, not a plan
MAX_YEARS_AHEAD = 5  # a wave or a go-live further ahead is a typo, not a plan


# --- waves -------------------------------------------------------------------------------


def _latest(today: datetime.date) -> datetime.date:
    return today.replace(year=today.year + MAX_YEARS_AHEAD, day=min(today.day, 28))


def capacity_text(wave: Wave) -> str:
    """A wave's capacity in words: "3 units and 100 000 residents"."""
    parts = []
    if wave.capacity_units is not None:
        parts.append(
            ngettext("%(count)s unit", "%(count)s units", wave.capacity_units)
            % {"count": wave.capacity_units}
        )
    if wave.capacity_residents is not None:
        parts.append(
            ngettext("%(count)s resident", "%(count)s residents", wave.capacity_residents)
            % {"count": number_format(wave.capacity_residents, force_grouping=True)}
        )
    return _(" and ").join(parts)


def _check_wave(
    *,
    day: datetime.date,
    capacity_units: int | None,
    capacity_residents: int | None,
    today: datetime.date,
) -> None:
    errors = {}
    if day < today:
        errors["date"] = _("%(date)s is in the past: a wave can only be planned ahead.") % {
            "date": date_format(day, "SHORT_DATE_FORMAT")
        }
    elif day > _latest(today):
        errors["date"] = _(
            "%(date)s is too far ahead: plan waves at most %(years)s years ahead."
        ) % {
            "date": date_format(day, "SHORT_DATE_FORMAT"),
            "years": MAX_YEARS_AHEAD,
        }
    elif day.weekday() >= 5:
        errors["date"] = _("%(date)s is a %(weekday)s: a wave must be on a business day.") % {
            "date": date_format(day, "SHORT_DATE_FORMAT"),
            "weekday": date_format(day, "l"),
        }
    elif holiday := holiday_name(day):
        errors["date"] = _(
            "%(date)s is a Finnish public holiday (%(holiday)s): a wave must be on a business day."
        ) % {"date": date_format(day, "SHORT_DATE_FORMAT"), "holiday": holiday}
    for name, value in (
        ("capacity_units", capacity_units),
        ("capacity_residents", capacity_residents),
    ):
        if value is not None and not (1 <= value <= MAX_CAPACITY):
            errors[name] = _("Give a whole number from 1 to %(max)s.") % {"max": MAX_CAPACITY}
    if capacity_units is None and capacity_residents is None:
        errors["capacity_units"] = _(
            "Give a capacity in units, in residents or both: a wave without a limit is not a plan."
        )
    if errors:
        raise ValidationError(errors)


def _check_day_free(programme: Programme, day: datetime.date, other_than: Wave | None = None):
    """One wave per programme and day (a database constraint too, for races)."""
    taken = Wave.objects.filter(programme=programme, date=day)
    if other_than is not None:
        taken = taken.exclude(pk=other_than.pk)
    if taken.exists():
        raise ValidationError(
            {"date": _("%(programme)s already has a wave on this day.") % {"programme": programme}}
        )


def wave_create(
    *,
    programme: Programme,
    day: datetime.date,
    capacity_units: int | None,
    capacity_residents: int | None,
    notes: str = "",
    by: User,
) -> Wave:
    require_coordinator(by)
    _check_wave(
        day=day,
        capacity_units=capacity_units,
        capacity_residents=capacity_residents,
        today=registry.today(),
    )
    with transaction.atomic():
        _check_day_free(programme, day)
        wave = Wave(
            programme=programme,
            date=day,
            capacity_units=capacity_units,
            capacity_residents=capacity_residents,
            notes=notes,
            created_by=by,
        )
        wave._history_user = by
        try:
            with transaction.atomic():
                wave.save()
        except IntegrityError:  # the same day taken meanwhile by another coordinator
            _check_day_free(programme, day)
            raise
    return wave


def wave_update(
    *,
    wave: Wave,
    day: datetime.date,
    capacity_units: int | None,
    capacity_residents: int | None,
    notes: str = "",
    by: User,
) -> Wave:
    """Change a wave that is still ahead. Its capacity may not fall below what it holds."""
    require_coordinator(by)
    with transaction.atomic():
        wave = Wave.objects.select_for_update(of=("self",)).get(pk=wave.pk)
        today = registry.today()
        if wave.date < today:
            raise Conflict(_("This wave is over; it can no longer be changed."))
        _check_wave(
            day=day,
            capacity_units=capacity_units,
            capacity_residents=capacity_residents,
            today=today,
        )
        _check_day_free(wave.programme, day, other_than=wave)
        units, residents = selectors.wave_load(wave.programme).get(wave.pk, (0, 0))
        errors = {}
        if capacity_units is not None and capacity_units < units:
            errors["capacity_units"] = _(
                "The wave already holds %(count)s units; its capacity cannot be less. Move "
                "units to another wave first."
            ) % {"count": units}
        if capacity_residents is not None and capacity_residents < residents:
            errors["capacity_residents"] = _(
                "The wave's units already have %(count)s residents; its capacity cannot be "
                "less. Move units to another wave first."
            ) % {"count": residents}
        if errors:
            raise ValidationError(errors)
        moved = day != wave.date
        held = list(Connection.objects.select_for_update(of=("self",)).filter(wave=wave))
        if moved and any(c.status != ConnectionStatus.SCHEDULED for c in held):
            raise Conflict(
                _(
                    "Units of this wave are already being connected or live: its date can no "
                    "longer be moved."
                )
            )
        wave.date = day
        wave.capacity_units = capacity_units
        wave.capacity_residents = capacity_residents
        wave.notes = notes
        wave._history_user = by
        wave.save()
        if moved:
            units = {u.key: u for u in registry.connection_units(on=today)}
            for connection in held:
                log = log_transition(
                    record=connection,
                    transition="reschedule",
                    from_state=connection.status,
                    by=by,
                    reason=day.isoformat(),
                )
                if connection.unit_key in units:
                    _notify_scheduled(connection, units[connection.unit_key], wave, log)
    return wave


def wave_delete(*, wave: Wave, by: User) -> None:
    require_coordinator(by)
    with transaction.atomic():
        wave = Wave.objects.select_for_update(of=("self",)).get(pk=wave.pk)
        if wave.connections.exists():
            raise Conflict(
                _("The wave holds connection units; move them to another wave first.")
            )
        wave.delete()


# --- confirming a schedule ---------------------------------------------------------------


def _lock_members(codes) -> None:
    """Lock the unit's agreements, as signing does: completeness cannot change meanwhile."""
    list(
        Agreement.objects.select_for_update(of=("self",))
        .filter(municipality__code__in=codes)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _notify_scheduled(connection: Connection, unit, wave: Wave, log) -> None:
    """Tell the unit's managers its date: once per scheduling event (the log row), so that a
    unit moved away and back is told both times."""
    members = Municipality.objects.filter(code__in=unit.member_codes)
    notify(
        kind="connection_scheduled",
        event=f"connection-scheduled:{connection.pk}:{log.pk}",
        recipients=recipients_for_municipalities(members),
        template="emails/connection_scheduled",
        context={
            "unit": unit.name,
            "programme": connection.programme,
            "date": wave.date,
            "notes": wave.notes,
            "link": settings.SITE_URL.rstrip("/")
            + reverse("scheduling:unit_detail", args=[connection.programme.slug, unit.key]),
        },
        concerning=connection,
    )


def schedule_confirm(
    *, programme: Programme, assignments: dict[str, int], by: User
) -> list[Connection]:
    """Put each unit (key) into a wave (id): new connections are scheduled, scheduled ones
    move. All or nothing: any incomplete unit, unknown or past wave, unit already under way
    or exceeded capacity refuses the whole confirmation. Each unit's managers are told the
    date in their language."""
    require_coordinator(by)
    if not assignments:
        raise Conflict(_("Nothing to confirm: no unit is assigned to a wave."))
    today = registry.today()
    units = {u.key: u for u in registry.connection_units(on=today)}
    unknown = sorted(k for k in assignments if k not in units)
    if unknown:
        raise Conflict(
            _("Unknown connection units: %(keys)s.") % {"keys": ", ".join(unknown)}
        )
    with transaction.atomic():
        # One confirmation of a programme at a time: two coordinators placing the same unit
        # at once would otherwise both insert its connection.
        Programme.objects.select_for_update(of=("self",)).filter(pk=programme.pk).first()
        waves = {
            w.pk: w
            for w in Wave.objects.select_for_update(of=("self",)).filter(
                programme=programme, pk__in=set(assignments.values())
            )
        }
        for wave_id in assignments.values():
            if wave_id not in waves:
                raise Conflict(
                    _("Wave %(id)s is not a wave of %(programme)s.")
                    % {"id": wave_id, "programme": programme}
                )
            if waves[wave_id].date < today:
                raise Conflict(
                    _("The wave of %(date)s is over; choose a wave ahead.")
                    % {"date": date_format(waves[wave_id].date, "SHORT_DATE_FORMAT")}
                )
        _lock_members([c for key in assignments for c in units[key].member_codes])
        # Read under the locks: signing state, residents and connections of every unit.
        unit_list = selectors.unit_rows(programme, on=today)
        rows = {r.key: r for r in unit_list}
        incomplete = [k for k in sorted(assignments) if not rows[k].complete]
        if incomplete:
            raise Conflict(
                _(
                    "Only complete units can be scheduled. Not complete: %(units)s. "
                    "Waiting for: %(blocking)s."
                )
                % {
                    "units": ", ".join(units[k].name for k in incomplete),
                    "blocking": ", ".join(
                        name for k in incomplete for name in rows[k].blocking_names
                    ),
                }
            )
        existing = {
            c.unit_key: c
            for c in Connection.objects.select_for_update(of=("self",)).filter(
                programme=programme, unit_key__in=list(assignments)
            )
        }
        busy = [
            units[k].name for k, c in existing.items() if c.status != ConnectionStatus.SCHEDULED
        ]
        if busy:
            raise Conflict(
                _("These units are already being connected or live and cannot be moved: %(units)s.")
                % {"units": ", ".join(sorted(busy))}
            )
        load = selectors.wave_load(programme, unit_list)
        for key in assignments:
            old = existing.get(key)
            if old and old.wave_id:
                units_held, residents_held = load.get(old.wave_id, (0, 0))
                load[old.wave_id] = (units_held - 1, residents_held - rows[key].residents)
        for key, wave_id in assignments.items():
            units_held, residents_held = load.get(wave_id, (0, 0))
            load[wave_id] = (units_held + 1, residents_held + rows[key].residents)
        for wave_id, wave in waves.items():
            units_held, residents_held = load[wave_id]
            if (wave.capacity_units is not None and units_held > wave.capacity_units) or (
                wave.capacity_residents is not None and residents_held > wave.capacity_residents
            ):
                raise Conflict(
                    _(
                        "The wave of %(date)s would hold %(units)s units with %(residents)s "
                        "residents, more than its capacity of %(capacity)s."
                    )
                    % {
                        "date": date_format(wave.date, "SHORT_DATE_FORMAT"),
                        "units": units_held,
                        "residents": number_format(residents_held, force_grouping=True),
                        "capacity": capacity_text(wave),
                    }
                )
        done = []
        for key, wave_id in sorted(assignments.items()):
            wave = waves[wave_id]
            connection = existing.get(key)
            if connection is None:
                connection = Connection(programme=programme, unit_key=key, wave=wave)
                connection._history_user = by
                connection.save()
                log = log_transition(record=connection, transition="schedule", from_state="", by=by)
            elif connection.wave_id != wave_id:
                before = connection.status
                connection.reschedule(wave)
                connection._history_user = by
                connection.save()
                log = log_transition(
                    record=connection,
                    transition="reschedule",
                    from_state=before,
                    by=by,
                    reason=wave.date.isoformat(),
                )
            else:
                done.append(connection)
                continue
            _notify_scheduled(connection, units[key], wave, log)
            done.append(connection)
    return done


# --- a connection's states and checklist -------------------------------------------------

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
        (u for u in registry.connection_units(on=day) if u.key == connection.unit_key), None
    )
    codes = list(unit.member_codes) if unit else [connection.unit_key]
    in_force = set(
        Agreement.objects.filter(
            programme=connection.programme_id,
            municipality__code__in=codes,
            status__in=(AgreementStatus.IN_FORCE, AgreementStatus.TERMINATED),
            in_force_on__lte=day,
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
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
    require_coordinator(by)
    if transition not in TRANSITIONS:
        raise Conflict(
            _("Unknown transition %(name)s: use one of %(names)s.")
            % {"name": transition, "names": ", ".join(TRANSITIONS)}
        )
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
            if day > _latest(registry.today()):
                raise Conflict(
                    _("%(date)s is too far ahead for a go-live date.")
                    % {"date": date_format(day, "SHORT_DATE_FORMAT")}
                )
            if connection.wave and day < connection.wave.date:
                raise Conflict(
                    _("A unit cannot go live before its wave (%(date)s).")
                    % {"date": date_format(connection.wave.date, "SHORT_DATE_FORMAT")}
                )
            _lock_members(
                [
                    c
                    for u in registry.connection_units(on=day)
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
    if not by.is_coordinator and connection.unit_key not in selectors.unit_keys_for_user(by):
        raise PermissionDenied(_("Only coordinators and the unit's managers can do this."))
    if by.is_finance:
        raise PermissionDenied(_("Only coordinators and the unit's managers can do this."))
    with transaction.atomic():
        connection = Connection.objects.select_for_update(of=("self",)).get(pk=connection.pk)
        if connection.status not in (ConnectionStatus.SCHEDULED, ConnectionStatus.IN_PROGRESS):
            raise Conflict(
                _("The checklist can be changed only before the unit is connected.")
            )
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
