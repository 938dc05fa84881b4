"""The two questionnaires of the E-kirjasto programme, in Finnish, Swedish and English.

The real pre-join form was not found in public sources (data/reference/README.md section 5):
these questions follow what SPEC.md 3.3 says the survey asks. Each question is
(key, type, required, fi, sv, en, options) with options for choices, limits, validation and
conditions (and for a scale, the labels of its ends)."""

from decimal import Decimal

from django.db import transaction

from surveys.models import Choice, Question, Questionnaire, QuestionnaireKind, Respondent

CONTACT_KINDS = [
    ("agreement", "sopimusasioiden", "avtalsfrågor", "agreement"),
    ("technical", "teknisten asioiden", "tekniska frågor", "technical"),
    ("invoicing", "laskutuksen", "fakturering", "invoicing"),
]


def _contact_questions():
    rows = []
    for key, fi, sv, en in CONTACT_KINDS:
        shown = {} if key != "invoicing" else {"show_if": ("intention", "yes")}
        rows += [
            (
                f"{key}_contact_name",
                "text",
                True,
                f"Yhteyshenkilö ({fi}): nimi",
                f"Kontaktperson ({sv}): namn",
                f"Contact person ({en}): name",
                shown,
            ),
            (
                f"{key}_contact_email",
                "text",
                True,
                f"Yhteyshenkilö ({fi}): sähköposti",
                f"Kontaktperson ({sv}): e-post",
                f"Contact person ({en}): e-mail",
                {"validation": "email", **shown},
            ),
            (
                f"{key}_contact_phone",
                "text",
                False,
                f"Yhteyshenkilö ({fi}): puhelin",
                f"Kontaktperson ({sv}): telefon",
                f"Contact person ({en}): phone",
                {"validation": "phone", **shown},
            ),
        ]
    return rows


