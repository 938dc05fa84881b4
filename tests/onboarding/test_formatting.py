"""Numbers and dates as the Finnish and Swedish documents print them."""

import datetime
from decimal import Decimal

from onboarding import formatting


def test_a_period_within_a_year_names_the_year_once():
    assert (
        formatting.date_range(datetime.date(2025, 5, 1), datetime.date(2025, 12, 31))
        == "1.5.\u201331.12.2025"
    )


def test_a_period_across_years_names_both():
    assert (
        formatting.date_range(datetime.date(2024, 12, 1), datetime.date(2025, 1, 31))
        == "1.12.2024\u201331.1.2025"
    )


def test_euros_and_integers_group_thousands_with_a_no_break_space():
    assert formatting.euros(Decimal("478812.6")) == "478\u00a0812,60\u00a0€"
    assert formatting.euros(Decimal("-1619.45")) == "-1\u00a0619,45\u00a0€"
    assert formatting.integer(5635971) == "5\u00a0635\u00a0971"
    assert formatting.date(None) == ""
