"""The demo programme and demo users for `make run`."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction

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


@transaction.atomic
def demo_seed(*, with_users: bool | None = None) -> list[str]:
    """Idempotent. The programme and its questionnaires always; demo users (password 'demo')
    and demo answers only with DEBUG on: never in production."""
    from surveys.demo import questionnaires_seed, survey_demo_seed

    done = []
    programme = programme_seed()
    done.append("programme ekirjasto up to date")
    pre_join, cost = questionnaires_seed(programme)
    done.append(f"questionnaires: {pre_join}, {cost}")
    from contracts.services.documents import agreement_template_create

    template = agreement_template_create(programme=programme, version=1)
    done.append(f"agreement template: {template}")
    if with_users is None:
        with_users = settings.DEBUG
    if not with_users:
        done.append("demo users and answers skipped (DEBUG is off)")
        return done
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
    done += survey_demo_seed(pre_join=pre_join, cost=cost)
    from contracts.demo import agreement_demo_seed

    done += agreement_demo_seed(programme=programme)
    return done


# The connection checklist of E-kirjasto, written here from how the real service connects a
# unit (data/reference/README.md section 3.8: each consortium is one library holding its
# member municipality codes; a patron's home municipality comes from strong authentication).
EKIRJASTO_CHECKLIST = [
    (
        "library_setup",
        "Kirjasto ja jäsenkuntien koodit määritetty E-kirjastoon",
        "Biblioteket och medlemskommunernas koder inlagda i E-biblioteket",
        "Library and its member municipality codes set up in E-kirjasto",
    ),
    (
        "integration",
        "Kirjastojärjestelmän integraatio määritetty",
        "Biblioteksystemets integration konfigurerad",
        "Library system integration configured",
    ),
    (
        "test_logins",
        "Testikirjautumiset (vahva tunnistautuminen, kotikunta) onnistuneet",
        "Testinloggningar (stark autentisering, hemkommun) lyckades",
        "Test logins passed (strong authentication, home municipality)",
    ),
    (
        "guidance",
        "Ohjemateriaali lähetetty kirjastolle",
        "Handledningsmaterial skickat till biblioteket",
        "Guidance material sent to the library",
    ),
]


def programme_seed() -> Programme:
    from onboarding.models import ChecklistItem

    programme, _created = Programme.objects.update_or_create(slug="ekirjasto", defaults=EKIRJASTO)
    for position, (key, fi, sv, en) in enumerate(EKIRJASTO_CHECKLIST):
        ChecklistItem.objects.update_or_create(
            programme=programme,
            key=key,
            defaults={"position": position, "label_fi": fi, "label_sv": sv, "label_en": en},
        )
    return programme
