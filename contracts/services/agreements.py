"""Agreement use cases. Each checks permission and guards, changes state in one transaction
under a row lock, logs the transition and sends its e-mails after the commit."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django_fsm import can_proceed

from contracts import rendering
from contracts.models import (
    Agreement,
    AgreementStatus,
    SignatureEvidence,
)
from contracts.selectors import agreement_url, missing_for_sending
from contracts.services.documents import current_template
from contracts.services.seal import configured_seal, configured_trust_roots
from contracts.signatures import SignatureRefused, verify_pdf_signatures
from contracts.tasks import generate_agreement_documents, seal_agreement_documents
from contracts.uploads import PdfRefused, check_pdf
from onboarding.errors import Conflict
from onboarding.input import FORBIDDEN_IN_ONE_LINE
from onboarding.models import Municipality, Participant, Stage, User
from onboarding.permissions import (
    require_coordinator,
    require_manager_or_coordinator,
    require_permitted,
)
from onboarding.selectors import connection_units
from onboarding.services.audit import log_transition
from onboarding.services.notifications import (
    coordinator_recipients,
    municipality_language,
    notify,
    recipients_for_municipalities,
)
from onboarding.signals import joining_changed
from onboarding.storage import atomic_with_files, save_file
from onboarding.validators import (
    validate_no_control_characters,
    validate_no_control_characters_multiline,
    validate_upload_size,
)

ACTION_NAMES = {
    "send": pgettext_lazy("agreement action", "sent"),
    "sign": pgettext_lazy("agreement action", "signed"),
    "decline": pgettext_lazy("agreement action", "declined"),
    "withdraw": pgettext_lazy("agreement action", "withdrawn"),
    "countersign": pgettext_lazy("agreement action", "countersigned"),
    "terminate": pgettext_lazy("agreement action", "terminated"),
}
ALLOWED_FROM = {
    "send": pgettext_lazy("agreement state", "a draft"),
    "sign": pgettext_lazy("agreement state", "sent"),
    "decline": pgettext_lazy("agreement state", "sent"),
    "withdraw": pgettext_lazy("agreement state", "a draft or sent"),
    "countersign": pgettext_lazy("agreement state", "signed by the municipality"),
    "terminate": pgettext_lazy("agreement state", "in force"),
}


def _guard(agreement: Agreement, transition: str) -> None:
    if not can_proceed(getattr(agreement, transition)):
        raise Conflict(
            _(
                "The agreement of %(name)s is %(status)s, so it cannot be %(action)s: that is "
                "possible only when it is %(allowed)s."
            )
            % {
                "name": agreement.municipality.name,
                "status": agreement.get_status_display().lower(),
                "action": ACTION_NAMES[transition],
                "allowed": ALLOWED_FROM[transition],
            }
        )


def _locked(agreement: Agreement) -> Agreement:
    # Lock only the agreement's row: PostgreSQL refuses FOR UPDATE on the nullable side of
    # the outer join to the template.
    return (
        Agreement.objects.select_for_update(of=("self",))
        .select_related("programme", "municipality", "template")
        .get(pk=agreement.pk)
    )


def _lock_unit(agreement: Agreement) -> None:
    """Lock the agreements of every member of the municipality's connection unit, in a fixed
    order, so that two members signing at the same moment are serialised and the second
    sees the first: the "unit complete" e-mail is then never lost."""
    from contracts.selectors import unit_of_municipality

    programme = agreement.programme
    key = unit_of_municipality(agreement.municipality.code, programme=programme)
    codes = next(
        (u.member_codes for u in connection_units(programme=programme) if u.key == key),
        (agreement.municipality.code,),
    )
    list(
        Agreement.objects.select_for_update(of=("self",))
        .filter(programme=agreement.programme_id, municipality__code__in=codes)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _notify_municipality(
    agreement: Agreement, kind: str, event: str, template: str, extra: dict | None = None
):
    notify(
        kind=kind,
        event=event,
        recipients=recipients_for_municipalities([agreement.municipality]),
        template=template,
        context={
            "agreement": agreement,
            "municipality": agreement.municipality,
            "programme": agreement.programme,
            "link": agreement_url(agreement),
            **(extra or {}),
        },
        concerning=agreement,
    )


def default_language(municipality: Municipality) -> str:
    return municipality_language(municipality)


def agreement_create(
    *, programme, municipality: Municipality, by: User | None = None, language: str | None = None
) -> Agreement:
    """A draft agreement (idempotent per programme and municipality)."""
    if by is not None:
        require_coordinator(by)
    if language and language not in ("fi", "sv"):
        raise ValidationError({"language": [_("Choose Finnish or Swedish.")]})
    if language == "sv" and municipality.language_status == "fi":
        raise ValidationError(
            {"language": [_("%(name)s is monolingual Finnish.") % {"name": municipality.name}]}
        )
    if not programme.has_stage(Stage.AGREEMENT):
        raise ValidationError(_("%(programme)s has no agreements.") % {"programme": programme.name})
    if (
        programme.has_stage(Stage.SELECTION)
        and not Participant.objects.selected()
        .filter(programme=programme, municipality=municipality)
        .exists()
    ):
        raise ValidationError(
            _(
                "%(name)s was not selected for %(programme)s: only selected participants get "
                "its agreement."
            )
            % {"name": municipality.name, "programme": programme.name}
        )
    agreement, _created = Agreement.objects.get_or_create(
        programme=programme,
        municipality=municipality,
        defaults={
            "language": language or default_language(municipality),
            "template": current_template(programme),
        },
    )
    return agreement


def agreement_set_language(*, agreement: Agreement, by: User, language: str) -> Agreement:
    """Bilingual municipalities choose the language, before the agreement is sent."""
    require_manager_or_coordinator(by, agreement.municipality_id)
    if agreement.status != AgreementStatus.DRAFT:
        raise Conflict(_("The language can be changed only before sending."))
    if language not in ("fi", "sv") or (
        not agreement.municipality.is_bilingual
        and language != default_language(agreement.municipality)
    ):
        raise ValidationError(
            {"language": [_("%(name)s is not bilingual.") % {"name": agreement.municipality.name}]}
        )
    with transaction.atomic():
        locked = _locked(agreement)
        locked.language = language
        locked.save(update_fields=["language"])
    return locked


def agreement_send(*, agreement: Agreement, by: User) -> Agreement:
    """Send the agreement in the programme's newest template version (a draft follows the
    newest until it is sent). Refused while the registry lacks something the agreement must
    name; its documents are frozen by a task after the commit, as true on this day."""
    require_permitted(agreement.send, by)
    with transaction.atomic():
        locked = _locked(agreement)
        _guard(locked, "send")
        locked.template = current_template(locked.programme)
        if locked.template is None:
            raise Conflict(_("The programme has no agreement template yet."))
        missing = missing_for_sending(locked)
        if missing:
            raise Conflict(
                _("The agreement of %(name)s cannot be sent yet: add %(missing)s to its details.")
                % {"name": locked.municipality.name, "missing": ", ".join(missing)}
            )
        before = locked.status
        locked.send(timezone.localdate())
        locked.save()
        log_transition(record=locked, transition="send", from_state=before, by=by)
        # The documents are frozen from the data of this moment, by a task after the commit.
        transaction.on_commit(lambda: generate_agreement_documents.delay(locked.pk))
        _notify_municipality(
            locked, "agreement_sent", f"agreement_sent:{locked.pk}", "emails/agreement_sent"
        )
    return locked


def check_signed_pdf(data: bytes) -> list[dict]:
    """By content, not by name: at most 20 MB, and a well-formed PDF with pages and nothing
    that runs (contracts.uploads). Its digital signatures, if it has any, verified
    (contracts.signatures): returned as the evidence records them; [] for a scanned copy."""
    if not data:
        raise ValidationError({"file": [_("The file is empty.")]})
    try:
        validate_upload_size(len(data))
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    try:
        check_pdf(data)
    except PdfRefused as refused:
        raise ValidationError({"file": [str(refused)]}) from None
    try:
        verified = verify_pdf_signatures(data, trust_roots=configured_trust_roots())
    except SignatureRefused as refused:
        raise ValidationError({"file": [str(refused)]}) from None
    return [signature.as_json() for signature in verified]


def _file_name(filename: str) -> str:
    """The uploaded file's name as the evidence keeps it: the browser's name, not typed by
    the person, so control characters are dropped rather than refused, and cut to fit."""
    name = FORBIDDEN_IN_ONE_LINE.sub("", filename or "").strip()
    return (name or "signed.pdf")[: SignatureEvidence.max_length("original_name")]


def agreement_record_signature(
    *,
    agreement: Agreement,
    by: User,
    data: bytes,
    filename: str,
    signer_name: str,
    signer_title: str,
    signed_on: datetime.date,
    authority: str,
) -> Agreement:
    """The municipality's signature, recorded by its manager, or by a coordinator when the
    signed copy arrives by post (the evidence says which)."""
    require_permitted(agreement.sign, by)
    errors = {}
    for field, value in (
        ("signer_name", signer_name),
        ("signer_title", signer_title),
        ("authority", authority),
    ):
        if not (value or "").strip():
            errors[field] = [_("This field is required.")]
            continue
        # The same checks as the form and the API (which stop it before it comes here): at
        # most the field's length, no control characters (PostgreSQL cannot store a NUL).
        try:
            SignatureEvidence._meta.get_field(field).run_validators(value.strip())
            validate_no_control_characters(value)
        except ValidationError as error:
            errors[field] = error.messages
    today = timezone.localdate()
    if signed_on is None:
        errors["signed_on"] = [_("Give the signing date.")]
    elif signed_on > today:
        errors["signed_on"] = [_("The signing date cannot be in the future.")]
    elif agreement.sent_on and signed_on < agreement.sent_on:
        errors["signed_on"] = [
            _("The signing date cannot be before the agreement was sent (%(date)s).")
            % {"date": agreement.sent_on.strftime("%d.%m.%Y")}
        ]
    digital_signatures = []
    try:
        digital_signatures = check_signed_pdf(data)
    except ValidationError as error:
        errors.update(error.message_dict)
    if data and agreement.documents.filter(sha256=rendering.sha256(data)).exists():
        errors["file"] = [
            _(
                "This file is the agreement as it was sent, without signatures. Upload the "
                "copy that the municipality signed."
            )
        ]
    if errors:
        raise ValidationError(errors)
    # The signed PDF is written with the evidence that points to it, and removed again if
    # anything below fails (a refused date, a database error): no file without its row.
    with atomic_with_files():
        _lock_unit(agreement)
        locked = _locked(agreement)
        _guard(locked, "sign")
        if locked.sent_on and signed_on < locked.sent_on:
            raise ValidationError(
                {
                    "signed_on": [
                        _("The signing date cannot be before the agreement was sent (%(date)s).")
                        % {"date": locked.sent_on.strftime("%d.%m.%Y")}
                    ]
                }
            )
        evidence = SignatureEvidence(
            agreement=locked,
            original_name=_file_name(filename),
            sha256=rendering.sha256(data),
            size=len(data),
            signer_name=signer_name.strip(),
            signer_title=signer_title.strip(),
            signed_on=signed_on,
            authority=authority.strip(),
            recorded_by=by,
            recorded_on_behalf=not (
                by.is_manager and by.municipalities.filter(pk=locked.municipality_id).exists()
            ),
            digital_signatures=digital_signatures,
        )
        save_file(
            evidence.file, f"{locked.programme.slug}-{locked.municipality.code}-signed.pdf", data
        )
        evidence.save()
        before = locked.status
        locked.sign(signed_on)
        locked.save()
        log_transition(
            record=locked,
            transition="sign",
            from_state=before,
            by=by,
            reason=_("signed by %(name)s, %(title)s")
            % {"name": evidence.signer_name, "title": evidence.signer_title},
        )
        _after_signature(locked)
    return locked


def _after_signature(agreement: Agreement) -> None:
    """Completion e-mails of the municipality's connection unit, each event once."""
    from contracts.selectors import completeness_of_unit, unit_of_municipality

    key = unit_of_municipality(agreement.municipality.code, programme=agreement.programme)
    unit = completeness_of_unit(agreement.programme, key)
    if unit is None or not unit.is_consortium:
        return
    members = list(Municipality.objects.filter(code__in=[c for c, _n in unit.members]))
    context = {"unit": unit, "programme": agreement.programme, "agreement": agreement}
    if unit.complete:
        notify(
            kind="unit_complete",
            event=f"unit_complete:{agreement.programme_id}:{unit.key}",
            recipients=recipients_for_municipalities(members) + coordinator_recipients(),
            template="emails/unit_complete",
            context=context,
            concerning=agreement,
        )
    elif len(unit.blocking) == 1:
        last = next(m for m in members if m.code == unit.blocking[0])
        notify(
            kind="last_to_sign",
            event=f"last_to_sign:{agreement.programme_id}:{unit.key}:{last.code}",
            recipients=recipients_for_municipalities([last]),
            template="emails/last_to_sign",
            context={**context, "last": last},
            concerning=agreement,
        )


