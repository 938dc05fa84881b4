from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "billing"
    verbose_name = _("Fees and invoices")

    def ready(self):
        # Imported here, not at the top: the apps' models are loaded only when ready() runs.
        # The invoice run's job handler and the production checks register themselves; the
        # agreements print the fee figures of the fee engine.
        from billing import checks, jobs  # noqa: F401
        from billing.agreement_figures import agreement_fee_context
        from contracts.services.documents import CONTEXT_PROVIDERS  # the hook of a lower app

        if agreement_fee_context not in CONTEXT_PROVIDERS:
            CONTEXT_PROVIDERS.append(agreement_fee_context)
        from billing.guards import merger_after_invoices
        from onboarding.services.registry import MERGER_GUARDS  # the hook of a lower app

        if merger_after_invoices not in MERGER_GUARDS:
            MERGER_GUARDS.append(merger_after_invoices)
