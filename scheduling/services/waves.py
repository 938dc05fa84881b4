"""Waves: a day (a business day ahead) and a capacity in units and/or residents. Created,
changed (a date moves only while its units are all still scheduled; they are told) and
deleted (only when empty) by coordinators."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from onboarding import selectors as registry
from onboarding.business_days import holiday_name
from onboarding.errors import Conflict
from onboarding.models import Programme, User
from onboarding.permissions import require_coordinator
from onboarding.services.audit import log_transition
from scheduling import selectors
from scheduling.models import Connection, ConnectionStatus, Wave
from scheduling.services.common import (
    MAX_CAPACITY,
    MAX_YEARS_AHEAD,
    latest_day,
    notify_scheduled,
)

# --- waves -------------------------------------------------------------------------------


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
    elif day > latest_day(today):
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
                    notify_scheduled(connection, units[connection.unit_key], wave, log)
    return wave


def wave_delete(*, wave: Wave, by: User) -> None:
    require_coordinator(by)
    with transaction.atomic():
        wave = Wave.objects.select_for_update(of=("self",)).get(pk=wave.pk)
        if wave.connections.exists():
            raise Conflict(_("The wave holds connection units; move them to another wave first."))
        wave.delete()
