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
