"""The inputs of every municipality's fee for a programme and year, read in a constant
number of queries, and the fees computed by the pure engine."""

import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from billing.fees import Fee, FeeInputs, calculate_fee
from billing.models import CREDITABLE, FeeRate, Invoice, PayerAssignment
from contracts.models import Agreement, AgreementStatus
from onboarding import selectors as registry
from onboarding.models import Municipality, PopulationFigure
from onboarding.permissions import is_finance_or_coordinator
from scheduling.models import Connection


@dataclass(frozen=True)
class FeeRow:
    municipality: Municipality
    fee: Fee
    payer: Municipality
    agreement: Agreement | None
    unit_key: str


def rate_for(programme, year: int) -> FeeRate | None:
    return programme.fee_rates.filter(from_year__lte=year).order_by("-from_year").first()


def fee_rows(programme, year: int, *, municipalities=None) -> list[FeeRow]:
    """Every municipality that existed in `year` (or the given ones) with its fee."""
    year_start, year_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    reference = programme.population_reference_date_for(year)
    decision = rate_for(programme, year)
    rate = decision.rate if decision else (programme.fee_per_resident or None)
    qs = municipalities if municipalities is not None else Municipality.objects.all()
    qs = qs.filter(registry.valid_on_q(year_start) | registry.valid_on_q(year_end)).distinct()
    figure = PopulationFigure.objects.filter(
        municipality=OuterRef("pk"), date__lte=reference
    ).order_by("-date")
    qs = qs.annotate(
        fee_population=Subquery(figure.values("population")[:1]),
        fee_population_date=Subquery(figure.values("date")[:1]),
    ).order_by("name_fi")
    agreements = {
        a.municipality_id: a
        for a in Agreement.objects.filter(
            programme=programme, status__in=(AgreementStatus.IN_FORCE, AgreementStatus.TERMINATED)
        ).select_related("programme")
    }
    go_live = dict(
        Connection.objects.filter(programme=programme, go_live_on__isnull=False).values_list(
            "unit_key", "go_live_on"
        )
    )
    unit_of = {}
    for unit in registry.connection_units(on=min(max(registry.today(), year_start), year_end)):
        for code in unit.member_codes:
            unit_of[code] = unit.key
    payers = {
        p.municipality_id: p.payer
        for p in PayerAssignment.objects.filter(programme=programme).select_related("payer")
    }
    rows = []
    for municipality in qs:
        agreement = agreements.get(municipality.pk)
        key = unit_of.get(municipality.code, municipality.code)
        start = go_live.get(key)
        if start is None and agreement is not None and agreement.launch_cohort:
            start = programme.launch_date
        fee = calculate_fee(
            FeeInputs(
                municipality_code=municipality.code,
                municipality_name=municipality.name_fi,
                year=year,
                rate=rate,
                population=municipality.fee_population,
                population_date=municipality.fee_population_date,
                reference_date=reference,
                service_start=start,
                in_force_from=agreement.in_force_on if agreement else None,
                in_force_until=agreement.end_date if agreement else None,
            )
        )
        rows.append(
            FeeRow(municipality, fee, payers.get(municipality.pk, municipality), agreement, key)
        )
    return rows


# --- invoices, scoped by user -------------------------------------------------------------


def invoices_for_user(user) -> QuerySet[Invoice]:
    """Coordinators and finance see every invoice; a manager those of their municipalities."""
    qs = Invoice.objects.select_related("programme", "payer", "credit_of")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if user.sees_all_municipalities:
        return qs
    if user.is_manager:
        return qs.filter(payer__in=user.municipalities.values("pk"))
    return qs.none()


def invoice_get(user, number: str) -> Invoice:
    invoice = invoices_for_user(user).filter(number=number).first()
    if invoice is None:
        raise Http404(_("No invoice %(number)s.") % {"number": number})
    return invoice


def invoice_actions(user, invoice: Invoice) -> frozenset[str]:
    """What `user` may do with `invoice` now: "mark_sent" and "credit". The pages, their
    templates and the API offer exactly these; the services check the same rules."""
    actions = set()
    if can_proceed(invoice.mark_sent) and has_transition_perm(invoice.mark_sent, user):
        actions.add("mark_sent")
    if (
        invoice.kind == Invoice.Kind.INVOICE
        and invoice.status in CREDITABLE
        and is_finance_or_coordinator(user)
    ):
        actions.add("credit")
    return frozenset(actions)
