"""Reads of agreements and consortium completeness, scoped by user in one place."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from contracts.models import (
    COUNTERSIGNED,
    SENDABLE,
    SIGNED_OR_LATER,
    Agreement,
    AgreementDocument,
    AgreementStatus,
)
from contracts.seal import seal_configured
from onboarding import selectors as registry
from onboarding.errors import Conflict
from onboarding.models import Contact, Municipality
from onboarding.permissions import available_transitions, is_coordinator, manages


def agreements_for_user(user) -> QuerySet[Agreement]:
    qs = Agreement.objects.select_related("programme", "municipality", "template")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.sees_all_municipalities:
        return qs
    if user.is_manager:
        # A draft is the coordinators' work in progress until it is sent.
        return qs.filter(municipality__in=user.municipalities.values("pk")).exclude(
            sent_on__isnull=True
        )
    return qs.none()


def agreement_get(user, pk) -> Agreement:
    agreement = agreements_for_user(user).filter(pk=pk).first()
    if agreement is None:
        raise Http404(_("No agreement %(id)s.") % {"id": pk})
    return agreement


def agreement_contact(municipality: Municipality):
    """The municipality's contact person for the agreement (the first one recorded), or None.
    Reads `municipality.contacts.all()`, so a prefetch serves a list of many."""
    contacts = [c for c in municipality.contacts.all() if c.kind == Contact.Kind.AGREEMENT]
    return min(contacts, key=lambda c: c.pk, default=None)


# What the agreement prints that must be there before it is sent (the rest is worded around
# when it is missing): context key -> what to add, in words.
REQUIRED = {
    "business_id": gettext_lazy("the business ID"),
    "contact_name": gettext_lazy("the name of the contact person for the agreement"),
    "contact_email": gettext_lazy("the e-mail address of the contact person for the agreement"),
    "signatory_name": gettext_lazy("the name of the person who signs"),
    "signatory_title": gettext_lazy("the signatory's title"),
    "decision_body": gettext_lazy("the body that decides on the agreement"),
}


def missing_for_sending(agreement: Agreement) -> list[str]:
    """What the registry lacks for the agreement to be sent as true and complete, in words;
    empty when it can be sent. Reads the municipality's contacts (prefetch them for many)."""
    municipality = agreement.municipality
    contact = agreement_contact(municipality)
    values = {
        "business_id": municipality.business_id,
        "contact_name": contact.name if contact else "",
        "contact_email": contact.email if contact else "",
        "signatory_name": municipality.signatory_name,
        "signatory_title": municipality.signatory_title,
        "decision_body": municipality.decision_body,
    }
    return [str(label) for key, label in REQUIRED.items() if not values[key]]


@dataclass
class Completeness:
    """A connection unit's signing state for one programme."""

    key: str
    name: str
    is_consortium: bool
    members: list[tuple[str, str]]  # (code, name in the current language)
    signed: list[str] = field(default_factory=list)
    signed_in_cohort: list[str] = field(default_factory=list)

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def signed_count(self) -> int:
        return len(self.signed)

    @property
    def blocking(self) -> list[str]:
        return [code for code, _name in self.members if code not in self.signed]

    @property
    def blocking_names(self) -> list[str]:
        return [name for code, name in self.members if code not in self.signed]

    @property
    def complete(self) -> bool:
        return bool(self.members) and not self.blocking

    @property
    def launch_cohort(self) -> bool:
        return self.complete and len(self.signed_in_cohort) == len(self.members)


def unit_completeness(programme, *, on: datetime.date | None = None) -> list[Completeness]:
    """Every connection unit on `on` with its signed members (signed or in force). Three
    queries whatever the number of units."""
    day = on or registry.today()
    units = registry.connection_units(on=day, programme=programme)
    names = {
        code: Municipality.name_for_language(name_fi, name_sv)
        for code, name_fi, name_sv in Municipality.objects.values_list("code", "name_fi", "name_sv")
    }
    signed = {}
    for code, signed_on in Agreement.objects.filter(
        programme=programme, status__in=SIGNED_OR_LATER
    ).values_list("municipality__code", "signed_on"):
        signed[code] = signed_on
    result = []
    for unit in units:
        item = Completeness(
            unit.key,
            unit.name,
            unit.is_consortium,
            [(code, names.get(code, code)) for code in unit.member_codes],
        )
        for code in unit.member_codes:
            if code in signed:
                item.signed.append(code)
                if signed[code] and signed[code] <= programme.signing_deadline:
                    item.signed_in_cohort.append(code)
        result.append(item)
    return result


def completeness_of_unit(programme, key: str, *, on=None) -> Completeness | None:
    return next((u for u in unit_completeness(programme, on=on) if u.key == key), None)


def unit_of_municipality(code: str, *, on=None, programme=None) -> str:
    for unit in registry.connection_units(on=on, programme=programme):
        if code in unit.member_codes:
            return unit.key
    return code


