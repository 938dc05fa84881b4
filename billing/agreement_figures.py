"""The fee figures an agreement prints, as true on the day it is sent: from the fee engine
and the population rule the invoices use, for the first contract year that the unit's
connection plan or go-live gives (registered with the agreements' documents in
BillingConfig.ready())."""

import datetime
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _

from billing import fees
from billing.selectors import rate_for
from contracts.selectors import unit_of_municipality
from onboarding import formatting
from onboarding import selectors as registry
from scheduling.models import Connection


@dataclass(frozen=True)
class ServiceStart:
    """When the municipality's service is expected to start, and what the date is."""

    planned: datetime.date | None  # a planned go-live, wave or (before the deadline) launch
    unit_live_since: datetime.date | None  # the unit went live already, on this day


def expected_service_start(agreement, *, today: datetime.date) -> ServiceStart:
    """From the unit's connection: a go-live date ahead, or its wave's day ahead; before the
    signing deadline, the programme's launch. A unit live already starts the service for this
    municipality when its agreement comes into force: a day not known when it is sent."""
    programme = agreement.programme
    key = unit_of_municipality(agreement.municipality.code, on=today, programme=agreement.programme)
    connection = (
        Connection.objects.filter(programme=programme, unit_key=key).select_related("wave").first()
    )
    if connection is not None and connection.go_live_on is not None:
        if connection.go_live_on > today:
            return ServiceStart(connection.go_live_on, None)
        return ServiceStart(None, connection.go_live_on)
    if connection is not None and connection.wave is not None and connection.wave.date >= today:
        return ServiceStart(connection.wave.date, None)
    if today <= programme.signing_deadline:
        return ServiceStart(programme.launch_date, None)
    return ServiceStart(None, None)


def agreement_fee_context(agreement, *, today: datetime.date) -> dict:
    programme = agreement.programme
    code = agreement.municipality.code
    start = expected_service_start(agreement, today=today)
    fee_year = start.planned.year if start.planned else today.year
    population, population_date = registry.population_of(
        datetime.date(fee_year, 1, 1),
        reference=programme.population_reference_date_for(fee_year),
        codes=[code],
    ).get(code, (None, None))  # the fee engine's population of that year (billing.selectors)
    decision = rate_for(programme, fee_year)
    rate = decision.rate if decision else programme.fee_per_resident
    reference = programme.population_reference_date_for(fee_year)
    known = population is not None
    with translation.override(agreement.language):
        not_yet = _("not confirmed yet")
        context = {
            "fee_year": str(fee_year),
            "rate": formatting.euros(rate),
            "population_known": known,
            "population": formatting.integer(population) if known else not_yet,
            "population_date": formatting.date(population_date if known else reference),
            "annual_fee": formatting.euros(fees.annual_fee(rate, population, 12))
            if known
            else not_yet,
            "service_start": formatting.date(start.planned),
            "planned_start": formatting.date(start.planned),
            "live_since": formatting.date(start.unit_live_since),
            "first_year": str(start.planned.year) if start.planned else "",
            "first_year_months": _("from the month the service starts"),
            "first_year_fee": _("by the formula above"),
        }
        if start.planned:
            # The months follow from the start alone; the fee also needs the population.
            months = fees.billable_months(start.planned, start.planned.year)
            context["first_year_months"] = str(months)
            if known:
                context["first_year_fee"] = formatting.euros(
                    fees.annual_fee(rate, population, months)
                )
    return context
