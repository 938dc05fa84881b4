"""Numbers and dates as Finnish and Swedish documents print them."""

import datetime
from decimal import Decimal


def group(digits: str) -> str:
    """Thousands separated by a no-break space: 684018 -> '684 018'."""
    parts = []
    while len(digits) > 3:
        parts.insert(0, digits[-3:])
        digits = digits[:-3]
    parts.insert(0, digits)
    return "\u00a0".join(parts)


def integer(value: int) -> str:
    sign = "-" if value < 0 else ""
    return sign + group(str(abs(value)))


def euros(value: Decimal, places: int = 2) -> str:
    """Decimal(478812.6) -> '478 812,60 €'."""
    quantized = f"{abs(Decimal(value)):.{places}f}"
    whole, _dot, fraction = quantized.partition(".")
    sign = "-" if value < 0 else ""
    return f"{sign}{group(whole)}{',' + fraction if fraction else ''}\u00a0€"


def date(value: datetime.date | None) -> str:
    return f"{value.day}.{value.month}.{value.year}" if value else ""


def date_range(start: datetime.date, end: datetime.date) -> str:
    """1.5.–31.12.2025 within a year, 1.12.2024–31.1.2025 across years (Finnish and
    Swedish alike)."""
    first = f"{start.day}.{start.month}." if start.year == end.year else date(start)
    return f"{first}\u2013{date(end)}"
