"""Confirming a schedule: complete units into waves, all or nothing, each unit's managers told
the date in their language."""

from django.db import transaction
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from onboarding import selectors as registry
from onboarding.errors import Conflict
from onboarding.models import Programme, User
from onboarding.permissions import require_coordinator
from onboarding.services.audit import log_transition
from scheduling import selectors
from scheduling.models import Connection, ConnectionStatus, Wave
from scheduling.services.common import (
    capacity_text,
    lock_members,
    notify_scheduled,
)

# --- confirming a schedule ---------------------------------------------------------------


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
        raise Conflict(_("Unknown connection units: %(keys)s.") % {"keys": ", ".join(unknown)})
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
        lock_members([c for key in assignments for c in units[key].member_codes])
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
            notify_scheduled(connection, units[key], wave, log)
            done.append(connection)
    return done
