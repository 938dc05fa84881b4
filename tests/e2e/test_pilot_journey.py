"""The digital newspaper pilot end to end in a real browser: a library answers the interest
survey and volunteers, the coordinator selects three libraries with a recorded decision, the
pilot agreement is signed and countersigned, the library registers its location and
terminals (the fourth is refused), the coordinator ticks the checklist and opens access, and
sends the follow-up survey."""

import datetime
import re

import pikepdf
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contracts.services.agreements import agreement_create, agreement_send
from onboarding.models import Municipality, Notification, Participant, Programme, Role
from scheduling.models import Terminal
from scheduling.pilot_demo import _answers, pilot_seed
from surveys.models import Questionnaire, Response, ResponseStatus
from tests.e2e.conftest import e2e_user, log_in
from tests.factories import ready_to_send

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]

SLUG = "digisanomalehtipilotti"


def _volunteered(code: str, interest: Questionnaire) -> None:
    """Another library's answer, as submitted (the browser answers for Jyväskylä)."""
    municipality = Municipality.objects.get(code=code)
    Response.objects.create(
        questionnaire=interest,
        series=interest.series,
        respondent_key=code,
        respondent_name=municipality.name_fi,
        municipality=municipality,
        answers=_answers(municipality, True, True),
        status=ResponseStatus.SUBMITTED,
    )


