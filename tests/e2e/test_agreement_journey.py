"""Signing in a real browser: a manager downloads the agreement and uploads the signed PDF, a
coordinator countersigns, and the timeline shows both."""

import io
import zipfile

import pytest
from django.utils import timezone

from contracts.models import Agreement
from contracts.services.agreements import agreement_create, agreement_send
from onboarding.models import Municipality, Programme, Role, User

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]

PASSWORD = "Kirjasto-2024!"


def _user(username, role, codes=()):
    user = User.objects.create_user(
        username, password=PASSWORD, role=role, email=f"{username}@kunta.example"
    )
    user.municipalities.set(Municipality.objects.filter(code__in=codes))
    return user


def _log_in(browser, live_server, username):
    context = browser.new_context(locale="fi-FI", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(live_server.url + "/")
    return page


def test_manager_signs_and_coordinator_countersigns_in_the_browser(
    browser, live_server, reference_db, tmp_path
):
    _user("manager-helsinki", Role.MANAGER, ("091",))
    coordinator = _user("coordinator-e2e", Role.COORDINATOR)
    programme = Programme.objects.get(slug="ekirjasto")
    agreement = agreement_create(
        programme=programme, municipality=Municipality.objects.get(code="091")
    )
    agreement_send(agreement=agreement, by=coordinator)

    manager = _log_in(browser, live_server, "manager-helsinki")
    manager.goto(live_server.url + "/agreements/")
    manager.locator(f'a[href="/agreements/{agreement.pk}/"]').click()
    with manager.expect_download() as docx_download:
        manager.click("#download-docx")
    docx = docx_download.value.path().read_bytes()
    document = zipfile.ZipFile(io.BytesIO(docx)).read("word/document.xml").decode()
    assert "Helsinki" in document and "0201256-6" in document
    with manager.expect_download() as pdf_download:
        manager.click("#download-pdf")
    signed_copy = tmp_path / "allekirjoitettu.pdf"
    signed_copy.write_bytes(pdf_download.value.path().read_bytes())  # "printed and signed"

    manager.set_input_files("#sign-file", str(signed_copy))
    manager.fill("#sign-name", "Juhana Vartiainen")
    manager.fill("#sign-title", "Pormestari")
    manager.fill("#sign-date", timezone.localdate().isoformat())
    manager.fill("#sign-authority", "Kaupunginhallitus 12.2.2024 § 34")
    manager.click("#sign-form button[type=submit]")
    manager.wait_for_selector(".agreement-signed")
    evidence = Agreement.objects.get(pk=agreement.pk).evidence
    assert evidence.signer_name == "Juhana Vartiainen"
    assert not evidence.recorded_on_behalf

    coordinator_page = _log_in(browser, live_server, "coordinator-e2e")
    coordinator_page.goto(live_server.url + f"/agreements/{agreement.pk}/")
    coordinator_page.click("#countersign")
    coordinator_page.wait_for_selector(".agreement-in_force")
    timeline = coordinator_page.locator("#timeline").inner_text()
    assert "manager-helsinki" in timeline and "signed" in timeline
    assert "coordinator-e2e" in timeline and "in_force" in timeline
    assert Agreement.objects.get(pk=agreement.pk).status == "in_force"
