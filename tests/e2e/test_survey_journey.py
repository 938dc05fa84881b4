"""The pre-join survey in a real browser: a manager fills in and submits, a coordinator
returns it with a reason, the manager corrects and resubmits, the coordinator accepts.
Each e-mail goes out once, in the municipality's language."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from onboarding.models import Notification, Role
from surveys.models import Questionnaire, Response
from tests.e2e.conftest import e2e_user, log_in

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    # The live server's request threads share the in-memory SQLite connection and complain
    # when closing it after a response; the responses themselves are complete.
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]

ANSWERS = {
    "#q-signatory_name": "Kaisa Kunnanjohtaja",
    "#q-signatory_title": "Kunnanjohtaja",
    "#q-decision_body": "Kunnanhallitus",
    "#q-agreement_contact_name": "Sanna Sopimus",
    "#q-agreement_contact_email": "sopimus@kunta.example",
    "#q-technical_contact_name": "Teemu Tekninen",
    "#q-technical_contact_email": "tekniikka@kunta.example",
    "#q-invoicing_contact_name": "Laila Laskutus",
    "#q-invoicing_contact_email": "laskutus@kunta.example",
    "#q-business_id": "0201256-6",
    "#q-einvoice_address": "0037 0201 2566",
    "#q-einvoice_operator": "Operaattori Oy 003721291126",
}


@pytest.mark.parametrize(
    ("code", "language", "title"),
    [
        ("091", "fi", "E-kirjaston liittymiskysely"),
        ("545", "sv", "Förfrågan om anslutning till E-biblioteket"),
    ],
)
def test_pre_join_survey_round_trip_in_the_browser(
    browser, live_server, reference_db, code, language, title
):
    e2e_user(f"manager-{code}", Role.MANAGER, (code,))
    e2e_user("coordinator-e2e", Role.COORDINATOR)
    questionnaire = Questionnaire.objects.get(slug="pre-join")

    manager = log_in(browser, live_server, f"manager-{code}")
    manager.goto(live_server.url + "/surveys/")
    manager.locator(f'a[href="/surveys/{questionnaire.pk}/respond/{code}/"]').click()
    # The form's script shows the schedule question when joining: wait until it has run (on a
    # loaded machine the click can come before the script, and the question would stay hidden).
    manager.wait_for_url(re.compile(rf"/respond/{code}/$"))
    manager.wait_for_load_state("load")
    expect(manager.locator("#wrap-schedule")).to_be_hidden()  # shown only when joining
    manager.check("input[name=intention][value=yes]")
    expect(manager.locator("#wrap-schedule")).to_be_visible()
    manager.check("input[name=schedule][value=launch]")
    manager.check("input[name=consortium_confirmed][value=yes]")
    for selector, value in ANSWERS.items():
        manager.fill(selector, value)
    # Autosave: the draft reaches the server without pressing a button.
    # (A function, not an expression: the page's CSP forbids eval, which Playwright uses for
    # an expression string.)
    manager.wait_for_function(
        "() => document.getElementById('autosave-status').textContent.match(/\\d\\d:\\d\\d/)"
    )
    response = Response.objects.get(series=questionnaire.series, respondent_key=code)
    assert response.status == "draft"
    assert response.answers["signatory_name"] == "Kaisa Kunnanjohtaja"
    manager.click("button[name=submit]")
    manager.wait_for_selector(".status-submitted")

    coordinator = log_in(browser, live_server, "coordinator-e2e")
    coordinator.goto(live_server.url + f"/surveys/responses/{response.pk}/")
    coordinator.fill("#return-reason", "Allekirjoittajan nimi puuttuu sukunimi.")
    coordinator.click("form[action$='/return/'] button")
    coordinator.wait_for_selector(".status-returned")

    manager.goto(live_server.url + "/surveys/")
    assert "Allekirjoittajan nimi puuttuu sukunimi." in manager.content()
    manager.goto(live_server.url + f"/surveys/{questionnaire.pk}/respond/{code}/")
    manager.fill("#q-signatory_name", "Kaisa Kunnanjohtaja-Virtanen")
    manager.click("button[name=submit]")
    manager.wait_for_selector(".status-submitted")

    coordinator.goto(live_server.url + f"/surveys/responses/{response.pk}/")
    assert "Kaisa Kunnanjohtaja-Virtanen" in coordinator.content()  # changes #1 -> #2
    coordinator.click("form[action$='/accept/'] button")
    coordinator.wait_for_selector(".status-accepted")

    sent = [m for m in mail.outbox if m.to == [f"manager-{code}@kunta.example"]]
    # submitted, returned, submitted again, accepted: four events, each once.
    assert len(sent) == 4
    assert len({m.subject + m.body for m in sent}) == 4
    assert all(title in m.subject for m in sent)
    assert set(
        Notification.objects.filter(recipient=f"manager-{code}@kunta.example").values_list(
            "language", flat=True
        )
    ) == {language}
    returned = next(m for m in sent if "Allekirjoittajan nimi puuttuu" in m.body)
    assert re.search(r"E-kirjasto|E-bibliotek", returned.body)


def test_a_draft_with_a_malformed_email_keeps_every_answer_after_a_reload(
    browser, live_server, reference_db
):
    e2e_user("manager-draft", Role.MANAGER, ("091",))
    questionnaire = Questionnaire.objects.get(slug="pre-join")
    manager = log_in(browser, live_server, "manager-draft")
    url = live_server.url + f"/surveys/{questionnaire.pk}/respond/091/"
    manager.goto(url)
    manager.wait_for_load_state("load")
    manager.check("input[name=intention][value=yes]")
    manager.check("input[name=schedule][value=launch]")
    manager.check("input[name=consortium_confirmed][value=yes]")
    typed = {**ANSWERS, "#q-technical_contact_email": "teemu.tekninen@"}  # one malformed
    for selector, value in typed.items():
        manager.fill(selector, value)
    manager.wait_for_function(
        "() => document.getElementById('autosave-status').textContent.match(/\\d\\d:\\d\\d/)"
    )
    # Marked at once, while typing: the e-mail, and nothing else.
    expect(manager.locator("#q-technical_contact_email")).to_have_attribute("aria-invalid", "true")

    manager.reload()
    manager.wait_for_load_state("load")
    kept = {**typed, "#q-einvoice_address": "003702012566"}  # a valid one is kept cleaned
    for selector, value in kept.items():
        assert manager.input_value(selector) == value, selector
    assert manager.is_checked("input[name=intention][value=yes]")
    assert manager.is_checked("input[name=schedule][value=launch]")
    email = manager.locator("#q-technical_contact_email")
    assert email.get_attribute("aria-invalid") == "true"
    assert manager.locator("#err-technical_contact_email li").count() == 1
    assert manager.locator("[aria-invalid=true]").count() == 1
    assert manager.locator("#response-status").inner_text() == "Luonnos"
