from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = _("Agreements")

    def ready(self):
        # Imported here, not at the top: the apps' models are loaded only when ready() runs.
        # The bulk-send and ZIP job handlers register themselves; the registry's consortium
        # API shows the signing state.
        from contracts import checks, jobs  # noqa: F401
        from contracts.api.views import consortium_signing_state
        from onboarding.api.views import CONSORTIUM_EXTENSIONS  # the hook, not an upward use

        if consortium_signing_state not in CONSORTIUM_EXTENSIONS:
            CONSORTIUM_EXTENSIONS.append(consortium_signing_state)
