from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from onboarding.services.accounts import KNOWN_SCOPES, integration_token_create


class Command(BaseCommand):
    help = "Create an API token for a machine user limited to the given scope(s); prints the key."

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--scope", action="append", required=True, choices=sorted(KNOWN_SCOPES))

    def handle(self, *args, name, scope, **options):
        try:
            _token, key = integration_token_create(name=name, scopes=scope)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(key)
