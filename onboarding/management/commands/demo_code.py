"""The code the demo's authenticator shows now, for walking the demo without a phone."""

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from onboarding.demo import DEMO_TOTP_KEY


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
        totp = TOTP(bytes.fromhex(DEMO_TOTP_KEY))
        totp.time = time.time()
        left = 30 - int(totp.time) % 30
        users = ", ".join(sorted(d.user.username for d in devices))
        self.stdout.write(f"{totp.token():06d}  ({users}; valid for {left} s more)")