@dataclass
class AgreementRow:
    municipality: object
    agreement: Agreement | None
    unit: Completeness | None

    @property
    def status(self) -> str:
        return self.agreement.status if self.agreement else "none"

    @property
    def status_rank(self) -> int:
        """Where the status lies on the way to joining (none first): the list sorts by it."""
        return 0 if self.agreement is None else 1 + list(AgreementStatus).index(self.status)

    @property
    def unit_rank(self) -> tuple:
        """Units sort by name; a municipality with its own library system comes last."""
        if self.unit and self.unit.is_consortium:
            return (0, self.unit.name)
        return (1, "")


def agreement_rows(user, programme, municipalities, *, on=None) -> list[AgreementRow]:
    """Every municipality of `municipalities` (scoped and filtered already) with its
    agreement in `programme` and its unit's completeness. Constant queries."""
    day = on or registry.today()
    agreements = {
        a.municipality_id: a
        for a in agreements_for_user(user).filter(programme=programme).select_related("evidence")
    }
    units = {}
    for unit in unit_completeness(programme, on=day):
        for code, _name in unit.members:
            units[code] = unit
    return [
        AgreementRow(m, agreements.get(m.pk), units.get(m.code))
        for m in registry.with_registry_data(registry.taking_part(programme, municipalities), day)
        .prefetch_related("contacts")
        .order_by("name_fi")
    ]


def agreements_of_municipality(user, municipality) -> list[tuple]:
    """For a municipality page: per programme, its agreement and its unit's completeness."""
    agreements = {
        a.programme_id: a for a in agreements_for_user(user).filter(municipality=municipality)
    }
    rows = []
    for programme in registry.programmes_of_municipality(municipality):
        unit = completeness_of_unit(
            programme, unit_of_municipality(municipality.code, programme=programme)
        )
        rows.append((programme, agreements.get(programme.pk), unit))
    return rows


def members_with_agreements(user, programme, codes) -> dict:
    """code -> agreement (visible to the user) for a consortium page."""
    return {
        a.municipality.code: a
        for a in agreements_for_user(user).filter(programme=programme, municipality__code__in=codes)
    }


def agreement_document(agreement: Agreement, kind: str) -> AgreementDocument:
    """The stored DOCX or PDF of a sent agreement in its template version and language. They
    are made by a task after the commit that sent it: until then, a Conflict that says so."""
    document = (
        agreement.documents.filter(
            kind=kind, template=agreement.template_id, language=agreement.language
        )
        .select_related("template")
        .first()
    )
    if document is None:
        raise Conflict(
            _("The documents of this agreement are being prepared. Try again in a moment.")
        )
    return document


def agreement_url(agreement: Agreement) -> str:
    """The agreement's page as an absolute link, for e-mails."""
    return settings.SITE_URL.rstrip("/") + reverse("agreement_detail", args=[agreement.pk])


def agreement_actions(user, agreement: Agreement) -> frozenset[str]:
    """What `user` may do with `agreement` now: its transitions that the state allows and the
    user's role permits (django-fsm), "language" (choosing it, while a bilingual
    municipality's agreement is a draft) and "preview" (a coordinator's unsaved draft
    documents). The page, its template and the API offer exactly these; the services check
    the same rules."""
    actions = set(available_transitions(agreement, user))
    own = is_coordinator(user) or manages(user, agreement.municipality_id)
    if agreement.status in SENDABLE and agreement.municipality.is_bilingual and own:
        actions.add("language")
    if agreement.sent_on is None and is_coordinator(user):
        actions.add("preview")
    if "send" in actions and missing_for_sending(agreement):
        actions.discard("send")  # the page says what to add first
    return frozenset(actions)


# A seal task finishes in seconds; one that has not after this long failed, or never ran.
SEAL_PENDING_FOR = datetime.timedelta(hours=1)


def seal_state(agreement, *, sealed: list, timeline: list, now=None) -> str | None:
    """What the agreement page says of the National Library's seal: "sealed", "pending"
    (countersigned within SEAL_PENDING_FOR with a seal configured: the task is on its way) or
    "missing" (countersigned with none configured, or long enough ago that no seal is
    coming); None before the countersignature or without signing evidence. Derived from the
    countersignature's time, so an agreement countersigned before a seal was configured does
    not say "being applied" for ever."""
    if sealed:
        return "sealed"
    if agreement.status not in COUNTERSIGNED or getattr(agreement, "evidence", None) is None:
        return None
    countersigned_at = max((t.at for t in timeline if t.transition == "countersign"), default=None)
    now = now or timezone.now()
    if (
        seal_configured()
        and countersigned_at is not None
        and now - countersigned_at < SEAL_PENDING_FOR
    ):
        return "pending"
    return "missing"
