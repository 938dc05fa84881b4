from django.core.management.base import BaseCommand

from portal.demo import demo_seed


class Command(BaseCommand):
    help = "Create the ekirjasto programme and, with DEBUG on, the demo users (password 'demo')."

    def handle(self, *args, **options):
        for line in demo_seed():
            self.stdout.write(line)
