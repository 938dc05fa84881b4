"""Where the stages meet they agree: what a municipality is told, billed and allowed.

On the demo history and on generated histories of agreements and connections:
- a month is billed only when the login service says the municipality was joined on its first
  day, and every such month of the year is billed;
- the invoices of a year add up to the fee preview of that year;
- the dashboard's covered residents are the residents of the municipalities the login service
  says are joined today."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import html

from billing.models import Invoice
from billing.selectors import fee_rows
from billing.services.invoicing import invoice_issue
from billing.services.runs import payer_groups
from contracts.models import Agreement, AgreementStatus
from eligibility.services import eligibility_of
from onboarding import selectors as registry
from onboarding.models import Municipality, Programme
from scheduling.demo import history_seed
from scheduling.models import Connection, ConnectionStatus

pytestmark = pytest.mark.django_db

YEARS = (2024, 2025, 2026)


def _check_billed_months_are_joined_months(programme, codes=None):
    for year in YEARS:
        municipalities = Municipality.objects.filter(code__in=codes) if codes else None
        for row in fee_rows(programme, year, municipalities=municipalities):
            joined = tuple(
                month
                for month in range(1, 13)
                if (answer := eligibility_of(row.municipality.code, datetime.date(year, month, 1)))
                and answer.joined
            )
            if row.fee.blocked:
                assert row.fee.months == 0 and row.fee.amount == Decimal("0.00")
                # Blocked only for a missing figure or rate, or for being joined in no month.
                assert not joined or row.fee.inputs.population is None, (year, row)
            else:
                assert row.fee.inputs.joined_months == joined, (year, row.municipality.code)
                assert row.fee.months == len(joined) > 0


def _check_invoices_add_up_to_the_preview(programme, year, finance):
    rows = fee_rows(programme, year)
    for payer, group in payer_groups(rows).values():
        invoice_issue(programme=programme, year=year, payer=payer, rows=group, by=finance)
    preview = sum((r.fee.amount for r in rows if not r.fee.blocked), Decimal("0"))
    invoiced = sum(
        (i.net_total for i in Invoice.objects.filter(programme=programme, fee_year=year)),
        Decimal("0"),
    )
    assert invoiced == preview


def test_the_demo_bills_exactly_the_joined_months_and_invoices_add_up(finance):
    programme = Programme.objects.get(slug="ekirjasto")
    history_seed(programme=programme)
    cache.clear()
    _check_billed_months_are_joined_months(programme)
    _check_invoices_add_up_to_the_preview(programme, 2025, finance)


def test_the_dashboard_covers_the_residents_the_login_service_lets_in(coordinator, client_for):
    programme = Programme.objects.get(slug="ekirjasto")
    history_seed(programme=programme)
    cache.clear()
    today = registry.today()
    joined = {
        code
        for code in registry.population_of(today)
        if (answer := eligibility_of(code, today)) and answer.joined
    }
    residents = sum(registry.population_of(today)[code][0] or 0 for code in joined)
    page = client_for(coordinator).get("/", {"programme": programme.slug})
    card = "".join(html.fromstring(page.content).xpath("//*[@id='figure-covered']//p[2]//text()"))
    figures = re.sub(r"\s", "", card)  # "4794553 / 5635971 ..." without its separators
    assert residents > 0
    assert figures.startswith(str(residents)), (residents, card)
    assert str(sum(p or 0 for p, _d in registry.population_of(today).values())) in figures


# --- generated histories -------------------------------------------------------------------

CODES = ("049", "091", "092", "235", "905", "545", "287")  # Helmet, Vaasa, two of Fredrika
UNITS = {"helmet": ("049", "091", "092", "235"), "905": ("905",), "fredrika": ("545", "287")}
days = st.integers(0, 1000).map(lambda n: datetime.date(2024, 1, 1) + datetime.timedelta(days=n))


@st.composite
def histories(draw):
    agreements = {}
    for code in CODES:
        if draw(st.booleans()):
            start = draw(days)
            end = draw(st.one_of(st.none(), days.filter(lambda d, s=start: d >= s)))
            agreements[code] = (start, end)
    connections = {key: draw(st.one_of(st.none(), days)) for key in UNITS}
    return agreements, connections


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(history=histories())
def test_generated_histories_bill_exactly_the_joined_months(history, finance):
    agreements, connections = history
    programme = Programme.objects.get(slug="ekirjasto")
    with transaction.atomic():
        for code, (start, end) in agreements.items():
            Agreement.objects.create(
                programme=programme,
                municipality=Municipality.objects.get(code=code),
                language="fi",
                status=AgreementStatus.TERMINATED if end else AgreementStatus.IN_FORCE,
                signed_on=start,
                in_force_on=start,
                end_date=end,
            )
        for key, go_live in connections.items():
            if go_live is not None:
                Connection.objects.create(
                    programme=programme,
                    unit_key=key,
                    status=ConnectionStatus.LIVE,
                    go_live_on=go_live,
                )
        cache.clear()
        _check_billed_months_are_joined_months(programme, CODES)
        _check_invoices_add_up_to_the_preview(programme, 2025, finance)
        transaction.set_rollback(True)
    cache.clear()
