"""Go-live dates of connection units (the scheduling issue adds waves and states)."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from onboarding.eligibility import eligibility_changed
from onboarding.models import Connection


def connection_set_go_live(
    *, programme, unit_key: str, day: datetime.date | None, by, reason: str = ""
) -> Connection:
    if not by.is_coordinator:
        raise PermissionDenied(_("Only coordinators can do this."))
    with transaction.atomic():
        connection, _created = Connection.objects.select_for_update().get_or_create(
            programme=programme, unit_key=unit_key
        )
        connection.go_live_on = day
        connection._change_reason = reason
        connection._history_user = by
        connection.save()
        eligibility_changed()
    return connection
