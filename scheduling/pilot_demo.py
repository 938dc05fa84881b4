"""The digital newspaper pilot's demo (`make run`, DEBUG only for the answers): its interest
survey with answers reproducing the public figures of spring 2025 (45 answers, 41 interested,
9 volunteers), the selection of the three pilot libraries, its follow-up survey, its
checklist for opening access and its agreement template.

Public: the figures, the three chosen libraries (Jyväskylä city library, Alavus city library,
Mikkeli regional library; their Finnish and Swedish names here are translations of those
designations) and the rules (local use, at most 3 customer terminals per location). Made up:
which other 42 libraries answered and what, the other 6 volunteers, the survey's exact dates
(the real one ran in spring 2025), and the decision record (its date and body are not public,
and the record says so). Every made-up row is marked is_demo."""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from contracts import agreement_text
from contracts.services.documents import agreement_template_create
from onboarding import selectors as registry
from onboarding.demo import pilot_programme_seed
from onboarding.models import Municipality, Participant, Programme, User
from scheduling.models import ChecklistItem
from scheduling.services.participants import selection_record
from surveys.definitions import questionnaire_create_from
from surveys.demo import demo_response
from surveys.models import Response
from surveys.pilot_definitions import FOLLOW_UP, INTEREST

ANSWERS, INTERESTED, VOLUNTEERS = 45, 41, 9
# The three chosen: code -> (name in Finnish, name in Swedish)
CHOSEN = {
    "179": ("Jyväskylän kaupunginkirjasto", "Jyväskylä stadsbibliotek"),
    "010": ("Alavuden kaupunginkirjasto", "Alavo stadsbibliotek"),
    "491": ("Mikkelin seutukirjasto", "S:t Michels regionbibliotek"),
}
SPRING_2025 = (
    datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC),
    datetime.datetime(2025, 6, 1, tzinfo=datetime.UTC),
)

# Steps before a pilot library's access is opened (written for this product).
PILOT_CHECKLIST = [
    (
        "terminals",
        "Toimipisteet ja asiakaspäätteet on ilmoitettu",
        "Verksamhetsställen och kundterminaler har anmälts",
        "Locations and customer terminals registered",
    ),
    (
        "staff",
        "Henkilökunta on perehdytetty pääsyn avaamiseen",
        "Personalen har introducerats i att öppna tillgången",
        "Staff instructed in opening access",
    ),
    (
        "tested",
        "Käyttö on testattu asiakaspäätteellä",
        "Användningen har testats på en kundterminal",
        "Use tested on a customer terminal",
    ),
]


def _rank(code: str) -> str:
    return hashlib.sha256(f"pilot:{code}".encode()).hexdigest()


def pilot_checklist_seed(programme: Programme) -> None:
    for position, (key, fi, sv, en) in enumerate(PILOT_CHECKLIST):
        ChecklistItem.objects.update_or_create(
            programme=programme,
            key=key,
            defaults={"position": position, "label_fi": fi, "label_sv": sv, "label_en": en},
        )


def pilot_questionnaires_seed(programme: Programme) -> tuple:
    """The interest survey (spring 2025, closed since) and the follow-up survey (open from
    the first seeding for 60 days), both published."""
    interest, created = questionnaire_create_from(
        INTEREST, programme=programme, opens_at=SPRING_2025[0], closes_at=SPRING_2025[1]
    )
    if created:
        interest.publish()
        interest.save()
    now = timezone.now().replace(microsecond=0)
    follow_up, created = questionnaire_create_from(
        FOLLOW_UP,
        programme=programme,
        opens_at=now - datetime.timedelta(days=1),
        closes_at=now + datetime.timedelta(days=60),
    )
    if created:
        follow_up.publish()
        follow_up.save()
    return interest, follow_up


def _answers(municipality: Municipality, interested: bool, volunteer: bool) -> dict:
    """A made-up answer; a library not among the three is named by its municipality, in the
    municipality's language."""
    if municipality.code in CHOSEN:
        library = CHOSEN[municipality.code][0]
    elif municipality.language_status in ("sv", "sv/fi"):
        library = municipality.name_sv
    else:
        library = municipality.name_fi
    answers = {
        "library_name": library,
        "interest": "yes" if interested else "no",
        "contact_name": "Demo-yhteyshenkilö",
        "contact_email": f"kirjasto.{municipality.code}@example.invalid",
    }
    if interested:
        answers["volunteer"] = "yes" if volunteer else "no"
        if volunteer:
            answers["locations"] = "1"
    return answers


@transaction.atomic
def pilot_answers_seed(interest, *, coordinator: User | None) -> list[str]:
    """45 answers: the three chosen and 42 others picked by a stable hash; 41 interested, 9
    volunteers (the three and six others); then the selection of the three."""
    if Response.objects.filter(series=interest.series).exists():
        return []
    others = sorted(
        (
            m
            for m in Municipality.objects.filter(registry.valid_on_q(registry.today()))
            if m.code not in CHOSEN
        ),
        key=lambda m: _rank(m.code),
    )[: ANSWERS - len(CHOSEN)]
    chosen = list(Municipality.objects.filter(code__in=CHOSEN))
    respondents = chosen + others
    volunteer_codes = set(CHOSEN) | {m.code for m in others[: VOLUNTEERS - len(CHOSEN)]}
    not_interested = {m.code for m in others[-(ANSWERS - INTERESTED) :]}
    for municipality in respondents:
        answers = _answers(
            municipality,
            municipality.code not in not_interested,
            municipality.code in volunteer_codes,
        )
        demo_response(interest, municipality, "submitted", answers)
    done = [f"pilot interest answers: {len(respondents)}"]
    if (
        coordinator is not None
        and not Participant.objects.filter(programme=interest.programme).exists()
    ):
        decision = selection_record(
            programme=interest.programme,
            selected_codes=list(CHOSEN),
            decided_on=datetime.date(2025, 12, 1),
            body="Kansalliskirjasto (demo)",
            reason="Demo: päätöksen elin ja päivä eivät ole julkisia; valitut kolme kirjastoa "
            "ovat julkisesti tiedossa, ja niistä ensimmäinen on avustuksen päähakija.",
            by=coordinator,
        )
        for participant in decision.participants.filter(municipality__code__in=CHOSEN):
            fi, sv = CHOSEN[participant.municipality.code]
            participant.library_name_fi, participant.library_name_sv = fi, sv
            participant.save(update_fields=["library_name_fi", "library_name_sv"])
        done.append("pilot selection: 3 of 9 volunteers")
    return done


def pilot_seed(*, with_answers: bool, coordinator: User | None) -> list:
    """The pilot programme with its agreement template, questionnaires and checklist, and
    with `with_answers` the demo answers and selection. Idempotent."""
    programme = pilot_programme_seed()
    done = [f"programme {programme.slug} up to date"]
    for version in agreement_text.versions(agreement_text.own_root(programme)):
        done.append(
            f"agreement template: {agreement_template_create(programme=programme, version=version)}"
        )
    interest, _follow_up = pilot_questionnaires_seed(programme)
    pilot_checklist_seed(programme)
    done.append(f"pilot questionnaires: {interest}")
    if with_answers:
        done += pilot_answers_seed(interest, coordinator=coordinator)
    return done
