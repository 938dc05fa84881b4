"""Synthetic municipalities for scaling measurements only; never loaded into a real database.

Real codes are three digits, so there is no room for 3,000 real-looking ones; synthetic rows
get codes of two capital letters and a digit ("AA0"), which no real municipality has."""

import datetime
import itertools
import string

from onboarding.models import (
    Consortium,
    ConsortiumMembership,
    LanguageStatus,
    Municipality,
    PopulationFigure,
)


def add_synthetic_municipalities(total: int) -> int:
    """Add synthetic municipalities until there are `total`, each with two population
    figures and, for every second one, a consortium membership. Returns how many were added."""
    missing = total - Municipality.objects.count()
    if missing <= 0:
        return 0
    codes = (
        a + b + d
        for a, b, d in itertools.product(
            string.ascii_uppercase, string.ascii_uppercase, string.digits
        )
    )
    rows = [
        Municipality(
            code=code,
            name_fi=f"Synteettinen {code}",
            name_sv=f"Syntetisk {code}",
            region="Synteettinen",
            region_code="99",
            language_status=LanguageStatus.FI,
        )
        for code in itertools.islice(codes, missing)
    ]
    created = Municipality.objects.bulk_create(rows)
    consortia = list(Consortium.objects.all()) or [
        Consortium.objects.create(name="Synthetic", slug="synthetic")
    ]
    PopulationFigure.objects.bulk_create(
        PopulationFigure(
            municipality=m,
            date=datetime.date(year, 12, 31),
            division=year,
            population=1000 + i,
            source="synthetic",
        )
        for i, m in enumerate(created)
        for year in (2023, 2024)
    )
    ConsortiumMembership.objects.bulk_create(
        ConsortiumMembership(municipality=m, consortium=consortia[i % len(consortia)])
        for i, m in enumerate(created)
        if i % 2 == 0
    )
    return len(created)
