"""The fee figures an agreement prints, from the fee engine (registered with the agreements'
documents in BillingConfig.ready())."""

import datetime

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from billing import fees
from onboarding import formatting
from onboarding.models import PopulationFigure


def population_for_estimate(municipality, on: datetime.date):
    return (
        PopulationFigure.objects.filter(municipality=municipality, date__lte=on)
        .order_by("-date")
        .first()
    )


def agreement_fee_context(agreement) -> dict:
    programme = agreement.programme
    figure = population_for_estimate(agreement.municipality, timezone.localdate())
    population = figure.population if figure else 0
    launch = programme.launch_date
    months = fees.billable_months(launch, launch.year)
    with translation.override(agreement.language):
        missing = _("(no population figure)")
    return {
        "population": formatting.integer(population) if figure else missing,
        "population_date": formatting.date(figure.date) if figure else "—",
        "rate": formatting.euros(programme.fee_per_resident),
        "annual_fee": formatting.euros(fees.annual_fee(programme.fee_per_resident, population, 12)),
        "first_year": str(launch.year),
        "first_year_months": str(months),
        "first_year_fee": formatting.euros(
            fees.annual_fee(programme.fee_per_resident, population, months)
        ),
    }
