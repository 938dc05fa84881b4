"""The digital newspaper pilot, a programme with other rules than E-kirjasto's: its rules as
data, the selection among the interest survey's volunteers, the pilot agreement only for the
selected, locations and customer terminals within the programme's limit, opening access, the
follow-up survey, and what must not leak into E-kirjasto (eligibility by residence)."""

import ast
import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from contracts.services.agreements import agreement_create
from eligibility.services import eligibility_of
from onboarding.models import (
    FeeModel,
    Notification,
    Participant,
    ParticipantKind,
    Programme,
    SelectionDecision,
    Stage,
)
from scheduling.models import AccessTick, ChecklistItem, Location, Terminal
from scheduling.pilot_demo import CHOSEN, pilot_answers_seed, pilot_seed
from scheduling.services import participants as service
from surveys.models import Questionnaire, Respondent
from surveys.selectors import my_surveys, volunteers
from tests.factories import AgreementFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]
DAY = datetime.date(2026, 2, 2)


@pytest.fixture
def pilot(db):
    """The pilot as the demo sets it up (programme, agreement template, questionnaires,
    checklist), without answers."""
    pilot_seed(with_answers=False, coordinator=None)
    return Programme.objects.get(slug="digisanomalehtipilotti")


@pytest.fixture
def interest(pilot):
    return Questionnaire.objects.get(programme=pilot, slug="interest")


@pytest.fixture
def answered(interest):
    """The demo's 45 answers, no decision yet."""
    pilot_answers_seed(interest, coordinator=None)
    return interest


@pytest.fixture
def selected(answered, coordinator, pilot):
    """The three chosen, as the demo records them."""
    service.selection_record(
        programme=pilot,
        selected_codes=list(CHOSEN),
        decided_on=datetime.date(2025, 12, 1),
        body="Kansalliskirjasto",
        reason="Avustuksen päähakija ja kaksi muuta vapaaehtoista.",
        by=coordinator,
    )
    return {p.municipality.code: p for p in Participant.objects.filter(programme=pilot)}


@pytest.fixture
def english():
    """The services' messages read in English here (the pages' tests read them in Finnish)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def jyvaskyla_manager(db):
    return UserFactory(manager=True, username="t-jyvaskyla", codes=("179",))


# --- the programme's rules are data ------------------------------------------------------


def test_ekirjasto_keeps_its_rules_and_the_pilot_has_its_own(pilot):
    ekirjasto = Programme.objects.get(slug="ekirjasto")
    assert ekirjasto.rule_errors() == {} and pilot.rule_errors() == {}
    assert ekirjasto.fee_model == FeeModel.PER_RESIDENT and ekirjasto.residence_access
    assert ekirjasto.stages == [Stage.SURVEY, Stage.AGREEMENT, Stage.CONNECTION]
    assert pilot.participant_kind == ParticipantKind.LIBRARY
    assert pilot.fee_model == FeeModel.NONE and not pilot.residence_access
    assert pilot.terminal_limit == 3
    assert pilot.has_stage(Stage.SELECTION) and not ekirjasto.has_stage(Stage.SELECTION)


@pytest.mark.parametrize(
    "changes, field, words",
    [
        ({"fee_model": FeeModel.PER_RESIDENT}, "fee_model", "A fee per resident needs"),
        ({"residence_access": True}, "residence_access", "Access by residence needs"),
        (
            {"fee_model": FeeModel.PER_TERMINAL, "flat_fee": Decimal("100"), "stages": ["survey"]},
            "fee_model",
            "A fee per terminal needs",
        ),
        ({"fee_model": FeeModel.PER_PARTICIPANT}, "flat_fee", "A flat fee model needs the fee"),
        ({"stages": ["selection", "agreement"]}, "stages", "A selection needs a survey"),
        ({"stages": ["agreement", "survey"]}, "stages", "in the order"),
        ({"stages": ["survey", "teleport"]}, "stages", "Unknown stage"),
        ({"terminal_limit": None}, "terminal_limit", "needs the limit"),
    ],
)
def test_rules_that_do_not_fit_together_are_refused_in_words(pilot, english, changes, field, words):
    for name, value in changes.items():
        setattr(pilot, name, value)
    with pytest.raises(ValidationError) as refused:
        pilot.full_clean()
    assert words in " ".join(refused.value.message_dict[field])
    pilot.refresh_from_db()
    assert pilot.rule_errors() == {}


def test_no_module_compares_a_programme_slug_to_ekirjasto():
    """Nothing of E-kirjasto is special-cased by name: no comparison with "ekirjasto"
    anywhere in the product's code (seeding it by its slug is not a comparison)."""
    offenders = []
    for package in (
        "config",
        "portal",
        "billing",
        "eligibility",
        "scheduling",
        "contracts",
        "surveys",
        "onboarding",
    ):
        for path in (ROOT / package).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Compare):
                    for operand in [node.left, *node.comparators]:
                        if isinstance(operand, ast.Constant) and operand.value == "ekirjasto":
                            offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
                        if isinstance(operand, ast.Tuple | ast.List | ast.Set) and any(
                            isinstance(e, ast.Constant) and e.value == "ekirjasto"
                            for e in operand.elts
                        ):
                            offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


