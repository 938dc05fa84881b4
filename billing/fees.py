"""The fee engine: pure functions of their inputs, Decimal only.

annual fee = rate x population x billable months / 12, rounded to the cent half-up, once per
municipality and year (SPEC 3.6)."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from onboarding import formatting

CENT = Decimal("0.01")


def billable_months(start: datetime.date, year: int) -> int:
    """Whole calendar months from the service start to the end of `year`: a start on the 1st
    counts that month, a later start counts from the next month. 23.4.2024 -> 8 in 2024;
    1.1.2025 -> 12; 1.6.2025 -> 7; 15.6.2025 -> 6; a start after the year -> 0."""
    if start.year > year:
        return 0
    if start.year < year:
        return 12
    first = start.month if start.day == 1 else start.month + 1
    return max(0, 13 - first)


def annual_fee(rate: Decimal, population: int, months: int) -> Decimal:
    """rate x population x months / 12, rounded to the cent half-up, once."""
    if rate < 0 or population < 0 or not 0 <= months <= 12:
        raise ValueError("rate, population and months must be non-negative, months at most 12")
    return (Decimal(rate) * population * months / 12).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FeeInputs:
    """Everything a municipality's fee for one year depends on."""

    municipality_code: str
    municipality_name: str
    year: int
    rate: Decimal | None
    population: int | None
    population_date: datetime.date | None
    reference_date: datetime.date
    service_start: datetime.date | None
    in_force_from: datetime.date | None
    in_force_until: datetime.date | None = None


@dataclass(frozen=True)
class Fee:
    inputs: FeeInputs
    months: int = 0
    amount: Decimal = Decimal("0.00")
    blocked_reason: str = ""

    @property
    def blocked(self) -> bool:
        return bool(self.blocked_reason)

    def explanation(self) -> str:
        """One line a person can check with a calculator."""
        i = self.inputs
        if self.blocked:
            return self.blocked_reason

        places = 2 if i.rate == i.rate.quantize(CENT) else 4
        return _(
            "%(rate)s € × %(population)s residents (%(date)s) × %(months)d/12 months = %(amount)s €"
        ) % {
            "rate": formatting.euros(i.rate, places).removesuffix("\u00a0€"),
            "population": formatting.integer(i.population),
            "date": formatting.date(i.population_date),
            "months": self.months,
            "amount": formatting.euros(self.amount).removesuffix("\u00a0€"),
        }


def calculate_fee(inputs: FeeInputs) -> Fee:
    """The fee of one municipality for one year, or the reason it cannot be computed. A
    missing figure is never guessed."""
    i = inputs
    if i.rate is None:
        return Fee(
            i, blocked_reason=_("No fee rate has been decided for %(year)d.") % {"year": i.year}
        )
    if i.rate <= 0:
        return Fee(
            i, blocked_reason=_("The fee rate for %(year)d is not positive.") % {"year": i.year}
        )
    year_start, year_end = datetime.date(i.year, 1, 1), datetime.date(i.year, 12, 31)
    if (
        i.in_force_from is None
        or i.in_force_from > year_end
        or (i.in_force_until is not None and i.in_force_until < year_start)
    ):
        return Fee(
            i,
            blocked_reason=_("The agreement of %(name)s was not in force in %(year)d.")
            % {"name": i.municipality_name, "year": i.year},
        )
    if i.service_start is None:
        return Fee(
            i,
            blocked_reason=_("%(name)s has no service start date (go-live) yet.")
            % {"name": i.municipality_name},
        )
    if i.population is None:
        return Fee(
            i,
            blocked_reason=_("No population figure for %(name)s dated on or before %(date)s.")
            % {"name": i.municipality_name, "date": i.reference_date.strftime("%d.%m.%Y")},
        )
    months = billable_months(i.service_start, i.year)
    if i.in_force_until is not None and i.in_force_until.year == i.year:
        months = min(months, i.in_force_until.month)  # billed to the end of the last month
    return Fee(i, months=months, amount=annual_fee(i.rate, i.population, months))
