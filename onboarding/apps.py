from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("Registry")

    def ready(self):
        from onboarding import checks, signals  # noqa: F401

        signals.connect()
