"""The fee engine with the real figures, and its properties (hypothesis)."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from billing.fees import FeeInputs, annual_fee, billable_months, calculate_fee, months_billed

RATE = Decimal("0.70")


@pytest.mark.parametrize(
    ("start", "year", "months"),
    [
        (datetime.date(2024, 4, 23), 2024, 8),  # the planned launch
        (datetime.date(2025, 1, 1), 2025, 12),
        (datetime.date(2025, 6, 1), 2025, 7),
        (datetime.date(2025, 6, 15), 2025, 6),
        (datetime.date(2026, 1, 1), 2025, 0),  # a start after the year
        (datetime.date(2024, 4, 23), 2025, 12),
        (datetime.date(2024, 12, 2), 2024, 0),
        (datetime.date(2024, 12, 1), 2024, 1),
    ],
)
def test_billable_months(start, year, months):
    assert billable_months(start, year) == months


def test_helsinki_2025_is_70_cents_times_684018():
    assert annual_fee(RATE, 684018, 12) == Decimal("478812.60")


def test_going_live_on_15_june_pays_six_twelfths_of_the_full_fee():
    full = annual_fee(RATE, 684018, 12)
    assert annual_fee(RATE, 684018, billable_months(datetime.date(2025, 6, 15), 2025)) == (
        full * 6 / 12
    ).quantize(Decimal("0.01"))


def test_rounding_is_half_up_once():
    # 0.70 x 3 x 8 / 12 = 1.40 exactly; 0.70 x 1 x 1 / 12 = 0.0583.. -> 0.06
    assert annual_fee(RATE, 3, 8) == Decimal("1.40")
    assert annual_fee(RATE, 1, 1) == Decimal("0.06")
    # Rounding per month and adding up would give 0.06 x 12 = 0.72; once gives 0.70.
    assert annual_fee(RATE, 1, 12) == Decimal("0.70")


def _inputs(**changes):
    base = dict(
        municipality_code="091",
        municipality_name="Helsinki",
        year=2025,
        rate=RATE,
        population=684018,
        population_date=datetime.date(2024, 12, 31),
        reference_date=datetime.date(2024, 12, 31),
        joined_months=tuple(range(1, 13)),
    )
    base.update(changes)
    return FeeInputs(**base)


def test_a_missing_population_blocks_the_fee_with_the_date():
    fee = calculate_fee(_inputs(population=None, population_date=None))
    assert fee.blocked and fee.amount == 0
    assert "31.12.2024" in fee.blocked_reason and "Helsinki" in fee.blocked_reason


def test_nothing_is_billed_for_a_year_the_municipality_was_not_joined():
    fee = calculate_fee(_inputs(joined_months=()))
    assert fee.blocked and fee.amount == 0 and fee.period is None
    assert "Helsinki" in fee.blocked_reason and "2025" in fee.blocked_reason
    # The reason the caller knows (agreement, unit, dates) is what the person reads.
    reason = "Helsinki's agreement ended on 31.12.2024."
    assert calculate_fee(_inputs(joined_months=(), not_joined_reason=reason)).blocked_reason == (
        reason
    )


def test_the_months_joined_are_the_months_billed_and_the_period():
    fee = calculate_fee(_inputs(joined_months=(6, 7, 8, 9, 10, 11, 12)))
    assert fee.months == 7
    assert fee.amount == annual_fee(RATE, 684018, 7)
    assert fee.period == (datetime.date(2025, 6, 1), datetime.date(2025, 12, 31))
    # An agreement that ended in May: January to May.
    assert calculate_fee(_inputs(joined_months=(1, 2, 3, 4, 5))).period == (
        datetime.date(2025, 1, 1),
        datetime.date(2025, 5, 31),
    )


def test_months_billed_are_the_months_joined_on_their_first_day():
    def joined(day):
        return datetime.date(2025, 6, 15) <= day < datetime.date(2025, 10, 20)

    # From July (joined after 1 June) to October (still joined on 1 October).
    assert months_billed(joined, 2025) == (7, 8, 9, 10)


def test_a_rate_of_zero_or_below_blocks():
    assert calculate_fee(_inputs(rate=Decimal("0"))).blocked
    assert calculate_fee(_inputs(rate=Decimal("-0.10"))).blocked


def test_the_explanation_names_every_factor():
    fee = calculate_fee(_inputs())
    assert fee.amount == Decimal("478812.60")
    text = fee.explanation()
    assert "684\u00a0018" in text and "12/12" in text and "478\u00a0812,60" in text
    assert "0,70" in text


@given(
    rate=st.decimals(min_value=0, max_value=10, places=4),
    population=st.integers(min_value=0, max_value=2_000_000),
    months=st.integers(min_value=0, max_value=12),
)
def test_never_negative_and_at_most_the_full_fee(rate, population, months):
    fee = annual_fee(rate, population, months)
    assert fee >= 0
    assert fee <= annual_fee(rate, population, 12)


@given(
    rate=st.decimals(min_value=0, max_value=10, places=4),
    population=st.integers(min_value=0, max_value=2_000_000),
    extra=st.integers(min_value=0, max_value=1000),
    months=st.integers(min_value=0, max_value=11),
)
def test_monotonic_in_population_and_months(rate, population, extra, months):
    assert annual_fee(rate, population + extra, months) >= annual_fee(rate, population, months)
    assert annual_fee(rate, population, months + 1) >= annual_fee(rate, population, months)


@given(
    rate=st.decimals(min_value=0, max_value=10, places=4),
    population=st.integers(min_value=0, max_value=2_000_000),
)
def test_twelve_months_is_the_full_fee(rate, population):
    assert annual_fee(rate, population, 12) == (rate * population).quantize(
        Decimal("0.01"), rounding="ROUND_HALF_UP"
    )
