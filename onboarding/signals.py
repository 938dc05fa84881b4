"""The registry's signals, and its receivers (connected in OnboardingConfig.ready())."""

from django.contrib.auth.hashers import is_password_usable
from django.db.models.signals import post_delete, post_save, pre_save
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


# --- a password change or a deactivation revokes the user's API tokens --------------------
# Why the saved row and not a signal of the password views: Django has no "password changed"
# signal, and the views are only some of the ways a password changes (the change form, a
# reset link, the admin's "change password", `manage.py changepassword`, set_password() in a
# shell or a service). All of them end in User.save(), so comparing the stored hash before the
# save with the one being saved catches every one. Two changes of the hash are not password
# changes: Django's upgrade of the hash at login (check_password() saves only `password`
# after clearing `_password`, "hash upgrades shouldn't be considered password changes"), and
# renewing an unusable password (an integration user has none either way).


def _password_changed(instance: User, old_hash: str, update_fields) -> bool:
    new_hash = instance.password
    if new_hash == old_hash:
        return False
    if not is_password_usable(old_hash) and not is_password_usable(new_hash):
        return False
    hash_upgrade = (
        instance._password is None
        and update_fields is not None
        and set(update_fields) == {"password"}
        and is_password_usable(old_hash)
        and is_password_usable(new_hash)
    )
    return not hash_upgrade


def _note_token_revocation(sender, instance, raw, using, update_fields, **kwargs):
    instance._revoke_api_tokens = False
    if raw or instance.pk is None:
        return
    fields = set(update_fields) if update_fields is not None else None
    if fields is None or "is_active" in fields:
        if not instance.is_active:
            instance._revoke_api_tokens = True
            return
    if fields is None or "password" in fields:
        old_hash = (
            sender._base_manager.using(using)
            .filter(pk=instance.pk)
            .values_list("password", flat=True)
            .first()
        )
        if old_hash is not None and _password_changed(instance, old_hash, update_fields):
            instance._revoke_api_tokens = True


def _revoke_api_tokens(sender, instance, created, raw, using, **kwargs):
    if getattr(instance, "_revoke_api_tokens", False):
        instance._revoke_api_tokens = False
        ApiToken.objects.using(using).filter(user=instance).revoke()


def connect() -> None:
    """Signals rather than save(): they also fire for admin edits, queryset deletes and the
    cascade that deletes a user's tokens. A bulk User update() does not pass here: deactivate
    with save()."""
    for sender in (ApiToken, User):
        post_save.connect(_api_tokens_stale_on_save, sender=sender, dispatch_uid=f"tokens-{sender}")
        post_delete.connect(
            _api_tokens_stale_on_delete, sender=sender, dispatch_uid=f"tokens-del-{sender}"
        )
    pre_save.connect(_note_token_revocation, sender=User, dispatch_uid="tokens-revoke-note")
    post_save.connect(_revoke_api_tokens, sender=User, dispatch_uid="tokens-revoke")
