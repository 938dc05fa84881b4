"""The fee engine: pure functions of their inputs, Decimal only.

annual fee = rate x population x billable months / 12, rounded to the cent half-up, once per
municipality and year (SPEC 3.6). The billable months are the months of the year on whose
first day the municipality was joined (`scheduling.joined`): nothing is billed for a month in
which it was not, and belonging to the launch cohort bills nothing by itself."""

import calendar
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from onboarding import formatting

CENT = Decimal("0.01")


def months_billed(joined_on: Callable[[datetime.date], bool], year: int) -> tuple[int, ...]:
    """The months of `year` billed: those on whose first day the municipality is joined
    (`joined_on(day)`). So a service start on the 1st counts that month and a later start
    counts from the next month; an agreement that ends during a month is billed to the end of
    that month."""
    return tuple(month for month in range(1, 13) if joined_on(datetime.date(year, month, 1)))


def billable_months(start: datetime.date, year: int) -> int:
    """Months billed in `year` for a service that starts on `start` and goes on: 23.4.2024 ->
    8 in 2024; 1.1.2025 -> 12; 1.6.2025 -> 7; 15.6.2025 -> 6; a start after the year -> 0."""
    return len(months_billed(lambda day: start <= day, year))


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
    # The months of `year` on whose first day the municipality was joined (months_billed).
    joined_months: tuple[int, ...] = ()
    # Why no month is billed, in words, when none is (the agreement, the unit, the date).
    not_joined_reason: str = ""


@dataclass(frozen=True)
class Fee:
    inputs: FeeInputs
    months: int = 0
    amount: Decimal = Decimal("0.00")
    blocked_reason: str = ""

    @property
    def blocked(self) -> bool:
        return bool(self.blocked_reason)

    @property
    def billable(self) -> bool:
        """What an invoice bills: not blocked, and more than nothing. The one rule of the
        run's start, its payers and each payer's invoice."""
        return not self.blocked and self.amount > 0

    @property
    def period(self) -> tuple[datetime.date, datetime.date] | None:
        """The first and last day of the months billed."""
        months = self.inputs.joined_months
        if not months or self.blocked:
            return None
        year, last = self.inputs.year, max(months)
        return (
            datetime.date(year, min(months), 1),
            datetime.date(year, last, calendar.monthrange(year, last)[1]),
        )

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
    if not i.joined_months:
        return Fee(
            i,
            blocked_reason=i.not_joined_reason
            or _("%(name)s was not joined in %(year)d.")
            % {"name": i.municipality_name, "year": i.year},
        )
    if i.population is None:
        return Fee(
            i,
            blocked_reason=_("No population figure for %(name)s dated on or before %(date)s.")
            % {"name": i.municipality_name, "date": formatting.date(i.reference_date)},
        )
    months = len(i.joined_months)
    return Fee(i, months=months, amount=annual_fee(i.rate, i.population, months))


QUANTITY = Decimal("0.000001")


def resident_years(population: int, months: int, rate: Decimal, amount: Decimal) -> Decimal:
    """The quantity of a fee row in resident-years (residents x months / 12) with at most six
    decimals, chosen so that quantity x rate, rounded to the cent, is the fee `amount` itself:
    a receiving system that checks the row's arithmetic accepts it (3,966 x 7/12 = 2,313.5 x
    0.70 = 1,619.45)."""
    exact = Decimal(population) * months / 12
    near = exact.quantize(QUANTITY, rounding=ROUND_HALF_UP)
    for quantity in (near, near - QUANTITY, near + QUANTITY):
        if (quantity * rate).quantize(CENT, rounding=ROUND_HALF_UP) == amount:
            return quantity.normalize() if quantity == quantity.to_integral() else quantity
    raise ValueError(f"no quantity of six decimals gives {amount} at {rate}")
