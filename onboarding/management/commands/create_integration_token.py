from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding import formatting
from onboarding.services.accounts import KNOWN_SCOPES, integration_token_create


class Command(BaseCommand):
    help = (
        "Create an API token for a machine user limited to the given scope(s); prints the key. "
        "It replaces the user's token of the same --token-name (default: NAME) and expires "
        "after --days (default: API_TOKEN_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--scope", action="append", required=True, choices=sorted(KNOWN_SCOPES))
        parser.add_argument(
            "--token-name",
            help="Another name keeps the current token working, for replacing a key without a gap",
        )
        parser.add_argument("--days", type=int, help="Valid for this many days")

    def handle(self, *args, name, scope, token_name, days, **options):
        try:
            token, key = integration_token_create(
                name=name, scopes=scope, token_name=token_name, days=days
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(key)
        self.stderr.write(
            _("%(name)s: expires %(date)s")
            % {"name": token.name, "date": formatting.date(timezone.localdate(token.expires_at))}
        )
