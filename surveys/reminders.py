"""Survey reminders: by a coordinator for a selection, and on a cadence before closing.

Each reminder is a notification whose event names the respondent and the occasion, so a
re-run sends nothing twice; a cap per recipient and questionnaire keeps it polite."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from onboarding.models import Municipality, Notification, Role, User
from onboarding.permissions import require_coordinator
from onboarding.selectors import valid_on_q
from onboarding.services.notifications import Recipient, municipality_language, notify
from surveys.models import EDITABLE, Questionnaire, QuestionnaireStatus, Response
from surveys.selectors import OverviewRow

CADENCE_DAYS = (7, 1)


def reminder_cap() -> int:
    return settings.SURVEY_REMINDER_CAP


@dataclass
class Planned:
    respondent_key: str
    name: str
    municipalities: list
    recipients: list[Recipient]
    capped: list[str]


def _sent_count(questionnaire: Questionnaire) -> dict[str, int]:
    counts: dict[str, int] = {}
    for recipient in Notification.objects.filter(
        kind="survey_reminder", event__startswith=f"survey_reminder:{questionnaire.series}:"
    ).values_list("recipient", flat=True):
        counts[recipient] = counts.get(recipient, 0) + 1
    return counts


def _recipients_of_each(groups: dict[str, list]) -> dict[str, list[Recipient]]:
    """recipients_for_municipalities() for each group of municipalities, with one query for
    all groups, so a preview of 300 respondents costs what a preview of three does."""
    codes = {m.code for municipalities in groups.values() for m in municipalities}
    managers = list(
        User.objects.filter(role=Role.MANAGER, is_active=True, municipalities__code__in=codes)
        .exclude(email="")
        .prefetch_related("municipalities")
        .distinct()
        .order_by("email")
    )
    result = {}
    for key, municipalities in groups.items():
        by_code = {m.code: m for m in municipalities}
        found: dict[str, Recipient] = {}
        for user in managers:
            mine = sorted(m.code for m in user.municipalities.all() if m.code in by_code)
            if mine and user.email.lower() not in found:
                language = municipality_language(by_code[mine[0]])
                found[user.email.lower()] = Recipient(user.email.lower(), language)
        result[key] = list(found.values())
    return result


def plan_reminders(questionnaire: Questionnaire, rows: list[OverviewRow]) -> list[Planned]:
    """Who would be reminded: respondents that have not submitted, with their managers,
    less those who have had the capped number of reminders already."""
    sent = _sent_count(questionnaire)
    by_key: dict[str, Planned] = {}
    for row in rows:
        if row.status not in EDITABLE:
            continue
        planned = by_key.setdefault(
            row.respondent_key,
            Planned(row.respondent_key, row.unit_name or row.municipality.name, [], [], []),
        )
        planned.municipalities.append(row.municipality)
    cap = reminder_cap()
    recipients = _recipients_of_each({k: p.municipalities for k, p in by_key.items()})
    for key, planned in by_key.items():
        for recipient in recipients[key]:
            if sent.get(recipient.email, 0) >= cap:
                planned.capped.append(recipient.email)
            else:
                planned.recipients.append(recipient)
    return list(by_key.values())


def _remind(questionnaire: Questionnaire, planned: Planned, occasion: str) -> int:
    response = Response.objects.filter(
        series=questionnaire.series, respondent_key=planned.respondent_key
    ).first()
    code = planned.municipalities[0].code
    link = settings.SITE_URL.rstrip("/") + reverse("survey_respond", args=[questionnaire.pk, code])
    created = notify(
        kind="survey_reminder",
        event=f"survey_reminder:{questionnaire.series}:{planned.respondent_key}:{occasion}",
        recipients=planned.recipients,
        template="emails/survey_reminder",
        # A municipality renders its own name in each recipient's language.
        context={
            "questionnaire": questionnaire,
            "link": link,
            "name": planned.municipalities[0] if planned.respondent_key == code else planned.name,
            "closes": timezone.localtime(questionnaire.closes_at),
        },
        concerning=response or questionnaire,
    )
    return len(created)


@transaction.atomic
def survey_remind(*, questionnaire: Questionnaire, rows: list[OverviewRow], by) -> int:
    """A coordinator's reminder to the non-responders among `rows`: at most one a day per
    respondent. Returns the number of e-mails queued."""
    require_coordinator(by)
    occasion = "manual-" + timezone.localdate().isoformat()
    return sum(
        _remind(questionnaire, p, occasion)
        for p in plan_reminders(questionnaire, rows)
        if p.recipients
    )


def survey_reminders_due(*, now: datetime.datetime | None = None) -> int:
    """The periodic task's work: 7 and 1 days before closing, remind non-responders."""
    from surveys.selectors import survey_overview

    now = now or timezone.now()
    queued = 0
    for questionnaire in Questionnaire.objects.filter(
        status=QuestionnaireStatus.PUBLISHED, opens_at__lte=now, closes_at__gt=now
    ):
        left = questionnaire.closes_at - now
        due = [d for d in CADENCE_DAYS if left <= datetime.timedelta(days=d)]
        if not due:
            continue
        occasion = f"{min(due)}d"
        rows = survey_overview(
            Municipality.objects.filter(valid_on_q(timezone.localdate(now))),
            questionnaire,
            on=timezone.localdate(now),
        )
        with transaction.atomic():
            for planned in plan_reminders(questionnaire, rows):
                if planned.recipients:
                    queued += _remind(questionnaire, planned, occasion)
    return queued
