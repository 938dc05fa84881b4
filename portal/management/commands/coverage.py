import datetime

from django.core.management.base import BaseCommand, CommandError

from onboarding.models import Programme
from scheduling.joined import coverage_on


class Command(BaseCommand):
    help = (
        "Print who may use the service on the given days (YYYY-MM-DD): joined municipalities "
        "and the share of residents, by the rule the login service uses."
    )

    def add_arguments(self, parser):
        parser.add_argument("days", nargs="+")
        parser.add_argument("--programme", default=None, help="A programme slug (default: any).")

    def handle(self, *args, days, programme, **options):
        chosen = None
        if programme:
            chosen = Programme.objects.filter(slug=programme).first()
            if chosen is None:
                raise CommandError(f"No programme {programme!r}.")
        self.stdout.write(f"{'day':<12}{'municipalities':>16}{'residents':>12}{'share':>9}")
        for raw in days:
            try:
                day = datetime.date.fromisoformat(raw)
            except ValueError:
                raise CommandError(f"{raw!r} is not a date: give YYYY-MM-DD.") from None
            found = coverage_on(day, programme=chosen)
            self.stdout.write(
                f"{day.isoformat():<12}{found.municipalities:>16}{found.residents:>12}"
                f"{found.percent:>8.1f}%"
            )
