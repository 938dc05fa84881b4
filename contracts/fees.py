"""Fee arithmetic: pure functions of their inputs, Decimal only (issue: fees extends this)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def billable_months(start: datetime.date, year: int) -> int:
    """Whole calendar months from the service start to the end of `year`: a start on the 1st
    counts that month, a later start counts from the next month."""
    if start.year > year:
        return 0
    if start.year < year:
        return 12
    first = start.month if start.day == 1 else start.month + 1
    return max(0, 13 - first)


def annual_fee(rate: Decimal, population: int, months: int) -> Decimal:
    """rate x population x months / 12, rounded to the cent half-up, once."""
    return (Decimal(rate) * population * months / 12).quantize(CENT, rounding=ROUND_HALF_UP)
