"""Deployment checks of billing (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks

# The example account of Finnish banking documentation, the development default of the seller.
EXAMPLE_IBAN = "FI2112345600000785"


@checks.register(checks.Tags.security, deploy=True)
def seller_iban_is_real(app_configs, **kwargs):
    """Invoices must never ask municipalities to pay into the documentation's example."""
    iban = settings.INVOICE_SELLER["iban"].replace(" ", "").upper()
    if settings.DEBUG or iban != EXAMPLE_IBAN:
        return []
    return [
        checks.Error(
            f"The seller's IBAN on invoices is the documentation example {EXAMPLE_IBAN}.",
            hint="Set INVOICE_SELLER_IBAN and INVOICE_SELLER_BIC to the National Library's "
            "account.",
            id="billing.E001",
        )
    ]
