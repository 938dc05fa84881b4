"""What billing forbids elsewhere: a merger inside a year already invoiced (registered with
onboarding.services.registry.MERGER_GUARDS in BillingConfig.ready())."""

from django.db.models import Q
from django.utils.translation import gettext as _

from billing.models import Invoice, InvoiceStatus


def merger_after_invoices(municipality, into, on) -> list[str]:
    """A merger on `on` changes the population of `into` from `on.year` on and ends the
    merged municipality's own fees: refused while either is invoiced for such a year (credit
    the invoices first)."""
    codes = [municipality.code, into.code]
    invoices = (
        Invoice.objects.filter(kind=Invoice.Kind.INVOICE, fee_year__gte=on.year)
        .exclude(status=InvoiceStatus.CREDITED)
        .filter(Q(payer__code__in=codes) | Q(lines__municipality_code__in=codes))
        .distinct()
        .order_by("fee_year", "number")
    )
    found = list(invoices.values_list("fee_year", "number"))
    if not found:
        return []
    return [
        _(
            "%(name)s and %(into)s are already invoiced for a year the merger would change "
            "(%(invoices)s): credit those invoices first."
        )
        % {
            "name": municipality.name,
            "into": into.name,
            "invoices": ", ".join(f"{number} ({year})" for year, number in found),
        }
    ]
