"""Deployment checks of the shared services (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def tasks_run_in_a_worker(app_configs, **kwargs):
    """In production a task never runs inside a web request: the page would wait for it."""
    if settings.DEBUG or not settings.CELERY_TASK_ALWAYS_EAGER:
        return []
    return [
        checks.Error(
            "Background tasks would run eagerly inside web requests.",
            hint="Unset CELERY_TASK_ALWAYS_EAGER and run a Celery worker on CELERY_BROKER_URL.",
            id="onboarding.E001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def broker_shared_by_every_machine(app_configs, **kwargs):
    """The file-system broker of `make run` serves one machine; production runs web and worker
    processes on several."""
    if settings.DEBUG or not settings.CELERY_BROKER_URL.startswith("filesystem://"):
        return []
    return [
        checks.Warning(
            "The Celery broker is the file-system transport of `make run`.",
            hint="Set CELERY_BROKER_URL to Redis (e.g. redis://127.0.0.1:6379/0).",
            id="onboarding.W001",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def cache_shared_by_every_process(app_configs, **kwargs):
    """What several web processes must agree on lives in the cache: how many API tokens a
    person minted this hour (the limit), the eligibility answers' version and the token
    lookups. A per-process cache would let each process count and invalidate on its own."""
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.DEBUG or not backend.endswith(("LocMemCache", "DummyCache")):
        return []
    return [
        checks.Warning(
            "The cache is per process: the token mint limit and the eligibility answers "
            "would not be shared by the web processes.",
            hint="Set CACHE_URL to Redis (e.g. rediscache://127.0.0.1:6379/1).",
            id="onboarding.W002",
        )
    ]


@checks.register(checks.Tags.security, deploy=True)
def secret_key_is_set(app_configs, **kwargs):
    """Serving and the worker refuse to start without a key (config/wsgi.py, celery.py)."""
    from django.core.exceptions import ImproperlyConfigured

    try:
        settings.SECRET_KEY  # noqa: B018 - raises when DEBUG is off and it is unset
    except ImproperlyConfigured:
        return [
            checks.Error(
                "SECRET_KEY must be set when DEBUG is off.",
                hint="Set the SECRET_KEY environment variable to a long random value.",
                id="onboarding.E002",
            )
        ]
    return []