# --- the interest survey and the selection ----------------------------------------------


def test_the_demo_reproduces_the_public_figures_of_spring_2025(answered, pilot):
    from surveys.models import Response

    answers = [r.answers for r in Response.objects.filter(questionnaire=answered)]
    assert len(answers) == 45
    assert sum(a["interest"] == "yes" for a in answers) == 41
    assert len(volunteers(pilot)) == 9
    assert set(CHOSEN) <= {r.municipality.code for r in volunteers(pilot)}
    assert all(r.is_demo for r in Response.objects.filter(questionnaire=answered))


def test_the_selection_records_the_decision_and_tells_every_volunteer(selected, pilot):
    decision = SelectionDecision.objects.get(programme=pilot)
    assert decision.body == "Kansalliskirjasto" and decision.decided_on == datetime.date(
        2025, 12, 1
    )
    chosen = {code for code, p in selected.items() if p.selected}
    assert chosen == set(CHOSEN)
    assert len(selected) == 9  # the six others recorded as not selected
    told = Notification.objects.filter(kind="selection")
    # Every volunteer with a manager is told; a selected one reads that it was selected.
    for notification in told:
        assert notification.subject


def test_a_volunteer_is_told_in_its_language(answered, pilot, coordinator):
    swedish = next(
        (r for r in volunteers(pilot) if r.municipality.language_status in ("sv", "sv/fi")), None
    )
    finnish = next(r for r in volunteers(pilot) if r.municipality.code == "179")
    UserFactory(manager=True, username="t-jkl", codes=("179",))
    if swedish is not None:
        UserFactory(manager=True, username="t-sv", codes=(swedish.municipality.code,))
    service.selection_record(
        programme=pilot,
        selected_codes=["179"],
        decided_on=DAY,
        body="Kansalliskirjasto",
        reason="Pilotti",
        by=coordinator,
    )
    jkl = Notification.objects.get(recipient="t-jkl@example.invalid")
    assert (
        jkl.language == "fi" and "valittu" in jkl.body and finnish.municipality.name_fi in jkl.body
    )
    if swedish is not None:
        sv = Notification.objects.get(recipient="t-sv@example.invalid")
        assert sv.language == "sv" and "inte" in sv.body


def test_selecting_a_library_that_did_not_volunteer_is_refused_and_stores_nothing(
    english, answered, pilot, coordinator
):
    with pytest.raises(ValidationError) as refused:
        service.selection_record(
            programme=pilot,
            selected_codes=["179", "091"],  # Helsinki did not answer the interest survey
            decided_on=DAY,
            body="Kansalliskirjasto",
            reason="x",
            by=coordinator,
        )
    assert "091 did not volunteer" in refused.value.message_dict["selected"][0]
    assert not SelectionDecision.objects.exists() and not Participant.objects.exists()


