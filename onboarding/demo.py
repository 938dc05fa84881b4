"""The registry's part of the demo: the E-kirjasto programme and the demo users (the whole
demo is put together by portal/demo.py)."""

import datetime
from decimal import Decimal

from onboarding.models import Municipality, PopulationReferenceRule, Programme, Role, User

DEMO_PASSWORD = "demo"

# The real E-kirjasto programme (data/reference/README.md section 3).
EKIRJASTO = {
    "name_fi": "E-kirjasto",
    "name_sv": "E-biblioteket",
    "name_en": "E-library",
    "launch_date": datetime.date(2024, 4, 23),
    "signing_deadline": datetime.date(2024, 3, 15),
    "fee_per_resident": Decimal("0.70"),
    "population_reference_rule": PopulationReferenceRule.PREVIOUS_YEAR_END,
    "vat_rate": Decimal("0"),
    "description": "Kansalliskirjaston yhteinen e-kirjasto. Avaus suunniteltu 23.4.2024 "
    "(toteutui 29.4.2024); maksu 0,70 € asukasta kohden vuodessa.",
}

DEMO_USERS = [
    # username, role, municipality codes, language
    ("coordinator", Role.COORDINATOR, [], "fi"),
    ("finance", Role.FINANCE, [], "fi"),
    ("helsinki", Role.MANAGER, ["091"], "fi"),
    ("helmet", Role.MANAGER, ["049", "091", "092", "235"], "fi"),
    ("vaasa", Role.MANAGER, ["905"], "fi"),
    ("narpes", Role.MANAGER, ["545"], "sv"),
]


def users_seed() -> list[str]:
    """The demo users (password 'demo'): never in production (the caller checks DEBUG)."""
    done = []
    for username, role, codes, language in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"role": role, "language": language, "email": f"{username}@example.invalid"},
        )
        user.role = role
        user.language = language
        user.is_staff = role == Role.COORDINATOR
        user.set_password(DEMO_PASSWORD)
        user.save()
        user.municipalities.set(Municipality.objects.filter(code__in=codes))
        done.append(f"user {username} ({role}) {'created' if created else 'reset'}")
    return done


def programme_seed() -> Programme:
    programme, _created = Programme.objects.update_or_create(slug="ekirjasto", defaults=EKIRJASTO)
    return programme
