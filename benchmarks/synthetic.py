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


def add_synthetic_invoices(
    count: int, *, programme, series: str = "SY", from_year: int = 2000
) -> list:
    """`count` issued invoices (each 100.00 €, one per payer and fee year, as the database
    requires) written directly in bulk, for measuring what reads many invoices (the payment
    import). The payers are the municipalities there are, over as many fee years from `from_year`
    as needed (add synthetic municipalities first for fewer years); a series of their own keeps
    their numbers apart from real ones."""
    from decimal import Decimal

    from billing.documents.references import finnish_reference, rf_reference
    from billing.models import Invoice

    payers = list(Municipality.objects.order_by("code"))
    day = datetime.date(2026, 1, 2)
    first = Invoice.objects.count() + 1  # references unique across calls
    invoices = []
    for n in range(count):
        year, payer = from_year + n // len(payers), payers[n % len(payers)]
        reference = finnish_reference(f"8{day.year}{first + n:07d}")
        invoices.append(
            Invoice(
                kind=Invoice.Kind.INVOICE,
                series=series,
                year=day.year,
                sequence=n + 1,
                number=f"{series}-{day.year}-{n + 1:06d}",
                programme=programme,
                fee_year=year,
                payer=payer,
                language="fi",
                issue_date=day,
                due_date=day + datetime.timedelta(days=21),
                reference=reference,
                rf_reference=rf_reference(reference),
                seller={},
                buyer={"name": payer.name_fi},
                vat_rate=Decimal("0"),
                net_total=Decimal("100.00"),
                vat_total=Decimal("0"),
                gross_total=Decimal("100.00"),
            )
        )
    return Invoice.objects.bulk_create(invoices, batch_size=2000)