def test_the_pilot_from_interest_survey_to_follow_up_in_the_browser(
    browser, live_server, reference_db, tmp_path
):
    pilot_seed(with_answers=False, coordinator=None)
    programme = Programme.objects.get(slug=SLUG)
    interest = Questionnaire.objects.get(programme=programme, slug="interest")
    now = timezone.now()
    # The real survey ran in spring 2025; here it is open while the library answers.
    Questionnaire.objects.filter(pk=interest.pk).update(
        opens_at=now - datetime.timedelta(days=1), closes_at=now + datetime.timedelta(days=30)
    )
    for code in ("010", "491", "398"):  # Alavus, Mikkeli, and Lahti (not to be chosen)
        _volunteered(code, interest)
    e2e_user("manager-jkl", Role.MANAGER, ("179",))
    coordinator_user = e2e_user("coordinator-e2e", Role.COORDINATOR)

    # 1. Jyväskylä answers the interest survey and volunteers.
    manager = log_in(browser, live_server, "manager-jkl", accept_downloads=True)
    manager.goto(live_server.url + "/surveys/")
    manager.locator(f'a[href="/surveys/{interest.pk}/respond/179/"]').click()
    manager.wait_for_url(re.compile(r"/respond/179/$"))
    manager.wait_for_load_state("load")
    manager.fill("#q-library_name", "Jyväskylän kaupunginkirjasto")
    manager.check("input[name=interest][value=yes]")
    expect(manager.locator("#wrap-volunteer")).to_be_visible()
    manager.check("input[name=volunteer][value=yes]")
    manager.fill("#q-locations", "1")
    manager.fill("#q-contact_name", "Kaisa Kirjastonjohtaja")
    manager.fill("#q-contact_email", "kirjasto@jyvaskyla.example")
    manager.click("button[name=submit]")
    manager.wait_for_selector(".status-submitted")

    # 2. The coordinator selects three of the four volunteers.
    coordinator = log_in(browser, live_server, "coordinator-e2e")
    coordinator.goto(live_server.url + f"/connections/{SLUG}/participants/")
    for code in ("179", "010", "491"):
        coordinator.check(f"#selection-form input[name=selected][value='{code}']")
    coordinator.fill("#decision-body", "Kansalliskirjaston johtoryhmä")
    coordinator.fill("#decision-reason", "Avustuksen päähakija ja kaksi muuta vapaaehtoista")
    coordinator.click("#selection-form button[type=submit]")
    expect(coordinator.locator(".messages")).to_contain_text("3 valittiin")
    selected = Participant.objects.filter(programme=programme, selected=True)
    assert {p.municipality.code for p in selected} == {"179", "010", "491"}
    assert not Participant.objects.get(programme=programme, municipality__code="398").selected
    assert Notification.objects.filter(kind="selection", recipient="manager-jkl@kunta.example")

    # 3. The pilot agreement: sent, signed by the library, countersigned.
    agreement = agreement_create(programme=programme, municipality=ready_to_send("179"))
    agreement_send(agreement=agreement, by=coordinator_user)
    manager.goto(live_server.url + f"/agreements/{agreement.pk}/")
    with manager.expect_download() as pdf_download:
        manager.click("#download-pdf")
    signed_copy = tmp_path / "allekirjoitettu.pdf"
    with pikepdf.open(pdf_download.value.path()) as sent:
        sent.add_blank_page()
        sent.save(signed_copy)
    manager.set_input_files("#sign-file", str(signed_copy))
    manager.fill("#sign-name", "Kaisa Kirjastonjohtaja")
    manager.fill("#sign-title", "Kirjastotoimenjohtaja")
    manager.fill("#sign-date", timezone.localdate().isoformat())
    manager.fill("#sign-authority", "Kulttuurilautakunta 1.2.2026 § 5")
    manager.click("#sign-form button[type=submit]")
    manager.wait_for_selector(".agreement-signed")
    coordinator.goto(live_server.url + f"/agreements/{agreement.pk}/")
    coordinator.check("#countersign-confirm")
    coordinator.click("#countersign")
    coordinator.wait_for_selector(".agreement-in_force")

    # 4. The library registers its location and three terminals; the fourth is refused.
    manager.goto(live_server.url + f"/connections/{SLUG}/participants/")
    manager.wait_for_url(re.compile(r"/participants/\d+/$"))
    manager.fill("#location-name", "Pääkirjasto")
    manager.fill("#location-street", "Vapaudenkatu 39–41")
    manager.click("#location-form button[type=submit]")
    expect(manager.locator(".messages")).to_contain_text("Pääkirjasto on ilmoitettu")
    for n in range(1, 5):
        manager.fill(".inline-form input[name=label]", f"Asiakaspääte {n}")
        manager.click(".inline-form button[type=submit]")
        manager.wait_for_load_state("load")
    expect(manager.locator(".messages")).to_contain_text("enintään 3")
    assert Terminal.objects.filter(location__participant__municipality__code="179").count() == 3

    # 5. The coordinator ticks the checklist and opens access.
    participant = Participant.objects.get(programme=programme, municipality__code="179")
    coordinator.goto(live_server.url + f"/connections/{SLUG}/participants/{participant.pk}/")
    expect(coordinator.locator("#access-blockers")).to_contain_text("Tarkistuslistan")
    for _step in range(3):
        coordinator.locator("#access-checklist button").filter(
            has_text="Merkitse tehdyksi"
        ).first.click()
        coordinator.wait_for_load_state("load")
    expect(coordinator.locator("#access-blockers")).to_have_count(0)
    coordinator.click("#open-access-form button[type=submit]")
    expect(coordinator.locator("#access-state")).to_contain_text(
        timezone.localdate().strftime("%-d.%-m.%Y")
    )

    # 6. The follow-up survey goes to the participants.
    coordinator.goto(live_server.url + f"/connections/{SLUG}/participants/")
    coordinator.click("#follow-up-form button[type=submit]")
    expect(coordinator.locator(".messages")).to_contain_text("Seurantakysely lähetettiin")
    assert Notification.objects.filter(kind="follow_up").count() == 1

    # The public page lists the three selected libraries without a login.
    visitor = browser.new_context(locale="fi-FI").new_page()
    visitor.goto(live_server.url + f"/programmes/{SLUG}/")
    expect(visitor.locator("#joined")).to_contain_text("Jyväskylän kaupunginkirjasto")
