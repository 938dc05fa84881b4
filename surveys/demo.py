"""Demo answers for `make run` (DEBUG only): a survey in progress and cost figures.

Everything written here is marked is_demo and shown as demo data. The cost answers are made
up per unit and then scaled so that the population-weighted national average is exactly the
real 2021 figure of the 2022 cost survey, 0.80 EUR per resident (data/reference/README.md)."""

import datetime
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from onboarding import selectors as registry
from onboarding.models import Municipality
from onboarding.services.audit import log_transition
from surveys.analysis import unit_populations
from surveys.definitions import COST, PRE_JOIN, questionnaire_create_from
from surveys.models import Questionnaire, QuestionnaireStatus, Response, Submission

NATIONAL_COST_PER_RESIDENT = Decimal("0.80")  # 2022 cost survey, figures of 2021
DEMO_LEAVE_NOT_STARTED = {"905"}  # Vaasa: the demo user walks the whole journey
CENT = Decimal("0.01")


def _spread(key: str) -> int:
    """A stable number 0..99 per key, so the demo looks the same on every machine."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) % 100


def questionnaires_seed(programme) -> list[Questionnaire]:
    """The programme's two questionnaires, published, open from 30 days before the first
    seeding to 120 days after it (a demo window: the real survey ran before the 2024
    launch)."""
    now = timezone.now().replace(microsecond=0)
    result = []
    for definition in (PRE_JOIN, COST):
        questionnaire, created = questionnaire_create_from(
            definition,
            programme=programme,
            opens_at=now - datetime.timedelta(days=30),
            closes_at=now + datetime.timedelta(days=120),
        )
        if questionnaire.status == QuestionnaireStatus.DRAFT and created:
            questionnaire.publish()
            questionnaire.save()
        result.append(questionnaire)
    return result


def _pre_join_answers(municipality: Municipality, spread: int) -> dict:
    intention = "yes" if spread < 88 else ("undecided" if spread < 95 else "no")
    answers = {
        "intention": intention,
        "consortium_confirmed": "yes",
        "business_id": municipality.business_id or "",
        "agreement_contact_name": "Demo Yhteyshenkilö",
        "agreement_contact_email": f"sopimus.{municipality.code}@example.invalid",
        "technical_contact_name": "Demo Tekninen",
        "technical_contact_email": f"tekniikka.{municipality.code}@example.invalid",
        "comments": "Demoaineistoa / demodata / demo data",
    }
    if intention == "yes":
        answers.update(
            {
                "schedule": "launch" if spread < 70 else "later",
                "signatory_name": "Demo Allekirjoittaja",
                "signatory_title": "Kunnanjohtaja",
                "decision_body": "Kunnanhallitus",
                "invoicing_contact_name": "Demo Laskutus",
                "invoicing_contact_email": f"laskutus.{municipality.code}@example.invalid",
                "einvoice_operator": "Demo-operaattori",
            }
        )
        if answers["schedule"] == "later":
            answers["start_month"] = "2025-01-01"
    return {k: v for k, v in answers.items() if v != ""}


def _record(response: Response, status: str, answers: dict) -> None:
    """Walk the real transitions, without e-mails: demo history, not events."""
    response.answers = answers
    response.start()
    log_transition(record=response, transition="start", from_state="not_started", by=None)
    if status in ("submitted", "accepted"):
        response.submit()
        response.save()
        Submission.objects.create(
            response=response, number=1, questionnaire=response.questionnaire, answers=answers
        )
        log_transition(record=response, transition="submit", from_state="draft", by=None)
    if status == "accepted":
        response.accept()
        log_transition(record=response, transition="accept", from_state="submitted", by=None)
    response.save()


@transaction.atomic
def survey_demo_seed(*, pre_join: Questionnaire, cost: Questionnaire) -> list[str]:
    done = []
    if not Response.objects.filter(series=pre_join.series).exists():
        count = 0
        for municipality in Municipality.objects.filter(
            registry.valid_on_q(registry.today())
        ).order_by("code"):
            if municipality.code in DEMO_LEAVE_NOT_STARTED:
                continue
            spread = _spread(municipality.code)
            if spread >= 90:  # about one in ten has not started
                continue
            status = "accepted" if spread < 55 else ("submitted" if spread < 82 else "draft")
            response = Response.objects.create(
                questionnaire=pre_join,
                series=pre_join.series,
                respondent_key=municipality.code,
                respondent_name=municipality.name_fi,
                municipality=municipality,
                is_demo=True,
            )
            _record(response, status, _pre_join_answers(municipality, spread))
            count += 1
        done.append(f"demo pre-join responses: {count}")
    if not Response.objects.filter(series=cost.series).exists():
        done.append(f"demo cost responses: {_cost_demo(cost)}")
    return done


def _cost_demo(cost: Questionnaire) -> int:
    units = [
        u
        for u in unit_populations(on=registry.today())
        if u.population and u.key not in DEMO_LEAVE_NOT_STARTED
    ]
    weights = {u.key: Decimal(45 + _spread("cost:" + u.key)) / 100 for u in units}  # 0.45..1.44
    raw = {u.key: weights[u.key] * u.population for u in units}
    target = NATIONAL_COST_PER_RESIDENT * sum(u.population for u in units)
    scale = target / sum(raw.values())
    count = 0
    for unit in units:
        total = (raw[unit.key] * scale).quantize(CENT, rounding=ROUND_HALF_UP)
        parts = {
            "ebooks_audiobooks": (total * Decimal("0.62")).quantize(CENT),
            "emagazines": (total * Decimal("0.18")).quantize(CENT),
            "music_film": (total * Decimal("0.05")).quantize(CENT),
        }
        parts["platform_fees"] = total - sum(parts.values())
        answers = {k: str(v) for k, v in parts.items()}
        answers.update(
            {
                "staff_person_years": str(
                    (Decimal(unit.population) / 40000).quantize(
                        Decimal("0.1"), rounding=ROUND_HALF_UP
                    )
                ),
                "staff_cost": str((Decimal(unit.population) * Decimal("0.35")).quantize(CENT)),
                "platforms": str(1 + _spread("p:" + unit.key) % 4),
                "comments": "Demoaineistoa / demodata / demo data",
            }
        )
        response = Response.objects.create(
            questionnaire=cost,
            series=cost.series,
            respondent_key=unit.key,
            respondent_name=unit.name,
            is_demo=True,
            municipality=unit.municipality,
            consortium=unit.consortium,
        )
        _record(response, "accepted", answers)
        count += 1
    return count