@pytest.mark.parametrize(
    "body, reason, decided_on, field",
    [
        ("", "syy", DAY, "body"),
        ("Hallitus", "", DAY, "reason"),
        ("Hallitus", "syy", None, "decided_on"),
    ],
)
def test_a_decision_without_its_record_is_refused(
    answered, pilot, coordinator, body, reason, decided_on, field
):
    with pytest.raises(ValidationError) as refused:
        service.selection_record(
            programme=pilot,
            selected_codes=["179"],
            decided_on=decided_on,
            body=body,
            reason=reason,
            by=coordinator,
        )
    assert field in refused.value.message_dict
    assert not Participant.objects.exists()


def test_a_programme_without_a_selection_stage_selects_nobody(english, coordinator):
    with pytest.raises(ValidationError, match="has no stage"):
        service.selection_record(
            programme=Programme.objects.get(slug="ekirjasto"),
            selected_codes=["091"],
            decided_on=DAY,
            body="x",
            reason="y",
            by=coordinator,
        )


def test_a_manager_cannot_record_a_selection(answered, pilot, jyvaskyla_manager):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        service.selection_record(
            programme=pilot,
            selected_codes=["179"],
            decided_on=DAY,
            body="x",
            reason="y",
            by=jyvaskyla_manager,
        )


# --- the pilot agreement -----------------------------------------------------------------


def test_the_pilot_agreement_is_only_for_the_selected(english, selected, pilot, coordinator):
    not_chosen = next(p for p in selected.values() if not p.selected)
    with pytest.raises(ValidationError, match="was not selected"):
        agreement_create(programme=pilot, municipality=not_chosen.municipality, by=coordinator)
    assert not pilot.agreements.exists()
    agreement = agreement_create(
        programme=pilot, municipality=selected["179"].municipality, by=coordinator
    )
    assert agreement.template.version == 1 and agreement.template.programme == pilot


def test_the_agreement_list_of_the_pilot_lists_only_its_participants(
    selected, client_for, coordinator
):
    page = client_for(coordinator).get(
        reverse("agreement_list"), {"programme": "digisanomalehtipilotti"}
    )
    text = page.content.decode()
    assert "Jyväskylä" in text and "Alavus" in text and "Mikkeli" in text
    assert "Helsinki" not in text.split("<main", 1)[1]


# --- locations and customer terminals ----------------------------------------------------


def test_a_fourth_terminal_at_a_location_is_refused_with_the_limit(
    english, selected, jyvaskyla_manager
):
    participant = selected["179"]
    location = service.location_add(
        participant=participant, name="Pääkirjasto", street="Vapaudenkatu 39", by=jyvaskyla_manager
    )
    for n in (1, 2, 3):
        service.terminal_add(location=location, label=f"Pääte {n}", by=jyvaskyla_manager)
    with pytest.raises(ValidationError) as refused:
        service.terminal_add(location=location, label="Pääte 4", by=jyvaskyla_manager)
    assert "allows at most 3 per location" in refused.value.message_dict["label"][0]
    assert location.terminals.count() == 3
    # Another location has its own three.
    branch = service.location_add(
        participant=participant, name="Lähikirjasto", street="", by=jyvaskyla_manager
    )
    service.terminal_add(location=branch, label="Pääte 1", by=jyvaskyla_manager)
    assert Terminal.objects.filter(location__participant=participant).count() == 4


def test_the_limit_is_the_programmes_and_can_be_changed(selected, pilot, coordinator):
    pilot.terminal_limit = 4
    pilot.save()
    location = service.location_add(
        participant=selected["179"], name="Pääkirjasto", street="", by=coordinator
    )
    for n in range(1, 5):
        service.terminal_add(location=location, label=f"Pääte {n}", by=coordinator)
    assert location.terminals.count() == 4


def test_terminals_of_a_library_not_selected_are_refused(english, selected, coordinator):
    not_chosen = next(p for p in selected.values() if not p.selected)
    with pytest.raises(ValidationError, match="was not selected"):
        service.location_add(participant=not_chosen, name="Pääkirjasto", street="", by=coordinator)
    assert not Location.objects.exists()


@pytest.mark.parametrize("name", ["", "   ", "Rivi\nrikki"])
def test_a_location_needs_a_one_line_name(selected, coordinator, name):
    with pytest.raises(ValidationError):
        service.location_add(participant=selected["179"], name=name, street="", by=coordinator)
    assert not Location.objects.exists()


