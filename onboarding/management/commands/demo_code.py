"""The code the demo's authenticator shows now, for walking the demo without a phone."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from onboarding.demo import DEMO_TOTP_KEY
from onboarding.services.twofactor import code_of


class Command(BaseCommand):
    help = "Print the current two-step verification code of the demo users (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("Demo codes exist only in the demo (DEBUG=on).")
        devices = TOTPDevice.objects.filter(key=DEMO_TOTP_KEY, confirmed=True).select_related(
            "user"
        )
        if not devices:
            raise CommandError("No demo user has the demo authenticator: run seed_demo first.")
        now = time.time()
        users = ", ".join(sorted(d.user.username for d in devices))
        left = 30 - int(now) % 30
        self.stdout.write(f"{code_of(DEMO_TOTP_KEY, now)}  ({users}; valid for {left} s more)")
