"""Finnish business days: not a weekend, not a Finnish public holiday."""

import datetime
from functools import lru_cache

import holidays
from django.utils import translation

LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}


@lru_cache(maxsize=64)
def _holidays(year: int, language: str) -> dict:
    return dict(holidays.Finland(years=year, language=language))


def holiday_name(day: datetime.date) -> str | None:
    """The Finnish public holiday on `day`, named in the active language, or None."""
    language = LANGUAGES.get((translation.get_language() or "fi")[:2], "fi")
    return _holidays(day.year, language).get(day)


def is_business_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def business_day_on_or_after(day: datetime.date) -> datetime.date:
    """Weekends and Finnish public holidays move a date to the next business day."""
    while not is_business_day(day):
        day += datetime.timedelta(days=1)
    return day
