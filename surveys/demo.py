"""Demo answers for `make run` (DEBUG only): a survey in progress and cost figures.

Everything written here is marked is_demo and shown as demo data. The cost answers are made
up per unit and then scaled so that the population-weighted national average is exactly the
real 2021 figure of the 2022 cost survey, 0.80 EUR per resident (data/reference/README.md).

The accepted pre-join answers propose their registry details like any accepted response,
and the demo coordinator has applied most of those proposals, so the registry names the
demo signatories, decision bodies and contacts; a few are left open to show what a proposal
looks like. Business IDs are only the real ones of the reference data (six municipalities,
Vaasa among them): an answer leaves the business ID, and so the e-invoice address made
from it, empty where the real one is not known. Names, e-mail addresses (example.invalid)
and the operator are made up and say so."""

import datetime
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from onboarding import selectors as registry
from onboarding.models import LanguageStatus, Municipality, User
from onboarding.services.audit import log_transition
from surveys.analysis import unit_populations
from surveys.definitions import COST, PRE_JOIN, questionnaire_create_from
from surveys.models import (
    Questionnaire,
    QuestionnaireStatus,
    RegistryChange,
    RegistryChangeStatus,
    Response,
    Submission,
)
from surveys.services import registry_change_apply, registry_change_propose

NATIONAL_COST_PER_RESIDENT = Decimal("0.80")  # 2022 cost survey, figures of 2021
# Vaasa's pre-join survey is accepted (its registry then names its signatory beside its real
# business ID); its cost survey is left for the demo user `vaasa` to answer.
DEMO_PRE_JOIN_ACCEPTED = {"905"}
DEMO_COST_NOT_STARTED = {"905"}
DEMO_PROPOSALS_LEFT_OPEN = 6  # out of 100: about six in a hundred accepted responses
CENT = Decimal("0.01")


def stable_spread(key: str) -> int:
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


def _signatory(municipality: Municipality, spread: int) -> dict:
    """Made-up but plausible: the head of education or of the library signs on the decision
    of the education committee (both exist in towns and in cities), in Swedish where the
    municipality works in Swedish."""
    swedish = municipality.language_status in (LanguageStatus.SV, LanguageStatus.SV_FI)
    titles = (
        ("Bildningsdirektör", "Bibliotekschef")
        if swedish
        else (
            "Sivistysjohtaja",
            "Kirjastotoimenjohtaja",
        )
    )
    return {
        "signatory_name": "Demo Allekirjoittaja",
        "signatory_title": titles[spread % 2],
        "decision_body": "Bildningsnämnden" if swedish else "Sivistyslautakunta",
    }


def _pre_join_answers(municipality: Municipality, spread: int) -> dict:
    intention = "yes" if spread < 88 else ("undecided" if spread < 95 else "no")
    business_id = municipality.business_id or ""  # the real one, or none at all
    answers = {
        "intention": intention,
        "consortium_confirmed": "yes",
        "business_id": business_id,
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
                **_signatory(municipality, spread),
                "invoicing_contact_name": "Demo Laskutus",
                "invoicing_contact_email": f"laskutus.{municipality.code}@example.invalid",
            }
        )
        if business_id:  # OVT: 0037 and the business ID's eight digits
            answers["einvoice_address"] = "0037" + business_id.replace("-", "")
            answers["einvoice_operator"] = "Demo-operaattori"
        if answers["schedule"] == "later":
            answers["start_month"] = "2025-01-01"
    return {k: v for k, v in answers.items() if v != ""}


def demo_response(
    questionnaire, municipality: Municipality, status: str, answers: dict
) -> Response:
    """A municipality's demo response, taken through the real transitions to `status`."""
    response = Response.objects.create(
        questionnaire=questionnaire,
        series=questionnaire.series,
        respondent_key=municipality.code,
        respondent_name=municipality.name_fi,
        municipality=municipality,
        is_demo=True,
    )
    _record(response, status, answers)
    return response


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
    if status == "accepted":
        registry_change_propose(response=response, by=None)


def _apply_demo_proposals(applied_by: User) -> int:
    """The demo coordinator applies the proposals of the accepted demo answers, all but a
    few (and never Vaasa's), through the same service as a coordinator's click."""
    applied = 0
    for proposal in RegistryChange.objects.filter(
        is_demo=True, status=RegistryChangeStatus.OPEN
    ).select_related("municipality", "questionnaire"):
        code = proposal.municipality.code
        if code != "905" and stable_spread("registry:" + code) < DEMO_PROPOSALS_LEFT_OPEN:
            continue
        fields = list(proposal.items.values_list("field", flat=True))
        registry_change_apply(proposal=proposal, fields=fields, by=applied_by)
        applied += 1
    return applied


@transaction.atomic
def survey_demo_seed(
    *, pre_join: Questionnaire, cost: Questionnaire, applied_by: User | None = None
) -> list[str]:
    """The demo answers; with `applied_by` (the demo coordinator) the registry changes their
    acceptance proposes are applied, all but a few."""
    done = []
    if not Response.objects.filter(series=pre_join.series).exists():
        count = 0
        for municipality in Municipality.objects.filter(
            registry.valid_on_q(registry.today())
        ).order_by("code"):
            spread = stable_spread(municipality.code)
            if municipality.code in DEMO_PRE_JOIN_ACCEPTED:
                spread, status = min(spread, 69), "accepted"  # joining at the launch
            elif spread >= 90:  # about one in ten has not started
                continue
            else:
                status = "accepted" if spread < 55 else ("submitted" if spread < 82 else "draft")
            demo_response(pre_join, municipality, status, _pre_join_answers(municipality, spread))
            count += 1
        done.append(f"demo pre-join responses: {count}")
        if applied_by is not None:
            applied = _apply_demo_proposals(applied_by)
            done.append(f"demo registry changes applied: {applied}")
    if not Response.objects.filter(series=cost.series).exists():
        done.append(f"demo cost responses: {_cost_demo(cost)}")
    return done


def _cost_demo(cost: Questionnaire) -> int:
    units = [
        u
        for u in unit_populations(on=registry.today())
        if u.population and u.key not in DEMO_COST_NOT_STARTED
    ]
    # 0.45..1.44
    weights = {u.key: Decimal(45 + stable_spread("cost:" + u.key)) / 100 for u in units}
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
                "platforms": str(1 + stable_spread("p:" + unit.key) % 4),
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
