"""The registry's part of the demo: the E-kirjasto programme and the demo users (the whole
demo is put together by portal/demo.py)."""

import datetime
from decimal import Decimal

from django_otp.plugins.otp_totp.models import TOTPDevice

from onboarding.models import (
    FeeModel,
    Municipality,
    ParticipantKind,
    PopulationReferenceRule,
    Programme,
    Role,
    Stage,
    User,
)
from onboarding.services import twofactor

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
    "participant_kind": ParticipantKind.MUNICIPALITY,
    "stages": [Stage.SURVEY, Stage.AGREEMENT, Stage.CONNECTION],
    "fee_model": FeeModel.PER_RESIDENT,
    "residence_access": True,
    "public_intro_fi": "E-kirjasto on Kansalliskirjaston ylläpitämä kuntien yhteinen e-kirjasto. "
    "Siihen liittyneiden kuntien asukkaat lainaavat e-kirjoja, äänikirjoja ja digitaalisia "
    "lehtiä mobiilisovelluksella tunnistauduttuaan vahvasti. Kunta liittyy allekirjoittamalla "
    "yhteistyösopimuksen; maksu on 0,70 euroa asukasta kohden vuodessa. Kirjastokimppa "
    "liitetään palveluun, kun kaikki sen jäsenkunnat ovat allekirjoittaneet sopimuksen.",
    "public_intro_sv": "E-biblioteket är kommunernas gemensamma e-bibliotek som "
    "Nationalbiblioteket upprätthåller. Invånarna i anslutna kommuner lånar e-böcker, "
    "ljudböcker och digitala tidningar i en mobilapp efter stark autentisering. En kommun "
    "ansluter sig genom att underteckna samarbetsavtalet; avgiften är 0,70 euro per invånare "
    "och år. Ett bibliotekskonsortium ansluts när alla dess medlemskommuner har undertecknat "
    "avtalet.",
    "public_intro_en": "The E-library is the municipalities' common e-library run by the "
    "National Library of Finland. Residents of joined municipalities borrow e-books, audiobooks "
    "and digital magazines in a mobile app after strong identification. A municipality joins "
    "by signing the cooperation agreement; the fee is 0.70 euros per resident per year. A "
    "library consortium is connected once every member municipality has signed.",
}

