"""The inputs of every municipality's fee for a programme and year, read in a constant
number of queries, and the fees computed by the pure engine."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_fsm import can_proceed, has_transition_perm

from billing import fees
from billing.fees import Fee, FeeInputs, calculate_fee
from billing.models import CREDITABLE, FeeRate, Invoice, PayerAssignment
from contracts.models import Agreement
from contracts.selectors import unit_completeness
from onboarding import formatting
from onboarding import selectors as registry
from onboarding.models import FeeModel, Municipality, Participant, Stage
from onboarding.permissions import is_finance_or_coordinator
from scheduling import joined
from scheduling.joined import Joining
from scheduling.models import Connection, Terminal


@dataclass(frozen=True)
class FeeRow:
    municipality: Municipality
    fee: Fee
    payer: Municipality
    agreement: Agreement | None
    unit_key: str
    joining: Joining | None = None


def rate_for(programme, year: int) -> FeeRate | None:
    return programme.fee_rates.filter(from_year__lte=year).order_by("-from_year").first()


def _not_joined(name, year, agreement, joining, unit, connection) -> str:
    """Why `name` is billed nothing in `year`, in words a coordinator can act on."""
    year_start, year_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    if agreement is None or joining is None or joining.in_force_from > year_end:
        return _("The agreement of %(name)s was not in force in %(year)d.") % {
            "name": name,
            "year": year,
        }
    if joining.in_force_until is not None and joining.in_force_until < year_start:
        return _("The agreement of %(name)s ended on %(date)s.") % {
            "name": name,
            "date": formatting.date(joining.in_force_until),
        }
    since = joining.since
    if since is not None:
        return _("%(name)s is joined from %(date)s: nothing to bill in %(year)d.") % {
            "name": name,
            "date": formatting.date(since),
            "year": year,
        }
    unit_name = unit.name if unit is not None else name
    if unit is not None and not unit.complete:
        count = len(unit.blocking)
        return ngettext(
            "Waiting for %(unit)s to be complete: %(count)d member unsigned.",
            "Waiting for %(unit)s to be complete: %(count)d members unsigned.",
            count,
        ) % {"unit": unit_name, "count": count}
    if connection is not None and connection.wave is not None:
        return _("%(unit)s is not live yet: it is to be connected on %(date)s.") % {
            "unit": unit_name,
            "date": formatting.date(connection.wave.date),
        }
    return _("%(unit)s is not connected yet.") % {"unit": unit_name}


def fee_rows(programme, year: int, *, municipalities=None) -> list[FeeRow]:
    """Every municipality that existed in `year` (or the given ones) with its fee: the
    population of the municipality as it exists in `year` (`registry.with_population`), the
    months it was joined (`scheduling.joined`), or why nothing is billed. A constant number
    of queries. A programme whose fee is not per resident has no such rows."""
    if not programme.charges_per_resident:
        return []
    year_start, year_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    reference = programme.population_reference_date_for(year)
    decision = rate_for(programme, year)
    rate = decision.rate if decision else (programme.fee_per_resident or None)
    qs = municipalities if municipalities is not None else Municipality.objects.all()
    qs = qs.filter(registry.valid_on_q(year_start) | registry.valid_on_q(year_end)).distinct()
    qs = registry.with_population(
        qs, year_start, reference=reference, name="fee_population"
    ).order_by("name_fi")
    agreements = {
        a.municipality_id: a
        for a in Agreement.objects.filter(programme=programme)
        .countersigned()
        .select_related("programme")
    }
    units_on = min(max(registry.today(), year_start), year_end)
    units = {u.key: u for u in unit_completeness(programme, on=units_on)}
    unit_of = {code: key for key, u in units.items() for code, _name in u.members}
    joinings = joined.joinings(units_on=units_on, programme=programme, unit_of=unit_of)
    connections = {
        c.unit_key: c for c in Connection.objects.filter(programme=programme).select_related("wave")
    }
    payers = {
        p.municipality_id: p.payer
        for p in PayerAssignment.objects.filter(programme=programme).select_related("payer")
    }
    rows = []
    for municipality in qs:
        agreement = agreements.get(municipality.pk)
        key = unit_of.get(municipality.code, municipality.code)
        joining = joinings.get((municipality.code, programme.pk))
        months = fees.months_billed(joining.joined_on, year) if joining else ()
        fee = calculate_fee(
            FeeInputs(
                municipality_code=municipality.code,
                municipality_name=municipality.name,
                year=year,
                rate=rate,
                population=municipality.fee_population,
                population_date=municipality.fee_population_date,
                reference_date=reference,
                joined_months=months,
                not_joined_reason=""
                if months
                else _not_joined(
                    municipality.name,
                    year,
                    agreement,
                    joining,
                    units.get(key),
                    connections.get(key),
                ),
            )
        )
        payer = payers.get(municipality.pk, municipality)
        rows.append(FeeRow(municipality, fee, payer, agreement, key, joining))
    return rows


@dataclass(frozen=True)
class FlatFeeRow:
    name: str  # the participant: a library's name, or the municipality's
    municipality: Municipality
    count: int  # 1 per participant, or its customer terminals
    amount: Decimal


def flat_fee_rows(programme, year: int, *, municipalities=None) -> list[FlatFeeRow]:
    """A flat fee programme's fees for `year`: the flat fee once per participant, or once per
    customer terminal it has registered, for a whole year (no proration). The participants
    are a selecting programme's selected ones, otherwise the municipalities whose agreement is
    in force at some time in the year. Empty for other fee models. Three queries."""
    if programme.fee_model not in (FeeModel.PER_PARTICIPANT, FeeModel.PER_TERMINAL):
        return []
    year_start, year_end = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    qs = municipalities if municipalities is not None else Municipality.objects.all()
    if programme.has_stage(Stage.SELECTION):
        named = {
            p.municipality_id: (p.name, p.municipality)
            for p in Participant.objects.selected()
            .filter(programme=programme, municipality__in=qs)
            .select_related("municipality")
        }
    else:
        named = {
            a.municipality_id: (a.municipality.name, a.municipality)
            for a in Agreement.objects.countersigned()
            .filter(programme=programme, municipality__in=qs, in_force_on__lte=year_end)
            .exclude(end_date__lt=year_start)
            .select_related("municipality")
        }
    terminals = {}
    if programme.fee_model == FeeModel.PER_TERMINAL:
        terminals = dict(
            Terminal.objects.filter(location__participant__programme=programme)
            .values("location__participant__municipality")
            .annotate(n=Count("pk"))
            .values_list("location__participant__municipality", "n")
        )
    rows = []
    for municipality_id, (name, municipality) in named.items():
        per_terminal = programme.fee_model == FeeModel.PER_TERMINAL
        count = terminals.get(municipality_id, 0) if per_terminal else 1
        rows.append(FlatFeeRow(name, municipality, count, programme.flat_fee * count))
    return sorted(rows, key=lambda r: r.name)


@dataclass(frozen=True)
class MissingInvoicingDetails:
    payer: Municipality
    missing: list[str]  # the labels of the registry fields an invoice to it would lack


def payers_missing_details(rows: list[FeeRow]) -> list[MissingInvoicingDetails]:
    """The payers to be billed whose e-invoice address or business ID the registry lacks:
    finance sees them before an invoice run (their invoices would go out without them)."""
    labels = {
        "business_id": _("business ID"),
        "einvoice_address": _("e-invoice address"),
        "einvoice_operator": _("e-invoice operator"),
    }
    billed = {r.payer.pk: r.payer for r in rows if r.fee.billable}
    found = []
    for payer in sorted(billed.values(), key=lambda m: m.name_fi):
        missing = [label for field, label in labels.items() if not getattr(payer, field)]
        if missing:
            found.append(MissingInvoicingDetails(payer, missing))
    return found


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
