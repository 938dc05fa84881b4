"""The registry's signals, and its receivers (connected in OnboardingConfig.ready())."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from onboarding.models import ApiToken, User
from onboarding.models.people import api_tokens_changed

# Sent inside the transaction that changed anything "joined" depends on (SPEC 3.9): an
# agreement's force (contracts), a unit's go-live (scheduling), consortium memberships (the
# registry). The eligibility app listens and forgets its cached answers after the commit; the
# senders need not know who listens.
joining_changed = Signal()


def _api_tokens_stale_on_save(sender, instance, created, update_fields, using, **kwargs):
    # A new row has nothing cached; a login writes only last_login, which is not cached.
    if created or (update_fields and set(update_fields) <= {"last_login", "password"}):
        return
    api_tokens_changed(using=using)


def _api_tokens_stale_on_delete(sender, instance, using, **kwargs):
    api_tokens_changed(using=using)


def connect() -> None:
    """Signals rather than save(): they also fire for admin edits, queryset deletes and the
    cascade that deletes a user's tokens. A bulk User update() does not pass here: deactivate
    with save()."""
    for sender in (ApiToken, User):
        post_save.connect(_api_tokens_stale_on_save, sender=sender, dispatch_uid=f"tokens-{sender}")
        post_delete.connect(
            _api_tokens_stale_on_delete, sender=sender, dispatch_uid=f"tokens-del-{sender}"
        )
