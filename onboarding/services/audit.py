from django.contrib.contenttypes.models import ContentType

from onboarding.models import TransitionLog


def log_transition(*, record, transition: str, from_state: str, by, reason: str = "", at=None):
    extra = {"at": at} if at is not None else {}
    return TransitionLog.objects.create(
        **extra,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        transition=transition,
        from_state=from_state,
        to_state=record.status,
        by=by if getattr(by, "is_authenticated", False) else None,
        reason=reason,
    )


def transitions_of(record):
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("by")
