"""Changes to registry data that users make; each leaves a history row (who, when, why)."""

from django.db import transaction

from onboarding.models import Contact, Municipality, User
from onboarding.permissions import require_can_edit_municipality
from onboarding.validators import normalize_einvoice_address

EDITABLE_DETAILS = ("business_id", "einvoice_address", "einvoice_operator")


def municipality_update_details(
    *, municipality: Municipality, by: User, reason: str = "", **changes
) -> Municipality:
    """Business ID and e-invoice details: the manager of the municipality or a coordinator."""
    require_can_edit_municipality(by, municipality)
    unknown = set(changes) - set(EDITABLE_DETAILS)
    if unknown:
        raise ValueError(f"not editable here: {sorted(unknown)}")
    if "einvoice_address" in changes:
        changes["einvoice_address"] = normalize_einvoice_address(changes["einvoice_address"])
    if "business_id" in changes:
        changes["business_id"] = (changes["business_id"] or "").strip()
    with transaction.atomic():
        locked = Municipality.objects.select_for_update().get(pk=municipality.pk)
        for key, value in changes.items():
            setattr(locked, key, value)
        locked.full_clean()
        locked._change_reason = reason
        locked._history_user = by
        locked.save()
    return locked


def contact_save(*, contact: Contact, by: User) -> Contact:
    require_can_edit_municipality(by, contact.municipality)
    contact.full_clean()
    contact.save()
    return contact


def contact_delete(*, contact: Contact, by: User) -> None:
    require_can_edit_municipality(by, contact.municipality)
    contact.delete()
