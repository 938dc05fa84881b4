"""Signing in a real browser: a manager downloads the agreement and uploads the signed PDF, a
coordinator countersigns, and the timeline shows both."""

import io
import zipfile

import pikepdf
import pytest
from django.utils import timezone

from contracts.models import Agreement
from contracts.services.agreements import agreement_create, agreement_send
from onboarding.models import Programme, Role
from tests.e2e.conftest import e2e_user, log_in
from tests.factories import ready_to_send

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::pytest.PytestUnhandledThreadExceptionWarning"),
]


def test_manager_signs_and_coordinator_countersigns_in_the_browser(
    browser, live_server, reference_db, tmp_path
):
    e2e_user("manager-helsinki", Role.MANAGER, ("091",))
    coordinator = e2e_user("coordinator-e2e", Role.COORDINATOR)
    programme = Programme.objects.get(slug="ekirjasto")
    agreement = agreement_create(programme=programme, municipality=ready_to_send("091"))
    agreement_send(agreement=agreement, by=coordinator)

    manager = log_in(browser, live_server, "manager-helsinki", accept_downloads=True)
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
    # "Printed, signed and scanned": the sent PDF itself is refused as the signed copy, so the
    # signed one here is the sent one with a page of signatures added.
    with pikepdf.open(pdf_download.value.path()) as sent:
        sent.add_blank_page()
        sent.docinfo["/Subject"] = "Allekirjoitettu 12.2.2024"
        sent.save(signed_copy)

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

    coordinator_page = log_in(browser, live_server, "coordinator-e2e", accept_downloads=True)
    coordinator_page.goto(live_server.url + f"/agreements/{agreement.pk}/")
    coordinator_page.check("#countersign-confirm")  # cannot be undone: asked first
    coordinator_page.click("#countersign")
    coordinator_page.wait_for_selector(".agreement-in_force")
    timeline = coordinator_page.locator("#timeline").inner_text()
    # States by their labels in the page's language, never their codes.
    assert "manager-helsinki: Lähetetty → Allekirjoitettu" in timeline
    assert "coordinator-e2e: Allekirjoitettu → Voimassa" in timeline
    assert "in_force" not in timeline
    assert Agreement.objects.get(pk=agreement.pk).status == "in_force"
