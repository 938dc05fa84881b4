from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("Registry")

    def ready(self):
        from onboarding import checks, signals  # noqa: F401

        signals.connect()
        _broker_folders()


def _broker_folders() -> None:
    """The file-system broker of `make run` keeps its messages in folders that every process
    (the web server sends tasks, the worker takes them) needs before the first message."""
    from pathlib import Path

    from django.conf import settings

    options = getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}
    if not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        return
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if key in options:
            Path(options[key]).mkdir(parents=True, exist_ok=True)