# The digital newspaper pilot (issue 15; the public facts of the 2026 projects of the public
# libraries' national development). The pilot starts in February–March 2026: its launch date
# is the first day of that window. Its licence is agreed with Kopiosto and its price is not
# public, so the programme records no fee; use is local, at most 3 customer terminals per
# library location.
NEWSPAPER_PILOT = {
    "name_fi": "Digitoitujen sanomalehtien pilotti",
    "name_sv": "Pilotprojektet med digitaliserade tidningar",
    "name_en": "Digital newspaper pilot",
    "launch_date": datetime.date(2026, 2, 1),
    "signing_deadline": datetime.date(2026, 2, 1),
    "fee_per_resident": Decimal("0"),
    "population_reference_rule": PopulationReferenceRule.PREVIOUS_YEAR_END,
    "vat_rate": Decimal("0"),
    "description": "Kansalliskirjaston digitoidut sanomalehdet yleisten kirjastojen "
    "asiakaspäätteille; pilottikirjastot Jyväskylä, Alavus ja Mikkeli.",
    "participant_kind": ParticipantKind.LIBRARY,
    "stages": [
        Stage.SURVEY,
        Stage.SELECTION,
        Stage.AGREEMENT,
        Stage.LOCATIONS,
        Stage.CONNECTION,
        Stage.FOLLOW_UP,
    ],
    "fee_model": FeeModel.NONE,
    "flat_fee": None,
    "terminal_limit": 3,
    "residence_access": False,
    "public_intro_fi": "Sanomalehtien mikrofilmijakelu kirjastoihin on päättynyt, ja yleiset "
    "kirjastot ovat toivoneet pääsyä Kansalliskirjaston digitoimiin sanomalehtiin, joita "
    "E-kirjasto ei voi tarjota. Keväällä 2025 tehtyyn kiinnostuskyselyyn vastasi 45 kirjastoa; "
    "41 halusi aineiston ja 9 tarjoutui pilotiksi. Pilottiin valittiin Jyväskylän, Alavuden ja "
    "Mikkelin kirjastot; Jyväskylä on opetus- ja kulttuuriministeriön myöntämän avustuksen "
    "päähakija. Aineistovalikoima (kunkin alueen digitoitu päälehti ja paikallislehdet) ja "
    "lisenssi sovitaan Kopioston kanssa. Aineistoa käytetään vain kirjaston tiloissa, enintään "
    "kolmella asiakaspäätteellä toimipistettä kohden, ja henkilökunta avaa pääsyn. Pilotti "
    "alkaa helmi–maaliskuussa 2026.",
    "public_intro_sv": "Distributionen av tidningar på mikrofilm till biblioteken har upphört, "
    "och de allmänna biblioteken har önskat tillgång till Nationalbibliotekets digitaliserade "
    "tidningar, som E-biblioteket inte kan erbjuda. På intresseenkäten våren 2025 svarade 45 "
    "bibliotek; 41 ville ha materialet och 9 erbjöd sig som pilot. Till piloten valdes "
    "biblioteken i Jyväskylä, Alavo och S:t Michel; Jyväskylä är huvudsökande för "
    "undervisnings- och kulturministeriets beviljade understöd. Urvalet (varje regions "
    "digitaliserade huvudtidning och lokaltidningar) och licensen avtalas med Kopiosto. "
    "Materialet används endast i bibliotekets lokaler, på högst tre kundterminaler per "
    "verksamhetsställe, och personalen öppnar tillgången. Piloten börjar i februari–mars 2026.",
    "public_intro_en": "Microfilmed newspapers are no longer distributed to libraries, and "
    "public libraries asked for access to the National Library's digitised newspapers, which "
    "the E-library cannot provide. 45 libraries answered the interest survey of spring 2025; "
    "41 wanted the material and 9 volunteered as pilots. The libraries of Jyväskylä, Alavus and "
    "Mikkeli were chosen; Jyväskylä is the main applicant of the Ministry of Education and "
    "Culture's grant, which was granted. The selection (each region's digitised main newspaper "
    "and local papers) and the licence are agreed with Kopiosto. Use is on the library's "
    "premises only, on at most three customer terminals per location, and staff open access. "
    "The pilot starts in February–March 2026.",
}

# The demo's authenticator secret of coordinator and finance (README, Demo): made up, known
# to all, so that anyone walking the demo can add it to an app or ask `manage.py demo_code`.
DEMO_TOTP_KEY = b"E-kirjasto demo 2fa!".hex()

DEMO_USERS = [
    # username, role, municipality codes, language
    ("coordinator", Role.COORDINATOR, [], "fi"),
    ("finance", Role.FINANCE, [], "fi"),
    ("helsinki", Role.MANAGER, ["091"], "fi"),
    ("helmet", Role.MANAGER, ["049", "091", "092", "235"], "fi"),
    ("vaasa", Role.MANAGER, ["905"], "fi"),
    ("narpes", Role.MANAGER, ["545"], "sv"),
    ("jyvaskyla", Role.MANAGER, ["179"], "fi"),  # a pilot library of the newspaper pilot
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
        if twofactor.required_for_role(user):
            TOTPDevice.objects.filter(user=user).exclude(key=DEMO_TOTP_KEY).delete()
            TOTPDevice.objects.get_or_create(
                user=user,
                key=DEMO_TOTP_KEY,
                defaults={"name": twofactor.AUTHENTICATOR, "confirmed": True},
            )
        done.append(f"user {username} ({role}) {'created' if created else 'reset'}")
    return done


def programme_seed() -> Programme:
    programme, _created = Programme.objects.update_or_create(slug="ekirjasto", defaults=EKIRJASTO)
    return programme


def pilot_programme_seed() -> Programme:
    programme, _created = Programme.objects.update_or_create(
        slug="digisanomalehtipilotti", defaults=NEWSPAPER_PILOT
    )
    return programme
