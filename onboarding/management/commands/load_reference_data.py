from django.core.management.base import BaseCommand

from onboarding.services.reference_data import reference_data_load


class Command(BaseCommand):
    help = (
        "Load the 309 municipalities, their 31.12.2024 populations and the 28 consortia "
        "shipped in data/reference/. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", help="Another folder with the same CSV files.")

    def handle(self, *args, directory=None, **options):
        report = reference_data_load(directory=directory)
        self.stdout.write(self.style.SUCCESS(str(report)))
