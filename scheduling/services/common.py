"""What the scheduling services share: limits, locks and the "your date" e-mail."""

import datetime

from django.conf import settings
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contracts.models import Agreement
from onboarding.models import Municipality
from onboarding.services.notifications import notify, recipients_for_municipalities
from scheduling.models import Connection, Wave

MAX_CAPACITY = 10_000_000  # more residents than Finland has: a typo, not a plan
MAX_YEARS_AHEAD = 5  # a wave or a go-live further ahead is a typo, not a plan


def latest_day(today: datetime.date) -> datetime.date:
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


def lock_members(codes) -> None:
    """Lock the unit's agreements, as signing does: completeness cannot change meanwhile."""
    list(
        Agreement.objects.select_for_update(of=("self",))
        .filter(municipality__code__in=codes)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def notify_scheduled(connection: Connection, unit, wave: Wave, log) -> None:
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
