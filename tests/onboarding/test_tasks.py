"""Background jobs on a real Celery worker and broker (run in CI's PostgreSQL+Redis pass)."""

import time

import pytest
from django.core import mail

from onboarding.models import Municipality, Notification
from onboarding.services.accounts import invitation_create
from onboarding.services.notifications import notifications_about


def _wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.celery_worker
def test_invitation_email_goes_out_through_the_real_worker_after_commit(celery_worker, coordinator):
    vaasa = Municipality.objects.get(code="905")
    invitation = invitation_create(
        invited_by=coordinator, email="kirjasto@vaasa.example", municipalities=[vaasa]
    )
    assert _wait_for(
        lambda: notifications_about(invitation).filter(status=Notification.Status.SENT).exists()
    ), "the worker did not send the invitation"
    sent = [m for m in mail.outbox if m.to == ["kirjasto@vaasa.example"]]
    assert len(sent) == 1
    assert "/invitation/" in sent[0].body


@pytest.mark.celery_worker
def test_a_retried_invitation_task_sends_nothing_twice(celery_worker, coordinator):
    from onboarding.tasks import send_notification

    narpes = Municipality.objects.get(code="545")
    invitation = invitation_create(
        invited_by=coordinator, email="bibliotek@narpes.example", municipalities=[narpes]
    )
    sent = notifications_about(invitation)
    assert _wait_for(lambda: sent.filter(status=Notification.Status.SENT).exists())
    # The same task delivered again (a broker redelivery or a manual retry).
    result = send_notification.delay(sent.get().pk)
    assert result.get(timeout=20) is False
    assert len([m for m in mail.outbox if m.to == ["bibliotek@narpes.example"]]) == 1
