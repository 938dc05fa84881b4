"""What each person's home page says to do next: a manager's open surveys, agreements to
sign, connections with their wave date and checklist, fees and latest invoice; finance's
invoice runs, unpaid and overdue invoices and payers whose invoicing details are missing.
Read from each stage's own selectors (the one home of each rule); a constant number of
queries."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum

from billing.models import Invoice, InvoiceRun, InvoiceStatus
from billing.selectors import fee_rows, invoices_for_user, payers_missing_details
from contracts.models import SIGNABLE
from contracts.selectors import agreements_for_user
from onboarding import selectors as registry
from onboarding.models import Programme
from scheduling.selectors import connections_for_user
from surveys import selectors as surveys
from surveys.models import ResponseStatus

STILL_TO_ANSWER = (ResponseStatus.NOT_STARTED, ResponseStatus.DRAFT, ResponseStatus.RETURNED)
UNPAID = (InvoiceStatus.ISSUED, InvoiceStatus.SENT)


@dataclass
class ManagerHome:
    today: datetime.date
    # Open surveys still to answer: (questionnaire, respondent, municipality, response).
    surveys: list = field(default_factory=list)
    to_sign: list = field(default_factory=list)  # agreements sent and waiting
    connections: list = field(default_factory=list)  # (connection, unit name, done, total)
    fees: list = field(default_factory=list)  # FeeRow of this year, billable
    latest_invoice: Invoice | None = None

    @property
    def fee_year(self) -> int:
        return self.today.year


def manager_home(user, *, today: datetime.date | None = None) -> ManagerHome:
    today = today or registry.today()
    home = ManagerHome(today=today)
    for questionnaire, respondent, municipality, response in surveys.my_surveys(user):
        status = response.status if response else ResponseStatus.NOT_STARTED
        if questionnaire.is_open() and status in STILL_TO_ANSWER:
            home.surveys.append((questionnaire, respondent, municipality, response))
    home.surveys.sort(key=lambda row: row[0].closes_at)
    home.to_sign = list(
        agreements_for_user(user)
        .filter(status__in=SIGNABLE)
        .select_related("municipality", "programme")
        .order_by("sent_on")
    )
    connections = list(connections_for_user(user).order_by("wave__date", "unit_key"))
    totals = dict(
        Programme.objects.filter(pk__in={c.programme_id for c in connections})
        .annotate(n=Count("checklist_items"))
        .values_list("pk", "n")
    )
    names = {unit.key: unit.name for unit in registry.connection_units()}
    home.connections = [
        (c, names.get(c.unit_key, c.unit_key), len(c.ticks.all()), totals.get(c.programme_id, 0))
        for c in connections
    ]
    mine = registry.municipalities_for_user(user)
    for programme in Programme.objects.order_by("launch_date"):
        home.fees += [
            r for r in fee_rows(programme, today.year, municipalities=mine) if r.fee.billable
        ]
    home.latest_invoice = (
        invoices_for_user(user)
        .filter(kind=Invoice.Kind.INVOICE)
        .order_by("-issue_date", "-pk")
        .first()
    )
    return home


@dataclass
class FinanceHome:
    runs: list
    unpaid_count: int
    unpaid_total: Decimal
    overdue_count: int
    overdue_total: Decimal
    missing_details: list
    year: int


def finance_home(user, *, today: datetime.date | None = None) -> FinanceHome:
    today = today or registry.today()
    unpaid = invoices_for_user(user).filter(kind=Invoice.Kind.INVOICE, status__in=UNPAID)
    figures = unpaid.aggregate(
        n=Count("pk"),
        total=Sum("gross_total"),
        overdue_n=Count("pk", filter=Q(due_date__lt=today)),
        overdue_total=Sum("gross_total", filter=Q(due_date__lt=today)),
    )
    missing = []
    for programme in Programme.objects.order_by("launch_date"):
        missing += payers_missing_details(fee_rows(programme, today.year))
    return FinanceHome(
        runs=list(
            InvoiceRun.objects.select_related("programme", "job").order_by("-created_at")[:5]
        ),
        unpaid_count=figures["n"],
        unpaid_total=figures["total"] or Decimal("0"),
        overdue_count=figures["overdue_n"],
        overdue_total=figures["overdue_total"] or Decimal("0"),
        missing_details=missing,
        year=today.year,
    )
