"""Changes to registry data that users make; each leaves a history row (who, when, why)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from onboarding import formatting
from onboarding.errors import Conflict
from onboarding.models import ConsortiumMembership, Contact, Municipality, User
from onboarding.permissions import require_can_edit_municipality, require_coordinator
from onboarding.signals import joining_changed
from onboarding.validators import normalize_einvoice_address


def change_reason_max_length(model=Municipality) -> int:
    """The change history's column for the reason (django-simple-history's), the one source
    of the limit of every form and API field that takes a reason for a registry change."""
    return model.history.model._meta.get_field("history_change_reason").max_length


def fit_change_reason(model, text: str) -> str:
    """A reason written by the system (not typed) cut to fit `model`'s history column."""
    limit = change_reason_max_length(model)
    return text if len(text) <= limit else text[: limit - 1] + "…"


EDITABLE_DETAILS = (
    "business_id",
    "einvoice_address",
    "einvoice_operator",
    "street_address",
    "postal_code",
    "post_office",
    "signatory_name",
    "signatory_title",
    "decision_body",
)


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
    if len(reason or "") > change_reason_max_length():
        raise ValidationError(
            {
                "reason": [
                    _("Keep the reason to %(limit)d characters.")
                    % {"limit": change_reason_max_length()}
                ]
            }
        )
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


# What apps above the registry check before a merger is recorded: functions
# `(municipality, into, on) -> list[str]` returning the reasons it cannot be recorded, in
# words (billing: a year already invoiced), registered in their AppConfig.ready().
MERGER_GUARDS: list = []


def municipality_merge(
    *, municipality: Municipality, into: Municipality, on: datetime.date, by: User, reason: str = ""
) -> Municipality:
    """Record that `municipality` merges into `into` on `on`: its last day is the day before,
    and from `on` its residents are counted in `into` (onboarding.selectors.with_population).
    Mergers take effect at the turn of a year, and never inside a year already invoiced
    (credit those invoices first). Coordinators only; nothing is changed when refused."""
    require_coordinator(by)
    errors = []
    if municipality.pk == into.pk:
        errors.append(_("A municipality cannot merge into itself."))
    elif into.merged_into_id is not None:
        errors.append(
            _("%(name)s has itself merged into another municipality.") % {"name": into.name}
        )
    if on.month != 1 or on.day != 1:
        errors.append(
            _(
                "A merger takes effect at the turn of a year: give 1 January, not %(date)s "
                "(the merged municipality's last day is 31 December)."
            )
            % {"date": formatting.date(on)}
        )
    if municipality.merged_into_id is not None:
        errors.append(
            _("%(name)s has already merged into %(into)s.")
            % {"name": municipality.name, "into": municipality.merged_into.name}
        )
    for guard in MERGER_GUARDS:
        errors += guard(municipality, into, on)
    if errors:
        raise Conflict(errors)
    with transaction.atomic():
        locked = Municipality.objects.select_for_update().get(pk=municipality.pk)
        locked.valid_to = on - datetime.timedelta(days=1)
        locked.merged_into = into
        locked._change_reason = fit_change_reason(
            Municipality, reason or _("merged into %(into)s") % {"into": into.name}
        )
        locked._history_user = by
        locked.full_clean()
        locked.save()
        # It is no longer a member of any consortium: its residents are the other's now.
        ConsortiumMembership.objects.filter(municipality=locked).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=locked.valid_to)
        ).update(valid_to=locked.valid_to)
        joining_changed.send(sender=__name__)  # the units' members decide who is joined
    return locked