def test_a_manager_may_not_register_terminals_of_another_library(selected, helsinki_manager):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        service.location_add(participant=selected["179"], name="X", street="", by=helsinki_manager)


# --- opening access ----------------------------------------------------------------------


def test_access_opens_only_with_agreement_terminals_and_checklist(
    english, selected, pilot, coordinator
):
    participant = selected["179"]
    blockers = service.access_blockers(participant, DAY)
    assert any("agreement is not in force" in b for b in blockers)
    assert any("No customer terminal" in b for b in blockers)
    assert any("Checklist steps not done" in b for b in blockers)
    with pytest.raises(ValidationError):
        service.access_open(participant=participant, on=DAY, by=coordinator)
    AgreementFactory(
        code="179", programme=pilot, in_force=True, signed_on=datetime.date(2026, 1, 15)
    )
    location = service.location_add(
        participant=participant, name="Pääkirjasto", street="", by=coordinator
    )
    service.terminal_add(location=location, label="Pääte 1", by=coordinator)
    for item in ChecklistItem.objects.filter(programme=pilot):
        service.access_tick(participant=participant, item=item, by=coordinator, done=True)
    assert service.access_blockers(participant, DAY) == []
    opened = service.access_open(participant=participant, on=DAY, by=coordinator)
    assert opened.access_opened_on == DAY
    with pytest.raises(ValidationError, match="open already"):
        service.access_tick(
            participant=participant,
            item=ChecklistItem.objects.filter(programme=pilot).first(),
            by=coordinator,
            done=False,
        )
    assert AccessTick.objects.filter(participant=participant).count() == 3


def test_a_pilot_agreement_does_not_make_residents_eligible(selected, pilot):
    """Access to the pilot is local: the e-library's login service is asked about programmes
    with access by residence only, while the pilot's own "joined" still counts it."""
    from scheduling.joined import joined_on
    from scheduling.models import Connection

    AgreementFactory(
        code="179", programme=pilot, in_force=True, signed_on=datetime.date(2026, 1, 15)
    )
    Connection.objects.create(programme=pilot, unit_key="179")
    Connection.objects.filter(programme=pilot).update(
        status="live", go_live_on=datetime.date(2026, 2, 1)
    )
    assert (
        not Programme.objects.get(slug="ekirjasto")
        .agreements.filter(municipality__code="179")
        .exists()
    )
    assert "179" in joined_on(DAY, programme=pilot)
    assert "179" not in joined_on(DAY)
    assert eligibility_of("179", DAY).joined is False


# --- the follow-up survey ---------------------------------------------------------------


def test_the_follow_up_survey_goes_to_the_selected_only(
    selected, pilot, coordinator, jyvaskyla_manager
):
    follow_up = Questionnaire.objects.get(programme=pilot, slug="follow-up")
    assert follow_up.respondent == Respondent.PARTICIPANT
    assert any(row[0] == follow_up for row in my_surveys(jyvaskyla_manager))
    outsider = next(p for p in selected.values() if not p.selected)
    other = UserFactory(manager=True, username="t-outsider", codes=(outsider.municipality.code,))
    assert not any(row[0] == follow_up for row in my_surveys(other))
    sent = service.follow_up_send(questionnaire=follow_up, by=coordinator)
    assert sent == 1  # only Jyväskylä's manager exists among the three
    assert service.follow_up_send(questionnaire=follow_up, by=coordinator) == 0  # once each


def test_the_follow_up_answer_page_is_404_for_a_library_not_selected(selected, pilot, client_for):
    follow_up = Questionnaire.objects.get(programme=pilot, slug="follow-up")
    outsider = next(p for p in selected.values() if not p.selected)
    other = UserFactory(manager=True, username="t-outsider", codes=(outsider.municipality.code,))
    page = client_for(other).get(
        reverse("survey_respond", args=[follow_up.pk, outsider.municipality.code])
    )
    assert page.status_code == 404


# --- pages and access ----------------------------------------------------------------------