PRE_JOIN = {
    "slug": "pre-join",
    "kind": QuestionnaireKind.PRE_JOIN,
    "respondent": Respondent.MUNICIPALITY,
    "title": (
        "E-kirjaston liittymiskysely",
        "Förfrågan om anslutning till E-biblioteket",
        "E-library pre-join survey",
    ),
    "intro": (
        "Kysely kartoittaa kunnan aikeen liittyä yhteiseen e-kirjastoon, toivotun aikataulun "
        "sekä sopimuksen ja laskutuksen tiedot. Vastaus tallentuu luonnokseksi kirjoittaessasi.",
        "Förfrågan kartlägger kommunens avsikt att ansluta sig till det gemensamma "
        "e-biblioteket, önskad tidtabell samt uppgifter för avtal och fakturering. Svaret "
        "sparas som utkast medan du skriver.",
        "The survey asks whether the municipality intends to join the common e-library, when, "
        "and the details for the agreement and invoicing. Your answer is saved as a draft as "
        "you type.",
    ),
    "questions": [
        (
            "intention",
            "single",
            True,
            "Aikooko kunta liittyä E-kirjastoon?",
            "Avser kommunen att ansluta sig till E-biblioteket?",
            "Does the municipality intend to join the E-library?",
            {
                "choices": [
                    ("yes", "Kyllä", "Ja", "Yes"),
                    ("no", "Ei", "Nej", "No"),
                    ("undecided", "Ei vielä päätetty", "Inte ännu beslutat", "Undecided"),
                ]
            },
        ),
        (
            "schedule",
            "single",
            True,
            "Milloin kunta haluaa liittyä?",
            "När vill kommunen ansluta sig?",
            "When does the municipality want to join?",
            {
                "show_if": ("intention", "yes"),
                "choices": [
                    (
                        "launch",
                        "Palvelun avautuessa",
                        "När tjänsten öppnar",
                        "At the launch of the service",
                    ),
                    ("later", "Myöhemmin", "Senare", "Later"),
                ],
            },
        ),
        (
            "start_month",
            "date",
            True,
            "Toivottu liittymiskuukausi",
            "Önskad anslutningsmånad",
            "Desired month of joining",
            {
                "show_if": ("schedule", "later"),
                "help": (
                    "Mikä tahansa päivä toivotulta kuukaudelta.",
                    "Vilken dag som helst i den önskade månaden.",
                    "Any day of the desired month.",
                ),
            },
        ),
        (
            "consortium_confirmed",
            "yes_no",
            True,
            "Onko kunnalle merkitty kirjastokimppa oikein?",
            "Är kommunens konsortium rätt angivet?",
            "Is the library consortium recorded for the municipality correct?",
            {
                "help": (
                    "Kimppa näkyy kyselyn yläosassa. Kimppa liitetään e-kirjastoon, kun kaikki "
                    "sen kunnat ovat allekirjoittaneet sopimuksen.",
                    "Konsortiet visas överst i förfrågan. Ett konsortium ansluts när alla dess "
                    "kommuner har undertecknat avtalet.",
                    "The consortium is shown at the top of the survey. A consortium is "
                    "connected once all its municipalities have signed the agreement.",
                )
            },
        ),
        (
            "consortium_correction",
            "text",
            True,
            "Mikä on oikea kimppa tai kirjastojärjestelmä?",
            "Vilket är det rätta konsortiet eller bibliotekssystemet?",
            "What is the correct consortium or library system?",
            {"show_if": ("consortium_confirmed", "no"), "max_length": 2000},
        ),
        (
            "signatory_name",
            "text",
            True,
            "Sopimuksen allekirjoittajan nimi",
            "Namn på den som undertecknar avtalet",
            "Name of the person who signs the agreement",
            {"show_if": ("intention", "yes")},
        ),
        (
            "signatory_title",
            "text",
            True,
            "Allekirjoittajan asema",
            "Undertecknarens ställning",
            "Title of the signatory",
            {"show_if": ("intention", "yes")},
        ),
        (
            "decision_body",
            "text",
            True,
            "Sopimuksesta päättävä toimielin",
            "Organ som beslutar om avtalet",
            "Body that decides on the agreement",
            {
                "show_if": ("intention", "yes"),
                "help": (
                    "Esim. kunnanhallitus tai sivistyslautakunta.",
                    "T.ex. kommunstyrelsen eller bildningsnämnden.",
                    "E.g. the municipal executive board or the education committee.",
                ),
            },
        ),
        *_contact_questions(),
        (
            "business_id",
            "text",
            True,
            "Kunnan Y-tunnus",
            "Kommunens FO-nummer",
            "Business ID of the municipality",
            {"validation": "business_id"},
        ),
        (
            "einvoice_address",
            "text",
            True,
            "Verkkolaskuosoite",
            "E-fakturaadress",
            "E-invoice address",
            {
                "validation": "einvoice_address",
                "show_if": ("intention", "yes"),
                "help": (
                    "OVT-tunnus, esim. 003701577119.",
                    "OVT-kod, t.ex. 003701577119.",
                    "OVT code, e.g. 003701577119.",
                ),
            },
        ),
        (
            "einvoice_operator",
            "text",
            True,
            "Verkkolaskuoperaattori ja välittäjätunnus",
            "E-fakturaoperatör och förmedlarkod",
            "E-invoice operator and intermediary ID",
            {"show_if": ("intention", "yes")},
        ),
        ("comments", "text", False, "Kommentit", "Kommentarer", "Comments", {"max_length": 2000}),
    ],
}

MONEY_HELP = (
    "Euroina vuodessa, arvonlisäverottomana.",
    "I euro per år, utan mervärdesskatt.",
    "Euros per year, excluding VAT.",
)

