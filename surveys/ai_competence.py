"""The baseline survey of the AI competence of public libraries' staff (tekoälyosaamisen
alkukartoitus), in Finnish, Swedish and English: a survey that is not about onboarding.

The national AI competence project of public libraries 2026 is run by the public libraries'
national development task (VAKE). Each municipality's public library answers once; the results
serve the project and the regional development centres, which is why the results page shows
them per region.

The questions were WRITTEN FOR THIS PRODUCT, to show a survey of scales: they are not the
project's own questionnaire, which was not available. The format is that of
surveys.definitions: (key, type, required, fi, sv, en, options), where a scale's options give
the labels of its two ends as ((low fi, sv, en), (high fi, sv, en))."""

from surveys.models import QuestionnaireKind, Respondent

PROGRAMME_SLUG = "tekoalyosaaminen-2026"

NOT_AT_ALL = ("Ei lainkaan", "Inte alls", "Not at all")
VERY_WELL = ("Erittäin hyvin", "Mycket väl", "Very well")

AI_COMPETENCE = {
    "slug": "ai-baseline",
    "kind": QuestionnaireKind.OTHER,
    "respondent": Respondent.MUNICIPALITY,
    "title": (
        "Tekoälyosaamisen alkukartoitus",
        "Kartläggning av AI-kompetensen",
        "AI competence baseline survey",
    ),
    "intro": (
        "Kartoitamme yleisten kirjastojen henkilöstön tekoälyosaamista hankkeen alussa. "
        "Vastatkaa koko kirjaston henkilöstön puolesta. Tuloksia käsitellään vain "
        "koosteina: alle viiden kirjaston joukosta lukuja ei näytetä.",
        "Vi kartlägger AI-kompetensen hos personalen på de allmänna biblioteken i början av "
        "projektet. Svara för hela bibliotekets personal. Resultaten behandlas bara "
        "sammanställda: för färre än fem bibliotek visas inga siffror.",
        "We survey the AI competence of public library staff at the start of the project. "
        "Answer for the whole staff of the library. The results are only used as summaries: "
        "no figures are shown for fewer than five libraries.",
    ),
    "questions": [
        (
            "familiarity",
            "scale",
            True,
            "Kuinka hyvin henkilöstö tuntee generatiivisen tekoälyn työkalut?",
            "Hur väl känner personalen till verktyg för generativ AI?",
            "How familiar is the staff with generative AI tools?",
            {"scale": (NOT_AT_ALL, VERY_WELL)},
        ),
        (
            "own_work",
            "scale",
            True,
            "Kuinka paljon henkilöstö käyttää tekoälyä omassa työssään?",
            "I vilken mån använder personalen AI i sitt eget arbete?",
            "How much does the staff use AI in their own work?",
            {
                "scale": (
                    NOT_AT_ALL,
                    ("Päivittäin", "Dagligen", "Every day"),
                )
            },
        ),
        (
            "guiding_customers",
            "scale",
            True,
            "Kuinka varmasti henkilöstö osaa opastaa asiakkaita tekoälyn käytössä?",
            "Hur säkert kan personalen handleda kunder i att använda AI?",
            "How confident is the staff in guiding customers in the use of AI?",
            {
                "scale": (
                    ("Ei lainkaan varmasti", "Inte alls säkert", "Not at all confident"),
                    ("Erittäin varmasti", "Mycket säkert", "Very confident"),
                )
            },
        ),
        (
            "assessing_output",
            "scale",
            True,
            "Kuinka hyvin henkilöstö osaa arvioida tekoälyn tuottaman tiedon luotettavuutta?",
            "Hur väl kan personalen bedöma hur tillförlitlig information från AI är?",
            "How well can the staff assess the reliability of what AI produces?",
            {"scale": (NOT_AT_ALL, VERY_WELL)},
        ),
        (
            "privacy_copyright",
            "scale",
            True,
            "Kuinka hyvin henkilöstö tuntee tekoälyyn liittyvät tietosuoja- ja "
            "tekijänoikeuskysymykset?",
            "Hur väl känner personalen till frågor om dataskydd och upphovsrätt kring AI?",
            "How well does the staff know the data protection and copyright questions of AI?",
            {"scale": (NOT_AT_ALL, VERY_WELL)},
        ),
        (
            "training_need",
            "scale",
            True,
            "Kuinka suuri on henkilöstön tekoälykoulutuksen tarve?",
            "Hur stort är personalens behov av utbildning i AI?",
            "How great is the staff's need for training in AI?",
            {
                "scale": (
                    ("Ei tarvetta", "Inget behov", "No need"),
                    ("Erittäin suuri", "Mycket stort", "Very great"),
                )
            },
        ),
        (
            "guidelines",
            "single",
            True,
            "Onko kirjastolla tai kunnalla ohjeet tekoälyn käytöstä työssä?",
            "Har biblioteket eller kommunen riktlinjer för hur AI används i arbetet?",
            "Does the library or the municipality have guidelines for using AI at work?",
            {
                "choices": [
                    ("yes", "Kyllä", "Ja", "Yes"),
                    ("in_preparation", "Valmisteilla", "Under beredning", "In preparation"),
                    ("no", "Ei", "Nej", "No"),
                    ("unknown", "En tiedä", "Vet inte", "Don't know"),
                ]
            },
        ),
        (
            "tools_used",
            "multiple",
            False,
            "Mitä tekoälytyökaluja henkilöstö on käyttänyt työssään?",
            "Vilka AI-verktyg har personalen använt i arbetet?",
            "Which AI tools has the staff used at work?",
            {
                "choices": [
                    (
                        "chatbots",
                        "Keskustelevat tekoälyt (esim. Copilot, ChatGPT)",
                        "AI-chattar (t.ex. Copilot, ChatGPT)",
                        "AI chatbots (e.g. Copilot, ChatGPT)",
                    ),
                    (
                        "translation",
                        "Käännös- ja kielityökalut",
                        "Översättnings- och språkverktyg",
                        "Translation and language tools",
                    ),
                    ("images", "Kuvien tuottaminen", "Bildgenerering", "Image generation"),
                    (
                        "transcription",
                        "Puheen litterointi ja tiivistäminen",
                        "Transkribering och sammanfattning av tal",
                        "Transcribing and summarising speech",
                    ),
                    ("none", "Ei mitään", "Inga", "None of these"),
                ]
            },
        ),
        (
            "training_format",
            "single",
            False,
            "Mikä koulutusmuoto sopisi henkilöstölle parhaiten?",
            "Vilken utbildningsform skulle passa personalen bäst?",
            "Which form of training would suit the staff best?",
            {
                "choices": [
                    ("webinars", "Verkkoluennot", "Webbinarier", "Webinars"),
                    (
                        "regional_workshops",
                        "Alueelliset työpajat",
                        "Regionala workshoppar",
                        "Regional workshops",
                    ),
                    (
                        "online_course",
                        "Omaan tahtiin etenevä verkkokurssi",
                        "Webbkurs i egen takt",
                        "Self-paced online course",
                    ),
                    ("peer_learning", "Vertaisoppiminen", "Kollegialt lärande", "Peer learning"),
                ]
            },
        ),
        (
            "support_wishes",
            "text",
            False,
            "Millaista tukea tai koulutusta toivotte hankkeelta?",
            "Vilket slags stöd eller utbildning önskar ni av projektet?",
            "What kind of support or training do you hope for from the project?",
            {"max_length": 2000},
        ),
    ],
}

PROGRAMME = {
    "name_fi": "Yleisten kirjastojen tekoälyosaaminen 2026",
    "name_sv": "Folkbibliotekens AI-kompetens 2026",
    "name_en": "AI competence of public libraries 2026",
    "description": (
        "Yleisten kirjastojen valtakunnallisen kehittämistehtävän (VAKE) hanke, joka "
        "kartoittaa ja vahvistaa kirjastojen henkilöstön tekoälyosaamista. Ei liittymistä "
        "eikä maksuja: kirjastot vastaavat alkukartoitukseen, ja tulokset palvelevat hanketta "
        "ja alueellisia kehittämiskeskuksia."
    ),
}