def test_the_coordinator_selects_on_the_participants_page(answered, pilot, client_for, coordinator):
    client = client_for(coordinator)
    page = client.get(reverse("scheduling:participants", args=[pilot.slug]))
    assert page.status_code == 200 and "Vapaaehtoiset" in page.content.decode()
    response = client.post(
        reverse("scheduling:selection", args=[pilot.slug]),
        {
            "selected": list(CHOSEN),
            "decided_on": "2025-12-01",
            "body": "Kansalliskirjasto",
            "reason": "Valinta",
        },
        follow=True,
    )
    assert "Päätös on kirjattu" in response.content.decode()
    assert Participant.objects.selected().filter(programme=pilot).count() == 3
    refused = client.post(
        reverse("scheduling:selection", args=[pilot.slug]),
        {"selected": ["091"], "decided_on": "2025-12-02", "body": "x", "reason": "y"},
        follow=True,
    )
    assert "ei ilmoittautunut" in refused.content.decode() or "091" in refused.content.decode()
    assert SelectionDecision.objects.count() == 1


def test_the_fourth_terminal_is_refused_on_the_page(selected, pilot, client_for, jyvaskyla_manager):
    client = client_for(jyvaskyla_manager)
    participant = selected["179"]
    url = reverse("scheduling:participant_action", args=[pilot.slug, participant.pk, "location"])
    client.post(url, {"name": "Pääkirjasto", "street": "Vapaudenkatu 39"})
    location = participant.locations.get()
    add = reverse("scheduling:participant_action", args=[pilot.slug, participant.pk, "terminal"])
    for n in range(1, 5):
        page = client.post(add, {"location": location.pk, "label": f"Pääte {n}"}, follow=True)
    assert "enintään 3" in page.content.decode()
    assert location.terminals.count() == 3


def test_a_manager_never_sees_or_changes_another_librarys_participation(
    selected, pilot, client_for, helsinki_manager
):
    client = client_for(helsinki_manager)
    participant = selected["179"]
    assert client.get(reverse("scheduling:participants", args=[pilot.slug])).status_code == 404
    assert (
        client.get(
            reverse("scheduling:participant_detail", args=[pilot.slug, participant.pk])
        ).status_code
        == 404
    )
    post = client.post(
        reverse("scheduling:participant_action", args=[pilot.slug, participant.pk, "location"]),
        {"name": "Tunkeutuja"},
    )
    assert post.status_code == 404 and not Location.objects.exists()


def test_a_participants_manager_sees_only_their_own(selected, pilot, client_for, jyvaskyla_manager):
    client = client_for(jyvaskyla_manager)
    alavus = selected["010"]
    assert (
        client.get(
            reverse("scheduling:participant_detail", args=[pilot.slug, alavus.pk])
        ).status_code
        == 404
    )
    own = client.get(reverse("scheduling:participants", args=[pilot.slug]))
    assert own.status_code == 302 and own.url.endswith(f"/participants/{selected['179'].pk}/")


# --- the public pages ----------------------------------------------------------------------


@pytest.mark.parametrize("slug", ["ekirjasto", "digisanomalehtipilotti"])
def test_the_public_page_of_each_programme_needs_no_login(pilot, client, slug):
    page = client.get(reverse("programme_public", args=[slug]))
    assert page.status_code == 200
    assert client.get(reverse("programme_index")).status_code == 200


def test_the_pilots_public_page_names_the_selected_libraries_in_swedish(selected, client):
    client.cookies["django_language"] = "sv"
    page = client.get(
        reverse("programme_public", args=["digisanomalehtipilotti"]), HTTP_ACCEPT_LANGUAGE="sv"
    )
    text = page.content.decode()
    # The libraries named themselves in Finnish: the Swedish page names their municipalities.
    assert "S:t Michel" in text and "Alavo" in text and "Mikkeli" not in text
    assert "högst 3" in text