COST = {
    "slug": "cost",
    "kind": QuestionnaireKind.COST,
    "respondent": Respondent.UNIT,
    "title": (
        "E-aineistojen kustannuskysely",
        "Enkät om kostnaderna för e-material",
        "E-material cost survey",
    ),
    "intro": (
        "Kimppa tai oman kirjastojärjestelmän kunta vastaa kerran kaikkien jäsentensä puolesta. "
        "Vastausten perusteella lasketaan e-aineistojen kustannus asukasta kohden.",
        "Konsortiet, eller en kommun med eget bibliotekssystem, svarar en gång för alla sina "
        "medlemmar. Utifrån svaren räknas kostnaden för e-material per invånare ut.",
        "A consortium, or a municipality with a library system of its own, answers once for "
        "all its members. The answers give the cost of e-materials per resident.",
    ),
    "questions": [
        (
            "ebooks_audiobooks",
            "money",
            True,
            "E-kirjat ja äänikirjat",
            "E-böcker och ljudböcker",
            "E-books and audiobooks",
            {"min": "0", "help": MONEY_HELP},
        ),
        (
            "emagazines",
            "money",
            True,
            "E-lehdet",
            "E-tidskrifter",
            "E-magazines",
            {"min": "0", "help": MONEY_HELP},
        ),
        (
            "music_film",
            "money",
            True,
            "Musiikki ja elokuvat",
            "Musik och film",
            "Music and film",
            {"min": "0", "help": MONEY_HELP},
        ),
        (
            "platform_fees",
            "money",
            True,
            "Alustamaksut",
            "Plattformsavgifter",
            "Platform fees",
            {"min": "0", "help": MONEY_HELP},
        ),
        (
            "staff_person_years",
            "number",
            True,
            "Henkilötyövuodet e-aineistotyössä",
            "Årsverken för arbetet med e-material",
            "Staff work on e-materials in person-years",
            {"min": "0", "max": "1000"},
        ),
        (
            "staff_cost",
            "money",
            True,
            "Henkilöstökustannus",
            "Personalkostnad",
            "Staff cost",
            {"min": "0", "help": MONEY_HELP},
        ),
        (
            "platforms",
            "number",
            True,
            "E-aineistoalustojen määrä",
            "Antal plattformar för e-material",
            "Number of e-material platforms",
            {"min": "0", "max": "100"},
        ),
        ("comments", "text", False, "Kommentit", "Kommentarer", "Comments", {"max_length": 2000}),
    ],
}

DEFINITIONS = [PRE_JOIN, COST]


def _scale_ends(options: dict) -> dict:
    """`"scale": ((low fi, sv, en), (high fi, sv, en))` as the question's end labels."""
    if "scale" not in options:
        return {}
    (low_fi, low_sv, low_en), (high_fi, high_sv, high_en) = options["scale"]
    return {
        "scale_low_fi": low_fi,
        "scale_low_sv": low_sv,
        "scale_low_en": low_en,
        "scale_high_fi": high_fi,
        "scale_high_sv": high_sv,
        "scale_high_en": high_en,
    }


@transaction.atomic
def questionnaire_create_from(definition: dict, *, programme, opens_at, closes_at) -> tuple:
    """Create version 1 of a questionnaire from its definition unless one exists."""
    existing = Questionnaire.objects.filter(programme=programme, slug=definition["slug"])
    if existing.exists():
        return existing.order_by("-version").first(), False
    fi, sv, en = definition["title"]
    ifi, isv, ien = definition["intro"]
    questionnaire = Questionnaire.objects.create(
        programme=programme,
        slug=definition["slug"],
        kind=definition["kind"],
        respondent=definition["respondent"],
        title_fi=fi,
        title_sv=sv,
        title_en=en,
        intro_fi=ifi,
        intro_sv=isv,
        intro_en=ien,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    for position, (key, kind, required, lfi, lsv, len_, options) in enumerate(
        definition["questions"], start=1
    ):
        help_fi, help_sv, help_en = options.get("help", ("", "", ""))
        show_key, show_value = options.get("show_if", ("", ""))
        question = Question.objects.create(
            questionnaire=questionnaire,
            key=key,
            position=position * 10,
            type=kind,
            required=required,
            label_fi=lfi,
            label_sv=lsv,
            label_en=len_,
            help_fi=help_fi,
            help_sv=help_sv,
            help_en=help_en,
            validation=options.get("validation", ""),
            min_value=Decimal(options["min"]) if "min" in options else None,
            max_value=Decimal(options["max"]) if "max" in options else None,
            show_if_key=show_key,
            show_if_value=show_value,
            **_scale_ends(options),
            # Names and titles are one line; free-text answers may be long.
            max_length=options.get("max_length", 200 if kind == "text" else 2000),
        )
        for i, (value, cfi, csv_, cen) in enumerate(options.get("choices", []), start=1):
            Choice.objects.create(
                question=question,
                value=value,
                position=i,
                label_fi=cfi,
                label_sv=csv_,
                label_en=cen,
            )
    return questionnaire, True
