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


@checks.register(checks.Tags.security)
def single_sign_on_configured(app_configs, **kwargs):
    """Staff single sign-on (onboarding/oidc.py) is off without OIDC_RP_CLIENT_ID; once on, it
    needs the provider's issuer and endpoints, an asymmetric signature and a valid mapping of
    groups to roles, and in production endpoints over https."""
    from django.core.exceptions import ImproperlyConfigured

    from onboarding.oidc import group_roles, oidc_enabled

    if not oidc_enabled():
        return []
    errors = []
    needed = [
        "OIDC_RP_CLIENT_SECRET",
        "OIDC_OP_ISSUER",
        "OIDC_OP_AUTHORIZATION_ENDPOINT",
        "OIDC_OP_TOKEN_ENDPOINT",
        "OIDC_OP_USER_ENDPOINT",
        "OIDC_OP_JWKS_ENDPOINT",
    ]
    for name in needed:
        if not getattr(settings, name):
            errors.append(
                checks.Error(
                    f"{name} is unset while OIDC_RP_CLIENT_ID is set.", id="onboarding.E010"
                )
            )
    if settings.OIDC_RP_SIGN_ALGO[:2] not in ("RS", "ES", "PS"):
        errors.append(
            checks.Error(
                "OIDC_RP_SIGN_ALGO must be an asymmetric algorithm (e.g. RS256).",
                id="onboarding.E011",
            )
        )
    try:
        if not group_roles():
            errors.append(
                checks.Warning(
                    "OIDC_GROUP_ROLES maps no group: every single sign-on login is refused.",
                    id="onboarding.W010",
                )
            )
    except ImproperlyConfigured as error:
        errors.append(checks.Error(str(error), id="onboarding.E012"))
    if not settings.DEBUG:
        for name in needed[2:]:
            if getattr(settings, name) and not getattr(settings, name).startswith("https://"):
                errors.append(
                    checks.Error(f"{name} must use https in production.", id="onboarding.E013")
                )
    return errors
