"""The questionnaires of the digital newspaper pilot (digisanomalehtipilotti), in Finnish,
Swedish and English: its interest survey and the follow-up survey of its participants.

The real interest survey of spring 2025 asked public libraries whether they wanted the
National Library's digitised newspapers and whether they would volunteer as a pilot; its
questions were not published. These questions were written for this product on those two
points (the keys `interest` and `volunteer` are what the selection reads), as was the
follow-up survey. Same format as surveys/definitions.py."""

from surveys.models import QuestionnaireKind, Respondent

INTEREST = {
    "slug": "interest",
    "kind": QuestionnaireKind.PRE_JOIN,
    "respondent": Respondent.MUNICIPALITY,
    "title": (
        "Kiinnostuskysely: digitoidut sanomalehdet yleisiin kirjastoihin",
        "Intresseenkät: digitaliserade tidningar till de allmänna biblioteken",
        "Interest survey: digitised newspapers for public libraries",
    ),
    "intro": (
        "Mikrofilmattujen sanomalehtien jakelu kirjastoihin on päättynyt. Kansalliskirjasto "
        "selvittää, haluavatko yleiset kirjastot tarjota asiakkailleen Kansalliskirjaston "
        "digitoimia sanomalehtiä kirjaston tiloissa, ja mitkä kirjastot haluaisivat osallistua "
        "pilottiin.",
        "Distributionen av mikrofilmade tidningar till biblioteken har upphört. "
        "Nationalbiblioteket utreder om de allmänna biblioteken vill erbjuda sina kunder "
        "Nationalbibliotekets digitaliserade tidningar i bibliotekets lokaler, och vilka "
        "bibliotek som vill delta i en pilot.",
        "Microfilmed newspapers are no longer distributed to libraries. The National Library "
        "asks whether public libraries want to offer their customers its digitised newspapers "
        "on the library's premises, and which libraries would join a pilot.",
    ),
    "questions": [
        (
            "library_name",
            "text",
            True,
            "Kirjaston nimi",
            "Bibliotekets namn",
            "The library's name",
            {},
        ),
        (
            "interest",
            "yes_no",
            True,
            "Haluaako kirjasto tarjota digitoidut sanomalehdet asiakkaidensa käyttöön?",
            "Vill biblioteket erbjuda sina kunder de digitaliserade tidningarna?",
            "Does the library want to offer its customers the digitised newspapers?",
            {},
        ),
        (
            "volunteer",
            "yes_no",
            True,
            "Haluaako kirjasto osallistua pilottiin pilottikirjastona?",
            "Vill biblioteket delta i piloten som pilotbibliotek?",
            "Would the library volunteer as a pilot library?",
            {"show_if": ("interest", "yes")},
        ),
        (
            "locations",
            "number",
            False,
            "Monessako kirjaston toimipisteessä aineistoa käytettäisiin?",
            "På hur många av bibliotekets verksamhetsställen skulle materialet användas?",
            "At how many of the library's locations would the material be used?",
            {"min": "1", "max": "100", "show_if": ("volunteer", "yes")},
        ),
        (
            "contact_name",
            "text",
            True,
            "Yhteyshenkilön nimi",
            "Kontaktpersonens namn",
            "Contact person's name",
            {},
        ),
        (
            "contact_email",
            "text",
            True,
            "Yhteyshenkilön sähköposti",
            "Kontaktpersonens e-post",
            "Contact person's e-mail",
            {"validation": "email"},
        ),
        ("comments", "text", False, "Kommentit", "Kommentarer", "Comments", {"max_length": 2000}),
    ],
}

FOLLOW_UP = {
    "slug": "follow-up",
    "kind": QuestionnaireKind.OTHER,
    "respondent": Respondent.PARTICIPANT,
    "title": (
        "Pilotin seurantakysely",
        "Uppföljningsenkät om piloten",
        "The pilot's follow-up survey",
    ),
    "intro": (
        "Kysely pilottikirjastoille digitoitujen sanomalehtien käytöstä kirjastossa.",
        "En enkät till pilotbiblioteken om hur de digitaliserade tidningarna används i "
        "biblioteket.",
        "A survey of the pilot libraries on the use of the digitised newspapers in the library.",
    ),
    "questions": [
        (
            "use",
            "single",
            True,
            "Kuinka usein asiakkaat käyttivät aineistoa?",
            "Hur ofta använde kunderna materialet?",
            "How often did customers use the material?",
            {
                "choices": [
                    ("daily", "Päivittäin", "Dagligen", "Daily"),
                    ("weekly", "Viikoittain", "Varje vecka", "Weekly"),
                    ("monthly", "Kuukausittain", "Varje månad", "Monthly"),
                    ("rarely", "Harvemmin", "Mer sällan", "Less often"),
                ]
            },
        ),
        (
            "terminals_enough",
            "yes_no",
            True,
            "Riittikö asiakaspäätteiden määrä?",
            "Räckte antalet kundterminaler?",
            "Were there enough customer terminals?",
            {},
        ),
        (
            "continue",
            "yes_no",
            True,
            "Haluaako kirjasto jatkaa aineiston tarjoamista pilotin jälkeen?",
            "Vill biblioteket fortsätta erbjuda materialet efter piloten?",
            "Does the library want to go on offering the material after the pilot?",
            {},
        ),
        (
            "feedback",
            "text",
            False,
            "Asiakkaiden ja henkilökunnan palaute",
            "Respons från kunder och personal",
            "Feedback from customers and staff",
            {"max_length": 2000},
        ),
    ],
}
