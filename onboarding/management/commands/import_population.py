import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onboarding.services.population_import import PopulationImportError, population_import


class Command(BaseCommand):
    help = (
        "Import municipal populations at a date from a CSV with columns 'code' and "
        "'population'. Every row is checked first; any error imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--date", required=True, help="YYYY-MM-DD, e.g. 2025-12-31")
        parser.add_argument("--source", default="", help="Where the figures come from.")
        parser.add_argument(
            "--division",
            type=int,
            default=None,
            help="The year whose municipal division the figures are counted in (default: the "
            "year of --date; a year-end figure may be stated in the next year's division).",
        )

    def handle(self, *args, file: Path, date: str, source: str, division, **options):
        try:
            day = datetime.date.fromisoformat(date)
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}.") from None
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from None
        try:
            report = population_import(
                data=data, date=day, source=source or f"import of {file.name}", division=division
            )
        except PopulationImportError as error:
            for line in error.errors:
                self.stderr.write(line)
            raise CommandError(
                f"{len(error.errors)} error(s) in {file}; nothing was imported."
            ) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
