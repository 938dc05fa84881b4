from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from onboarding.bulk import insert_many
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


def log_transitions(
    *, model, records, transition: str, from_states, to_state: str, by, reason: str = ""
) -> int:
    """log_transition for many records of one model at once, in one statement (a bulk change
    such as a payment file). `records` need only their pk. Returns how many were logged."""
    records = list(records)
    if not records:
        return 0
    content_type = ContentType.objects.get_for_model(model)
    by_id = by.pk if getattr(by, "is_authenticated", False) else None
    at = timezone.now()
    return insert_many(
        TransitionLog,
        ("content_type", "object_id", "transition", "from_state", "to_state", "by", "at", "reason"),
        (
            (content_type.pk, record.pk, transition, from_state, to_state, by_id, at, reason)
            for record, from_state in zip(records, from_states, strict=True)
        ),
    )


def transitions_of(record):
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("by")
