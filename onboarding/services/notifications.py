"""E-mails: rendered in the recipient's language, logged on the record they concern, sent by
a Celery task after the commit, and never twice for the same event."""

import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from onboarding.models import Municipality, Notification, Role, User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str  # fi, sv or en


def municipality_language(municipality: Municipality) -> str:
    """Swedish for Swedish-speaking and Swedish-majority municipalities, else Finnish."""
    return "sv" if municipality.language_status in ("sv", "sv/fi") else "fi"


def recipients_by_municipality(municipalities) -> dict[str, list[Recipient]]:
    """Each municipality's active managers, by code, in that municipality's language, each
    address once a municipality, by address: for many municipalities in one query (a
    notice to each of them, one by one)."""
    by_code = {m.code: m for m in municipalities}
    found: dict[str, dict[str, Recipient]] = {code: {} for code in by_code}
    managers = (
        User.objects.filter(role=Role.MANAGER, is_active=True, municipalities__in=by_code.values())
        .exclude(email="")
        .prefetch_related("municipalities")
        .distinct()
        .order_by("email")
    )
    for user in managers:
        email = user.email.lower()
        for municipality in user.municipalities.all():
            if municipality.code in by_code and email not in found[municipality.code]:
                language = municipality_language(by_code[municipality.code])
                found[municipality.code][email] = Recipient(email, language)
    return {code: list(recipients.values()) for code, recipients in found.items()}


def recipients_for_municipalities(municipalities) -> list[Recipient]:
    """The active managers of these municipalities, each once, in the language of the
    (first, by code) municipality they are written to about."""
    found: dict[str, Recipient] = {}
    for _code, recipients in sorted(recipients_by_municipality(municipalities).items()):
        for recipient in recipients:
            found.setdefault(recipient.email, recipient)
    return sorted(found.values(), key=lambda r: r.email)


def coordinator_recipients() -> list[Recipient]:
    return [
        Recipient(email.lower(), language or "fi")
        for email, language in User.objects.filter(role=Role.COORDINATOR, is_active=True)
        .exclude(email="")
        .values_list("email", "language")
    ]


def notify(
    *,
    kind: str,
    event: str,
    recipients: list[Recipient],
    template: str,
    context: dict,
    concerning=None,
) -> list[Notification]:
    """Create one notification per recipient for `event` unless it exists already, and send
    each after the surrounding transaction commits. Returns the new notifications."""
    from onboarding.tasks import send_notification

    content_type = ContentType.objects.get_for_model(concerning) if concerning else None
    created = []
    for recipient in recipients:
        if Notification.objects.filter(event=event, recipient=recipient.email).exists():
            continue
        with translation.override(recipient.language):
            subject = render_to_string(f"{template}_subject.txt", context).strip()
            body = render_to_string(f"{template}.txt", context)
        try:
            with transaction.atomic():
                notification = Notification.objects.create(
                    kind=kind,
                    event=event,
                    recipient=recipient.email,
                    language=recipient.language,
                    subject=subject[:300],
                    body=body,
                    content_type=content_type,
                    object_id=concerning.pk if concerning else None,
                )
        except IntegrityError:  # the same event raced in from elsewhere: it is sent there
            continue
        created.append(notification)
        transaction.on_commit(lambda pk=notification.pk: send_notification.delay(pk))
    return created


def notification_send(*, notification_id: int) -> bool:
    """Send once. The row lock and the sent mark make a redelivered task a no-op; a failure
    is recorded on the notification and raised so that the task retries."""
    failure = None
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status == Notification.Status.SENT:
            return False
        notification.attempts += 1
        try:
            EmailMultiAlternatives(
                notification.subject, notification.body, to=[notification.recipient]
            ).send()
        except OSError as error:
            failure = error
            notification.status = Notification.Status.FAILED
            notification.last_error = str(error)[:2000]
            logger.warning("notification %s failed: %s", notification.pk, error)
        else:
            notification.status = Notification.Status.SENT
            notification.sent_at = timezone.now()
        notification.save(update_fields=["status", "attempts", "sent_at", "last_error"])
    if failure is not None:
        raise failure
    return True


def notifications_about(record):
    content_type = ContentType.objects.get_for_model(record)
    return Notification.objects.filter(content_type=content_type, object_id=record.pk)
