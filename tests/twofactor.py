"""Playing the phone in tests: the code a user's authenticator shows, as an app would."""

import time

from django_otp.plugins.otp_totp.models import TOTPDevice

from onboarding.services.twofactor import code_of


def next_code(device: TOTPDevice) -> str:
    """The code the device's app shows now, or the next step's if now's was used already (a
    code is accepted once; the device's tolerance of one step accepts the next one)."""
    device.refresh_from_db()
    now = time.time()
    if device.last_t >= int((now - device.t0) // device.step):
        now = (device.last_t + 1) * device.step + device.t0
    return code_of(device.key, now)
