"""Demo of the AI competence baseline survey for `make run` (DEBUG only): its programme, the
questionnaire (surveys.ai_competence) and answers of about half of the municipalities.

The ANSWERS ARE MADE UP: drawn from a stable hash of each municipality's code (`stable_spread`, as
surveys.demo does), so the demo looks the same on every machine, and marked is_demo. No
library answered them. Kainuu has only three respondents, so that a region with fewer than
five respondents shows its suppression; Vaasa is left for the demo user `vaasa` to answer."""

import datetime

from django.db import transaction
from django.utils import timezone

from onboarding import selectors as registry
from onboarding.models import FeeModel, Municipality, ParticipantKind, Programme, Stage
from surveys.ai_competence import AI_COMPETENCE, PROGRAMME, PROGRAMME_SLUG
from surveys.definitions import questionnaire_create_from
from surveys.demo import demo_response, stable_spread
from surveys.models import Questionnaire, QuestionnaireStatus, Response

SMALL_REGION = "18"  # Kainuu: fewer than five respondents
SMALL_REGION_RESPONDENTS = 3
NOT_ANSWERING = {"905"}  # Vaasa answers in the demo itself
ANSWERING = 50  # out of 100: about half of the libraries have answered

# How often each point of a scale is answered, in hundredths (1, 2, 3, 4, 5): familiar tools,
# little confidence in guiding customers yet, and a great need for training.
SCALE_WEIGHTS = {
    "familiarity": (6, 22, 40, 24, 8),
    "own_work": (14, 30, 32, 18, 6),
    "guiding_customers": (18, 34, 30, 14, 4),
    "assessing_output": (8, 26, 38, 22, 6),
    "privacy_copyright": (12, 32, 34, 18, 4),
    "training_need": (2, 6, 20, 38, 34),
}
SUPPORT_WISHES = [
    "Käytännön harjoituksia asiakasopastukseen.",
    "Koulutusta tietosuojasta ja tekijänoikeuksista.",
    "Yhteiset ohjeet kaikille kirjastoille.",
    "Vertaistukea naapurikirjastoista.",
]


def _pick(key: str, weights: tuple[int, ...]) -> int:
    """The 1-based position that `key`'s spread (0..99) falls on in the cumulative weights."""
    spread, total = stable_spread(key), 0
    for position, weight in enumerate(weights, start=1):
        total += weight
        if spread < total:
            return position
    return len(weights)


def _answers(code: str) -> dict:
    answers = {key: _pick(f"ai:{code}:{key}", w) for key, w in SCALE_WEIGHTS.items()}
    guidelines = ("yes", "in_preparation", "no", "unknown")
    answers["guidelines"] = guidelines[_pick(f"ai:{code}:guidelines", (20, 35, 35, 10)) - 1]
    tools = [
        value
        for value, share in (("chatbots", 80), ("translation", 55), ("images", 25))
        if stable_spread(f"ai:{code}:tools:{value}") < share
    ]
    if stable_spread(f"ai:{code}:tools:transcription") < 20:
        tools.append("transcription")
    answers["tools_used"] = tools or ["none"]
    formats = ("webinars", "regional_workshops", "online_course", "peer_learning")
    answers["training_format"] = formats[_pick(f"ai:{code}:format", (30, 35, 20, 15)) - 1]
    if stable_spread(f"ai:{code}:wish") < 30:
        wish = SUPPORT_WISHES[stable_spread(f"ai:{code}:which") % len(SUPPORT_WISHES)]
        answers["support_wishes"] = f"{wish} (Demoaineistoa / demodata / demo data)"
    return answers


def ai_programme_seed() -> Programme:
    programme, _created = Programme.objects.update_or_create(
        slug=PROGRAMME_SLUG,
        defaults={
            **PROGRAMME,
            "launch_date": datetime.date(2026, 1, 1),
            "signing_deadline": datetime.date(2026, 1, 1),
            "fee_per_resident": 0,
            # A survey programme: every municipality's library answers; no agreement, no fee,
            # and nobody gets access to anything by residence.
            "participant_kind": ParticipantKind.MUNICIPALITY,
            "stages": [Stage.SURVEY],
            "fee_model": FeeModel.NONE,
            "residence_access": False,
        },
    )
    return programme


def ai_questionnaire_seed(programme: Programme) -> Questionnaire:
    """Published, open from 20 days before the first seeding to 60 days after it (a demo
    window, so that the demo managers can still answer)."""
    now = timezone.now().replace(microsecond=0)
    questionnaire, created = questionnaire_create_from(
        AI_COMPETENCE,
        programme=programme,
        opens_at=now - datetime.timedelta(days=20),
        closes_at=now + datetime.timedelta(days=60),
    )
    if created and questionnaire.status == QuestionnaireStatus.DRAFT:
        questionnaire.publish()
        questionnaire.save()
    return questionnaire


def _answering(municipalities: list[Municipality]) -> list[tuple[Municipality, str]]:
    """Who has answered, and how far: about half, only three in Kainuu, never Vaasa."""
    chosen, small = [], 0
    for municipality in municipalities:
        spread = stable_spread("ai:" + municipality.code)
        if municipality.code in NOT_ANSWERING:
            continue
        if municipality.region_code == SMALL_REGION:
            if small >= SMALL_REGION_RESPONDENTS:
                continue
            small += 1
        elif spread >= ANSWERING:
            continue
        # Mostly submitted or accepted (both count in the results); a few drafts, which do
        # not (never in Kainuu, whose three must count).
        status = "accepted" if spread < 20 else ("submitted" if spread < 45 else "draft")
        if municipality.region_code == SMALL_REGION and status == "draft":
            status = "submitted"
        chosen.append((municipality, status))
    return chosen


@transaction.atomic
def ai_competence_seed() -> list[str]:
    """Idempotent: the programme, its questionnaire and the made-up answers, once."""
    programme = ai_programme_seed()
    questionnaire = ai_questionnaire_seed(programme)
    done = [f"programme {programme.slug} up to date", f"questionnaire: {questionnaire}"]
    if Response.objects.filter(series=questionnaire.series).exists():
        return done
    municipalities = list(
        Municipality.objects.filter(registry.valid_on_q(registry.today())).order_by("code")
    )
    count = 0
    for municipality, status in _answering(municipalities):
        demo_response(questionnaire, municipality, status, _answers(municipality.code))
        count += 1
    done.append(f"demo AI competence responses: {count}")
    return done
