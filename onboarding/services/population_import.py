"""Importing a year's populations from a Statistics Finland style CSV: all or nothing."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from onboarding.csv_files import CsvRefused, csv_rows
from onboarding.models import Municipality, PopulationFigure

CODE_COLUMNS = ("code", "municipality_code", "kunta", "kuntakoodi")
POPULATION_COLUMNS = ("population", "vaesto", "väestö", "vakiluku")
# The largest figure the population column holds on every database (a PositiveIntegerField is
# a 32-bit integer on PostgreSQL); a larger one is refused by line, never a database error.
MAX_POPULATION = 2_147_483_647


class PopulationImportError(CsvRefused):
    """The file was refused; `errors` lists every problem, with line numbers."""


@dataclass
class ImportReport:
    date: datetime.date
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing: list[str] = field(default_factory=list)

    def __str__(self):
        text = _(
            "Population figures for %(date)s: %(created)d created, %(updated)d updated, "
            "%(unchanged)d unchanged."
        ) % {
            "date": self.date.isoformat(),
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        if self.missing:
            text += " " + ngettext(
                "The file has no figure for %(count)d municipality that existed on that date: "
                "%(codes)s.",
                "The file has no figure for %(count)d municipalities that existed on that date: "
                "%(codes)s.",
                len(self.missing),
            ) % {"count": len(self.missing), "codes": ", ".join(self.missing)}
        return text


def _column(header: list[str], candidates: tuple[str, ...]) -> str | None:
    lowered = {h.strip().lower(): h for h in header}
    return next((lowered[c] for c in candidates if c in lowered), None)


def population_import(
    *, data: bytes, date: datetime.date, source: str, by=None, division: int | None = None
) -> ImportReport:
    """Validate every row first; on any error raise with all errors and import nothing.

    `division`: the year whose municipal division the figures are counted in; by default the
    year of `date`. A year-end figure may also be stated in the next year's division (after a
    merger, the successor's figure then includes the merged municipality's residents)."""
    division = date.year if division is None else division
    if division not in (date.year, date.year + 1):
        raise PopulationImportError(
            [
                _(
                    "Figures dated %(date)s can be counted in the municipal division of "
                    "%(year)d or %(next)d, not of %(division)d."
                )
                % {
                    "date": date.isoformat(),
                    "year": date.year,
                    "next": date.year + 1,
                    "division": division,
                }
            ]
        )
    # The municipalities of that division: those that exist on its first day (or on the
    # figures' own day when it is the division of that day).
    exists_on = date if division == date.year else datetime.date(division, 1, 1)
    try:
        header, rows = csv_rows(data)
    except CsvRefused as refused:
        raise PopulationImportError(refused.errors) from None
    code_col = _column(header, CODE_COLUMNS)
    pop_col = _column(header, POPULATION_COLUMNS)
    if not code_col or not pop_col:
        missing = [name for name, col in (("code", code_col), ("population", pop_col)) if not col]
        raise PopulationImportError(
            [
                _(
                    "Line 1: the header lacks %(columns)s. It must have the columns 'code' and "
                    "'population'."
                )
                % {"columns": ", ".join(repr(m) for m in missing)}
            ]
        )

    municipalities = {m.code: m for m in Municipality.objects.all()}
    errors: list[str] = []
    seen: dict[str, int] = {}
    values: dict[str, int] = {}
    for line, row in rows:
        code = (row.get(code_col) or "").strip()
        raw = (row.get(pop_col) or "").strip().replace(" ", "").replace("\u00a0", "")
        if not code and not raw:
            continue
        if code.isdigit() and len(code) < 3:
            code = code.zfill(3)  # spreadsheets drop leading zeros: 91 -> 091
        if code not in municipalities:
            errors.append(
                _("Line %(line)d: unknown municipality code '%(code)s'.")
                % {"line": line, "code": code}
            )
            continue
        if not municipalities[code].is_valid_on(exists_on):
            municipality = municipalities[code]
            if division == date.year:
                message = _(
                    "Line %(line)d: municipality %(code)s (%(name)s) did not exist on %(date)s."
                )
            else:
                message = _(
                    "Line %(line)d: municipality %(code)s (%(name)s) is not in the municipal "
                    "division of %(division)d."
                )
            errors.append(
                message
                % {
                    "line": line,
                    "code": code,
                    "name": municipality.name_fi,
                    "date": date.isoformat(),
                    "division": division,
                }
            )
            continue
        if code in seen:
            errors.append(
                _("Line %(line)d: municipality %(code)s appears again (first on line %(first)d).")
                % {"line": line, "code": code, "first": seen[code]}
            )
            continue
        seen[code] = line
        try:
            population = int(raw)
        except ValueError:
            errors.append(
                _("Line %(line)d: population '%(value)s' is not a whole number.")
                % {"line": line, "value": raw}
            )
            continue
        if population < 0:
            errors.append(
                _("Line %(line)d: population %(value)d is negative.")
                % {"line": line, "value": population}
            )
            continue
        if population > MAX_POPULATION:
            errors.append(
                _("Line %(line)d: population %(value)s is too large (at most %(max)d).")
                % {"line": line, "value": raw, "max": MAX_POPULATION}
            )
            continue
        values[code] = population
    if not errors and not values:
        errors.append(_("The file has no rows."))
    if errors:
        raise PopulationImportError(errors)

    report = ImportReport(date=date)
    with transaction.atomic():
        current = {
            f.municipality.code: f
            for f in PopulationFigure.objects.select_for_update()
            .filter(date=date, division=division)
            .select_related("municipality")
        }
        for code, population in values.items():
            figure = current.get(code)
            if figure is None:
                figure = PopulationFigure(
                    municipality=municipalities[code],
                    date=date,
                    division=division,
                    population=population,
                    source=source,
                )
                report.created += 1
            elif figure.population != population:
                figure.population = population
                figure.source = source
                report.updated += 1
            else:
                report.unchanged += 1
                continue
            figure._change_reason = _("population import")
            figure._history_user = by
            figure.save()
    report.missing = sorted(
        code
        for code, m in municipalities.items()
        if m.is_valid_on(exists_on) and code not in values
    )
    return report
