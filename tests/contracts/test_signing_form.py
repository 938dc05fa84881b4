"""The agreement page's "Record the signature" form starts from the registry: the signatory
and decision body the pre-join survey brought there (onboarding.Municipality)."""

import pytest
from lxml import html

from onboarding.models import Municipality
from onboarding.services.registry import municipality_update_details

pytestmark = pytest.mark.django_db


def sign_form(page):
    assert page.status_code == 200, page.status_code
    [form] = html.fromstring(page.content.decode()).xpath("//form[@id='sign-form']")
    return form


def test_the_signing_form_is_prefilled_with_the_registrys_signatory_and_decision_body(
    sent_for, coordinator, helsinki_manager, client_for
):
    municipality_update_details(
        municipality=Municipality.objects.get(code="091"),
        by=coordinator,
        signatory_name="Anna Allekirjoittaja",
        signatory_title="Kaupunginjohtaja",
        decision_body="Kaupunginhallitus",
    )
    agreement = sent_for("091")
    form = sign_form(client_for(helsinki_manager).get(f"/agreements/{agreement.pk}/"))
    assert form.xpath(".//input[@name='signer_name']/@value") == ["Anna Allekirjoittaja"]
    assert form.xpath(".//input[@name='signer_title']/@value") == ["Kaupunginjohtaja"]
    # The decision body starts the basis of authority: the person adds the date and section.
    [authority] = form.xpath(".//input[@name='authority']/@value")
    assert authority.startswith("Kaupunginhallitus")
    assert form.xpath(".//*[@id='sign-from-registry']")
    assert form.xpath(".//input[@name='signed_on']/@value") == []  # the date is theirs to give


def test_without_registry_details_the_signing_form_starts_empty(
    sent_for, coordinator, helsinki_manager, client_for
):
    """An agreement is sent only with a signatory in the registry; cleared afterwards (the
    person left), the form asks afresh instead of offering a stale name."""
    agreement = sent_for("091")
    municipality_update_details(
        municipality=Municipality.objects.get(code="091"),
        by=coordinator,
        signatory_name="",
        signatory_title="",
        decision_body="",
    )
    form = sign_form(client_for(helsinki_manager).get(f"/agreements/{agreement.pk}/"))
    for name in ("signer_name", "signer_title", "authority"):
        assert form.xpath(f".//input[@name='{name}']/@value") in ([], [""])
    assert not form.xpath(".//*[@id='sign-from-registry']")


def test_a_refused_signature_keeps_what_was_typed_and_marks_the_field(
    sent_for, helsinki_manager, client_for
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    agreement = sent_for("091")
    client = client_for(helsinki_manager)
    typed = {
        "signer_name": "Juhana Vartiainen",
        "signer_title": "Pormestari",
        "signed_on": "2026-12-02",
        "authority": "Kaupunginhallitus 12.2.2024 § 34",
        "file": SimpleUploadedFile(
            "kuva.pdf", b"\x89PNG not a pdf", content_type="application/pdf"
        ),
    }
    page = client.post(f"/agreements/{agreement.pk}/do/sign/", typed)
    assert page.status_code == 400
    form = sign_form_any(page)
    for name in ("signer_name", "signer_title", "signed_on", "authority"):
        assert form.xpath(f".//input[@name='{name}']/@value") == [typed[name]], name
    assert form.xpath(".//input[@name='file']/@aria-invalid") == ["true"]
    assert form.xpath(".//ul[@id='sign-file-error']/li")  # the reason, at the file field
    assert form.xpath(".//input[@name='signer_name']/@aria-invalid") == []
    assert agreement.__class__.objects.get(pk=agreement.pk).status == "sent"


def sign_form_any(page):
    [form] = html.fromstring(page.content.decode()).xpath("//form[@id='sign-form']")
    return form


def test_countersigning_asks_for_confirmation_and_then_says_what_happened(
    signed_for, coordinator, client_for
):
    agreement = signed_for("091")
    client = client_for(coordinator)
    client.cookies["django_language"] = "fi"
    refused = client.post(f"/agreements/{agreement.pk}/do/countersign/")
    assert refused.status_code == 400
    tree = html.fromstring(refused.content.decode())
    assert tree.xpath("//input[@id='countersign-confirm']/@aria-invalid") == ["true"]
    assert agreement.__class__.objects.get(pk=agreement.pk).status == "signed"
    done = client.post(
        f"/agreements/{agreement.pk}/do/countersign/", {"confirm": "on"}, follow=True
    )
    [message] = html.fromstring(done.content.decode()).xpath("//div[@class='messages']/p")
    text = " ".join(message.text_content().split())
    assert text.startswith("Vastaallekirjoitettu: Helsinki") and "voimassa" in text


def test_the_certificate_exists_only_after_a_signature(
    sent_for, signed_for, coordinator, client_for
):
    client = client_for(coordinator)
    unsigned = sent_for("049")
    assert client.get(f"/agreements/{unsigned.pk}/files/certificate/").status_code == 404
    assert "certificate" not in client.get(f"/agreements/{unsigned.pk}/").content.decode()
    signed = signed_for("091")
    response = client.get(f"/agreements/{signed.pk}/files/certificate/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_sending_says_to_whom_and_what_comes_next(agreement_for, coordinator, client_for):
    agreement = agreement_for("905")
    client = client_for(coordinator)
    client.cookies["django_language"] = "fi"
    done = client.post(f"/agreements/{agreement.pk}/do/send/", follow=True)
    [message] = html.fromstring(done.content.decode()).xpath("//div[@class='messages']/p")
    assert " ".join(message.text_content().split()) == (
        "Sopimus lähetetty: Vaasa. Se odottaa nyt kunnan allekirjoitusta."
    )