def _check_reason(reason: str) -> None:
    """A reason may have several lines, but no other control characters (as on the form)."""
    try:
        validate_no_control_characters_multiline(reason or "")
    except ValidationError as error:
        raise ValidationError({"reason": error.messages}) from None


def agreement_decline(*, agreement: Agreement, by: User, reason: str) -> Agreement:
    require_permitted(agreement.decline, by)
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Give a reason for declining.")]})
    _check_reason(reason)
    return _simple(agreement, by, "decline", reason.strip())


def agreement_withdraw(*, agreement: Agreement, by: User, reason: str = "") -> Agreement:
    require_permitted(agreement.withdraw, by)
    _check_reason(reason)
    return _simple(agreement, by, "withdraw", (reason or "").strip())


def agreement_countersign(
    *, agreement: Agreement, by: User, on: datetime.date | None = None
) -> Agreement:
    """The National Library signs: the agreement is in force. Two coordinators at once: the
    row lock lets exactly one through; the other finds it in force and is told so.

    With a configured seal certificate, a task after the commit seals the signed PDF and the
    signing certificate; a seal that cannot be opened (a wrong password, a missing file)
    refuses the countersignature before anything changes, since the seal would fail later."""
    require_permitted(agreement.countersign, by)
    on = on or timezone.localdate()
    seal = configured_seal()
    with transaction.atomic():
        locked = _locked(agreement)
        _guard(locked, "countersign")
        if locked.signed_on and on < locked.signed_on:
            raise ValidationError(
                {"on": [_("Countersigning cannot be before the municipality signed.")]}
            )
        before = locked.status
        locked.countersign(on)
        locked.save()
        joining_changed.send(sender=__name__)
        log_transition(record=locked, transition="countersign", from_state=before, by=by)
        if seal is not None:
            transaction.on_commit(lambda: seal_agreement_documents.delay(locked.pk))
        _notify_municipality(
            locked,
            "agreement_in_force",
            f"agreement_in_force:{locked.pk}",
            "emails/agreement_in_force",
        )
    return locked


def agreement_terminate(
    *, agreement: Agreement, by: User, end_date: datetime.date, reason: str = ""
) -> Agreement:
    require_permitted(agreement.terminate, by)
    if end_date is None:
        raise ValidationError({"end_date": [_("Give the end date.")]})
    _check_reason(reason)
    if agreement.in_force_on and end_date < agreement.in_force_on:
        raise ValidationError(
            {"end_date": [_("The end date cannot be before the agreement came into force.")]}
        )
    with transaction.atomic():
        locked = _locked(agreement)
        _guard(locked, "terminate")
        before = locked.status
        locked.terminate(end_date, (reason or "").strip())
        locked.save()
        joining_changed.send(sender=__name__)
        log_transition(
            record=locked, transition="terminate", from_state=before, by=by, reason=reason
        )
    return locked


def _simple(agreement: Agreement, by: User, transition: str, reason: str) -> Agreement:
    with transaction.atomic():
        locked = _locked(agreement)
        _guard(locked, transition)
        before = locked.status
        getattr(locked, transition)(reason)
        locked.save()
        log_transition(
            record=locked, transition=transition, from_state=before, by=by, reason=reason
        )
    return locked
