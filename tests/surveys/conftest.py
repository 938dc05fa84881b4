"""Fixtures shared by the survey tests: the two real questionnaires of the `ekirjasto`
programme (created by `seed_demo`), complete answers to them, and a small questionnaire of
every question type for the tests that need choices or versions of their own."""

import datetime

import pytest
from django.utils import timezone

from onboarding.models import Programme
from surveys.definitions import questionnaire_create_from
from surveys.models import Questionnaire, QuestionnaireKind, Respondent


@pytest.fixture
def programme(db):
    return Programme.objects.get(slug="ekirjasto")


@pytest.fixture
def pre_join(programme):
    return Questionnaire.objects.get(programme=programme, slug="pre-join", version=1)


@pytest.fixture
def cost(programme):
    return Questionnaire.objects.get(programme=programme, slug="cost", version=1)


def pre_join_answers(**changes) -> dict:
    """A complete pre-join answer for Helsinki (real business ID 0201256-6)."""
    answers = {
        "intention": "yes",
        "schedule": "launch",
        "consortium_confirmed": "yes",
        "signatory_name": "Anna Allekirjoittaja",
        "signatory_title": "Kaupunginjohtaja",
        "decision_body": "Kaupunginhallitus",
        "agreement_contact_name": "Sanna Sopimus",
        "agreement_contact_email": "sanna.sopimus@hel.example",
        "agreement_contact_phone": "+358 9 310 1234",
        "technical_contact_name": "Teemu Tekninen",
        "technical_contact_email": "teemu.tekninen@hel.example",
        "invoicing_contact_name": "Laura Laskutus",
        "invoicing_contact_email": "laura.laskutus@hel.example",
        "business_id": "0201256-6",
        "einvoice_address": "003702012566",
        "einvoice_operator": "Basware BAWCFI22",
        "comments": "",
    }
    answers.update(changes)
    return {k: v for k, v in answers.items() if v is not None}


def cost_answers(**changes) -> dict:
    answers = {
        "ebooks_audiobooks": "620000.00",
        "emagazines": "180000.00",
        "music_film": "50000.00",
        "platform_fees": "150000.00",
        "staff_person_years": "12.5",
        "staff_cost": "560000.00",
        "platforms": "3",
    }
    answers.update(changes)
    return answers


@pytest.fixture
def complete_pre_join_answers():
    return pre_join_answers


@pytest.fixture
def complete_cost_answers():
    return cost_answers


SMALL = {
    "slug": "small",
    "kind": QuestionnaireKind.OTHER,
    "respondent": Respondent.MUNICIPALITY,
    "title": ("Pieni kysely", "Liten enkät", "Small survey"),
    "intro": ("", "", ""),
    "questions": [
        ("name", "text", True, "Nimi", "Namn", "Name", {}),
        ("staff", "number", False, "Henkilöstö", "Personal", "Staff", {"min": "0", "max": "500"}),
        ("budget", "money", False, "Budjetti", "Budget", "Budget", {"min": "0"}),
        (
            "colour",
            "single",
            False,
            "Väri",
            "Färg",
            "Colour",
            {"choices": [("red", "Punainen", "Röd", "Red"), ("blue", "Sininen", "Blå", "Blue")]},
        ),
        (
            "formats",
            "multiple",
            False,
            "Muodot",
            "Format",
            "Formats",
            {
                "choices": [
                    ("ebook", "E-kirja", "E-bok", "E-book"),
                    ("audio", "Äänikirja", "Ljudbok", "Audiobook"),
                    ("magazine", "E-lehti", "E-tidskrift", "E-magazine"),
                ]
            },
        ),
        ("agree", "yes_no", False, "Samaa mieltä", "Enig", "Agree", {}),
        ("deadline", "date", False, "Määräpäivä", "Sista dag", "Deadline", {}),
    ],
}


@pytest.fixture
def small_draft(programme):
    """A draft questionnaire with one question of each type, open now for 30 days."""
    now = timezone.now()
    questionnaire, _created = questionnaire_create_from(
        SMALL,
        programme=programme,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=30),
    )
    return questionnaire


@pytest.fixture
def ai_survey(db):
    """The AI competence baseline survey of its own programme, published, with no answers
    (the test DB's seed has DEBUG off, so none of the demo answers either)."""
    from surveys.demo_ai import ai_programme_seed, ai_questionnaire_seed

    return ai_questionnaire_seed(ai_programme_seed())
