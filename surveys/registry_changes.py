"""Which pre-join answers are registry data, how they compare with the registry, and how a
proposal's values read. Pure rules over values: the services (surveys/services.py) store and
apply proposals, the selectors read them.

The pre-join survey asks the same things the registry holds (onboarding.models.Municipality
and its Contact rows): its question keys are the registry's field names, and each contact
kind has `<kind>_contact_name`, `_email` and `_phone`. The desired start (`schedule`,
`start_month`) is not registry data: the scheduler reads it from the accepted survey."""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from onboarding.models import Contact, Municipality
from onboarding.validators import normalize_einvoice_address

# Registry details answered in the pre-join survey, in the order a proposal lists them.
DETAIL_FIELDS = (
    "business_id",
    "einvoice_address",
    "einvoice_operator",
    "signatory_name",
    "signatory_title",
    "decision_body",
)
CONTACT_KINDS = (Contact.Kind.AGREEMENT, Contact.Kind.TECHNICAL, Contact.Kind.INVOICING)
CONTACT_PARTS = ("name", "email", "phone")

LABELS = {
    "business_id": pgettext_lazy("registry field", "Business ID"),
    "einvoice_address": pgettext_lazy("registry field", "E-invoice address"),
    "einvoice_operator": pgettext_lazy("registry field", "E-invoice operator"),
    "signatory_name": pgettext_lazy("registry field", "Signatory's name"),
    "signatory_title": pgettext_lazy("registry field", "Signatory's title"),
    "decision_body": pgettext_lazy("registry field", "Decision body"),
    "agreement_contact": pgettext_lazy("registry field", "Contact person for the agreement"),
    "technical_contact": pgettext_lazy("registry field", "Technical contact person"),
    "invoicing_contact": pgettext_lazy("registry field", "Contact person for invoicing"),
}
PART_LABELS = {
    "name": pgettext_lazy("contact person", "name"),
    "email": pgettext_lazy("contact person", "e-mail"),
    "phone": pgettext_lazy("contact person", "phone"),
}


def contact_field(kind: str) -> str:
    return f"{kind}_contact"


def contact_kind(field: str) -> str | None:
    """`agreement_contact` -> `agreement`; None for a registry detail."""
    kind = field.removesuffix("_contact")
    return kind if kind != field and kind in CONTACT_KINDS else None


FIELDS = (*DETAIL_FIELDS, *(contact_field(k) for k in CONTACT_KINDS))


def label(field: str) -> str:
    """A proposal field's name in words (another registry field by its verbose name, for a
    message about a value the registry holds already)."""
    if field in LABELS:
        return str(LABELS[field])
    try:
        return str(Municipality._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def normalized(field: str, value) -> str:
    """An answer as the registry stores it (the registry service normalises the same way),
    so that "0037 0201 2566" is not proposed over "003702012566"."""
    text = _text(value)
    if field == "einvoice_address":
        return normalize_einvoice_address(text)
    return text


def contact_of(municipality: Municipality, kind: str, contacts=None) -> Contact | None:
    """The registry's contact of a kind: the first one recorded (a municipality normally
    has one of each kind; a proposal updates that one)."""
    found = [c for c in (contacts if contacts is not None else municipality.contacts.all())]
    found = sorted((c for c in found if c.kind == kind), key=lambda c: c.pk)
    return found[0] if found else None


def contact_value(contact: Contact | None) -> dict | None:
    if contact is None:
        return None
    return {"name": contact.name, "email": contact.email, "phone": contact.phone}


def current_value(municipality: Municipality, field: str, contacts=None):
    """The registry's value of a proposal field now."""
    kind = contact_kind(field)
    if kind is None:
        return getattr(municipality, field)
    return contact_value(contact_of(municipality, kind, contacts))


def proposed_items(answers: dict, municipality: Municipality, contacts=None) -> list[dict]:
    """[{field, old, new}] for each registry field whose answer differs from the registry.

    An unanswered question proposes nothing (it never empties the registry); a contact's
    unanswered phone keeps the registry's phone."""
    items = []
    for field in DETAIL_FIELDS:
        new = normalized(field, answers.get(field))
        old = getattr(municipality, field) or ""
        if new and new != old:
            items.append({"field": field, "old": old, "new": new})
    for kind in CONTACT_KINDS:
        answered = {part: _text(answers.get(f"{kind}_contact_{part}")) for part in CONTACT_PARTS}
        if not (answered["name"] or answered["email"]):
            continue
        old = contact_value(contact_of(municipality, kind, contacts))
        new = {part: answered[part] or (old or {}).get(part, "") for part in CONTACT_PARTS}
        if new != old:
            items.append({"field": contact_field(kind), "old": old, "new": new})
    return items


def display(value) -> str:
    """A value as a cell reads it: a contact as "name, e-mail, phone"."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return ", ".join(value.get(part) or "" for part in CONTACT_PARTS if value.get(part))
    return str(value)


def problems(field: str, value) -> list[str]:
    """What the registry's validation will say of `value` (before anyone applies it), in
    the words `registry_change_apply` uses; [] when it passes."""
    kind = contact_kind(field)
    messages = []
    if kind is None:
        model_field = Municipality._meta.get_field(field)
        try:
            model_field.clean(value, None)
        except ValidationError as error:
            messages += [labelled(field, value, m) for m in error.messages]
        return messages
    value = value or {}
    for part in ("name", "email"):
        if not value.get(part):
            messages.append(labelled(field, "", _("The answer is missing."), part=part))
    if value.get("email"):
        try:
            validate_email(value["email"])
        except ValidationError as error:
            messages += [labelled(field, value["email"], m, part="email") for m in error.messages]
    return messages


def labelled(field: str, value, message: str, *, part: str | None = None) -> str:
    """A message that names the field and the value: 'Business ID “0201256-7”: ...'."""
    name = label(field) if part is None else f"{label(field)}, {PART_LABELS[part]}"
    return _("%(field)s “%(value)s”: %(message)s") % {
        "field": name,
        "value": display(value),
        "message": message,
    }
