"""Signing reminders: 14, 7 and 1 days before the signing deadline to municipalities whose
sent agreement is unsigned, and by a coordinator for a selection; each once, capped."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from contracts.models import Agreement, AgreementStatus
from contracts.selectors import agreement_url
from onboarding.models import Notification
from onboarding.permissions import require_coordinator
from onboarding.services.notifications import notify, recipients_for_municipalities

CADENCE_DAYS = (14, 7, 1)


def reminder_cap() -> int:
    return settings.AGREEMENT_REMINDER_CAP


def _remind(agreement: Agreement, occasion: str, sent: dict) -> int:
    recipients = [
        r
        for r in recipients_for_municipalities([agreement.municipality])
        if sent.get((agreement.pk, r.email), 0) < reminder_cap()
    ]
    return len(
        notify(
            kind="agreement_reminder",
            event=f"agreement_reminder:{agreement.pk}:{occasion}",
            recipients=recipients,
            template="emails/agreement_reminder",
            context={
                "agreement": agreement,
                "municipality": agreement.municipality,
                "programme": agreement.programme,
                "link": agreement_url(agreement),
            },
            concerning=agreement,
        )
    )


def _sent_counts(agreements) -> dict:
    counts = {}
    for event, recipient in Notification.objects.filter(
        kind="agreement_reminder", object_id__in=[a.pk for a in agreements]
    ).values_list("event", "recipient"):
        key = (int(event.split(":")[1]), recipient)
        counts[key] = counts.get(key, 0) + 1
    return counts


def remindable(agreements) -> list[Agreement]:
    return [a for a in agreements if a.status == AgreementStatus.SENT]


@transaction.atomic
def agreement_remind(*, agreements, by) -> int:
    """A coordinator's reminder: at most one a day per agreement."""
    require_coordinator(by)
    targets = remindable(agreements)
    sent = _sent_counts(targets)
    occasion = "manual-" + timezone.localdate().isoformat()
    return sum(_remind(a, occasion, sent) for a in targets)


def agreement_reminders_due(*, now: datetime.datetime | None = None) -> int:
    today = timezone.localdate(now or timezone.now())
    queued = 0
    for days in CADENCE_DAYS:
        deadline = today + datetime.timedelta(days=days)
        targets = list(
            Agreement.objects.filter(
                status=AgreementStatus.SENT, programme__signing_deadline=deadline
            ).select_related("municipality", "programme")
        )
        sent = _sent_counts(targets)
        with transaction.atomic():
            queued += sum(_remind(a, f"{days}d", sent) for a in targets)
    return queued
