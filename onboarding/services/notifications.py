"""E-mails, in the recipient's language, sent once per event."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from onboarding.models import Invitation


def invitation_email_send(*, invitation_id: int) -> bool:
    """Send the invitation once. The row lock and the sent mark make a retried or duplicated
    task a no-op. Returns whether an e-mail went out."""
    from onboarding.services.accounts import invitation_link

    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
        if invitation is None or invitation.email_sent_at or not invitation.is_usable:
            return False
        context = {
            "invitation": invitation,
            "link": invitation_link(invitation),
            "municipalities": list(invitation.municipalities.order_by("name_fi")),
            "valid_days": settings.INVITATION_VALID_DAYS,
        }
        with translation.override(invitation.language):
            subject = render_to_string("emails/invitation_subject.txt", context).strip()
            body = render_to_string("emails/invitation.txt", context)
        message = EmailMultiAlternatives(subject, body, to=[invitation.email])
        message.send()
        invitation.email_sent_at = timezone.now()
        invitation.save(update_fields=["email_sent_at"])
    return True