def test_the_public_model_agreement_is_a_readable_pdf_with_blanks(pilot, client, tmp_path):
    import subprocess

    page = client.get(
        reverse("programme_document", args=["digisanomalehtipilotti", 1, "agreement", "fi"])
    )
    assert page.status_code == 200 and page["Content-Type"] == "application/pdf"
    pdf = tmp_path / "model.pdf"
    pdf.write_bytes(page.content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Digisanomalehtipilotin pilottisopimus" in text
    assert "_______" in text  # the municipality's details are blanks
    assert "3" in text
    missing = client.get(
        reverse("programme_document", args=["digisanomalehtipilotti", 1, "data_processing", "fi"])
    )
    assert missing.status_code == 404


# --- fees ----------------------------------------------------------------------------------


def test_a_programme_without_a_fee_per_resident_bills_nothing(pilot, finance, client_for, english):
    from billing.selectors import fee_rows
    from billing.services.runs import invoice_run_start
    from onboarding.errors import Conflict

    assert fee_rows(pilot, 2026) == []
    with pytest.raises(Conflict, match="has no fee per resident"):
        invoice_run_start(programme=pilot, year=2026, by=finance)
    page = client_for(finance).get(reverse("fee_preview"), {"programme": pilot.slug})
    assert page.status_code == 200 and 'id="no-resident-fee"' in page.content.decode()


@pytest.mark.parametrize(
    ("model", "expected"), [("per_terminal", "300"), ("per_participant", "100")]
)
def test_a_flat_fee_is_the_fee_times_participants_or_terminals(
    selected, pilot, coordinator, finance, client_for, model, expected
):
    from billing.selectors import flat_fee_rows

    pilot.fee_model, pilot.flat_fee = model, Decimal("100.00")
    pilot.full_clean()
    pilot.save()
    location = service.location_add(
        participant=selected["179"], name="Pääkirjasto", street="", by=coordinator
    )
    for n in (1, 2, 3):
        service.terminal_add(location=location, label=f"Pääte {n}", by=coordinator)
    rows = {r.municipality.code: r for r in flat_fee_rows(pilot, 2026)}
    assert set(rows) == set(CHOSEN)  # the selected only
    assert rows["179"].amount == Decimal(expected)
    page = client_for(finance).get(reverse("fee_preview"), {"programme": pilot.slug, "year": 2026})
    assert 'id="flat-fees"' in page.content.decode()


def test_a_survey_only_programme_has_no_connection_calendar(client_for, coordinator):
    Programme.objects.create(
        slug="kysely",
        name_fi="Kysely",
        name_sv="Enkät",
        name_en="Survey",
        launch_date=datetime.date(2023, 1, 1),  # first by launch date: still not the default
        signing_deadline=datetime.date(2023, 1, 1),
        fee_per_resident=0,
        stages=[Stage.SURVEY],
        fee_model=FeeModel.NONE,
        residence_access=False,
    )
    client = client_for(coordinator)
    assert client.get(reverse("scheduling:calendar", args=["kysely"])).status_code == 404
    index = client.get(reverse("scheduling:index"))
    assert index.status_code == 302 and index.url.endswith("/connections/ekirjasto/")
    calendar = client.get(index.url).content.decode()
    assert 'value="kysely"' not in calendar


def test_the_volunteers_managers_are_found_in_one_lookup_for_all_of_them(
    db, django_assert_num_queries
):
    """Telling nine volunteers costs the same managers' lookup as telling one (the users
    and their municipalities), and each municipality gets its own managers in its language."""
    from onboarding.models import Municipality
    from onboarding.services.notifications import recipients_by_municipality
    from tests.factories import UserFactory

    UserFactory(manager=True, codes=("091",), email="Helsinki@Example.invalid")
    UserFactory(manager=True, codes=("545",), email="narpes@example.invalid")
    UserFactory(manager=True, codes=("091", "545"), email="both@example.invalid")
    towns = list(Municipality.objects.filter(code__in=["091", "545", "179", "905"]))
    with django_assert_num_queries(2):
        found = recipients_by_municipality(towns)
    assert {(r.email, r.language) for r in found["091"]} == {
        ("both@example.invalid", "fi"),
        ("helsinki@example.invalid", "fi"),
    }
    assert {(r.email, r.language) for r in found["545"]} == {
        ("both@example.invalid", "sv"),
        ("narpes@example.invalid", "sv"),
    }
    assert found["179"] == [] and found["905"] == []
