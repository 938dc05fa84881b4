"""Checks of the signature settings (`manage.py check`, also with --deploy): a configured
file that cannot be used is found at start-up, not by the first coordinator who
countersigns or the first municipality that uploads."""

from django.conf import settings
from django.core import checks

from contracts.seal import SealUnavailable, open_seal
from contracts.signatures import TrustRootsUnreadable, load_trust_roots


@checks.register()
def seal_certificate_usable(app_configs, **kwargs):
    path = settings.SEAL_PKCS12_PATH
    if not path:
        return []
    try:
        open_seal(path, settings.SEAL_PKCS12_PASSWORD)
    except SealUnavailable:
        return [
            checks.Warning(
                "The seal certificate SEAL_PKCS12_PATH cannot be read or opened with "
                "SEAL_PKCS12_PASSWORD; countersigning is refused until it can.",
                hint="Check the file's path and permissions and the password.",
                id="contracts.W001",
            )
        ]
    return []


@checks.register()
def trust_roots_readable(app_configs, **kwargs):
    path = settings.SIGNATURE_TRUST_ROOTS
    if not path:
        return []
    try:
        with open(path, "rb") as handle:
            load_trust_roots(handle.read())
    except (OSError, TrustRootsUnreadable):
        return [
            checks.Warning(
                "SIGNATURE_TRUST_ROOTS holds no readable certificate; digitally signed "
                "agreements are refused until it does.",
                hint="Point it to a PEM file of root certificates.",
                id="contracts.W002",
            )
        ]
    return []
