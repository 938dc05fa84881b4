"""Loading the real reference data shipped in data/reference/ (see its README for sources)."""

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from onboarding.models import Consortium, ConsortiumMembership, Municipality, PopulationFigure
from onboarding.signals import joining_changed

POPULATION_SOURCE_2024 = (
    "Statistics Finland, WFS vaestoalue:kunta_vaki2024 (31.12.2024); 507/588 split from "
    "table 11rf - see data/reference/README.md"
)
# Pertunmaa merged into Mantyharju on 1.1.2025 (data/reference/README.md section 1).
MERGERS = {"588": ("507", datetime.date(2024, 12, 31))}


@dataclass
class LoadReport:
    municipalities_created: int = 0
    municipalities_updated: int = 0
    populations_created: int = 0
    consortia_created: int = 0
    memberships_created: int = 0

    def __str__(self):
        return (
            f"municipalities: {self.municipalities_created} created, "
            f"{self.municipalities_updated} updated; population figures: "
            f"{self.populations_created} created; consortia: {self.consortia_created} created; "
            f"memberships: {self.memberships_created} created"
        )


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def reference_data_load(*, directory: Path | None = None) -> LoadReport:
    """Idempotent: a second run creates nothing and changes nothing that is already right.

    Data entered in the app (business IDs, e-invoice details) is never overwritten by an
    empty value from the file."""
    directory = Path(directory or settings.REFERENCE_DATA_DIR)
    report = LoadReport()
    existing = {m.code: m for m in Municipality.objects.all()}
    for row in _rows(directory / "municipalities.csv"):
        values = {
            "name_fi": row["name_fi"].strip(),
            "name_sv": row["name_sv"].strip(),
            "region": row["region"].strip(),
            "region_code": row["region_code"].strip(),
            "language_status": row["language_status"].strip(),
            "notes": row["notes"].strip(),
        }
        municipality = existing.get(row["code"])
        if municipality is None:
            municipality = Municipality(code=row["code"], business_id=row["business_id"].strip())
            for key, value in values.items():
                setattr(municipality, key, value)
            municipality.full_clean()
            municipality._change_reason = "load_reference_data"
            municipality.save()
            existing[municipality.code] = municipality
            report.municipalities_created += 1
        else:
            changed = {k: v for k, v in values.items() if getattr(municipality, k) != v}
            if row["business_id"].strip() and not municipality.business_id:
                changed["business_id"] = row["business_id"].strip()
            if changed:
                for key, value in changed.items():
                    setattr(municipality, key, value)
                municipality._change_reason = "load_reference_data"
                municipality.save()
                report.municipalities_updated += 1
        date = datetime.date.fromisoformat(row["population_date"])
        _, created = PopulationFigure.objects.get_or_create(
            municipality=municipality,
            date=date,
            division=date.year,  # Mäntyharju and Pertunmaa apart, as in 2024 (data README)
            defaults={"population": int(row["population"]), "source": POPULATION_SOURCE_2024},
        )
        report.populations_created += created

    for code, (into, last_day) in MERGERS.items():
        merged = existing[code]
        if merged.valid_to != last_day or merged.merged_into_id != existing[into].pk:
            merged.valid_to = last_day
            merged.merged_into = existing[into]
            merged._change_reason = "load_reference_data: municipal merger"
            merged.save()

    consortia = {c.name: c for c in Consortium.objects.all()}
    members = set(
        ConsortiumMembership.objects.values_list("consortium__name", "municipality__code")
    )
    for row in _rows(directory / "consortia.csv"):
        name = row["consortium"].strip()
        consortium = consortia.get(name)
        if consortium is None:
            slug = row["kirkanta_slug"].strip()
            consortium = Consortium.objects.create(
                name=name,
                slug=slug or slugify(name.replace(".", "-")),
                directory_slug_known=bool(slug),
                source_confidence=row["confidence"].strip(),
            )
            consortia[name] = consortium
            report.consortia_created += 1
        if (name, row["municipality_code"]) not in members:
            membership = ConsortiumMembership(
                consortium=consortium,
                municipality=existing[row["municipality_code"]],
                note=row["note"].strip()[:300],
            )
            membership._change_reason = "load_reference_data"
            membership.save()
            members.add((name, row["municipality_code"]))
            report.memberships_created += 1
    if report.memberships_created:
        joining_changed.send(sender=__name__)  # a unit's members decide who is joined
    return report
