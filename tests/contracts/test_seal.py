"""The National Library's electronic seal: countersigning with a configured PKCS#12 seals the
municipality's signed PDF (its own signature stays valid) and the signing certificate, both
verified with pyHanko and independently with poppler's `pdfsig`. A seal that cannot be opened
refuses the countersignature and nothing changes; without a seal the page says it is
missing. The sealed files are served by the same rules as the signed PDF."""

import io
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext
from lxml import html
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from contracts.models import AgreementStatus, SealedDocument
from contracts.seal import SEAL_FIELD
from contracts.services.agreements import agreement_countersign, agreement_record_signature
from contracts.signatures import load_trust_roots
from onboarding.services.audit import transitions_of
from tests.contracts.conftest import fresh, pdf_text, private_files, stored_bytes
from tests.contracts.pki import PERSON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def digitally_signed(sent_for, helsinki_manager, trusted, django_capture_on_commit_callbacks):
    """Helsinki's agreement, its own PDF signed by a person under the test CA and uploaded."""
    agreement = sent_for("091")
    pdf = stored_bytes(agreement.documents.get(kind="pdf").file)
    with django_capture_on_commit_callbacks(execute=True):
        agreement_record_signature(
            agreement=agreement,
            by=helsinki_manager,
            data=trusted.sign(pdf),
            filename="allekirjoitettu.pdf",
            signer_name=PERSON,
            signer_title="Kaupunginjohtaja",
            signed_on=timezone.localdate(),
            authority="Kaupunginhallitus 12.2.2024 § 34",
        )
    return fresh(agreement)


def countersign(agreement, by, capture):
    with capture(execute=True):
        return agreement_countersign(agreement=agreement, by=by)


def download(client, agreement, kind) -> bytes:
    response = client.get(f"/agreements/{agreement.pk}/files/{kind}/")
    assert response.status_code == 200, kind
    return b"".join(response.streaming_content)


def pyhanko_statuses(data: bytes, pki) -> dict:
    roots = load_trust_roots(pki.roots_pem.read_bytes())
    reader = PdfFileReader(io.BytesIO(data))
    return {
        s.field_name: validate_pdf_signature(s, ValidationContext(trust_roots=roots))
        for s in reader.embedded_signatures
    }


def pdfsig(data: bytes, tmp_path) -> str:
    path = tmp_path / "sealed.pdf"
    path.write_bytes(data)
    result = subprocess.run(["/usr/bin/pdfsig", str(path)], capture_output=True, text=True)
    return result.stdout


def signature_blocks(report: str) -> dict[str, str]:
    """pdfsig's report split per signature, keyed by the signature's field name."""
    blocks = {}
    for block in report.split("Signature #")[1:]:
        field = block.split("Signature Field Name: ")[1].splitlines()[0].strip()
        blocks[field] = block
    return blocks


def test_countersigning_seals_the_signed_pdf_keeping_the_municipalitys_signature_valid(
    digitally_signed,
    coordinator,
    helsinki_manager,
    sealing,
    client_for,
    django_capture_on_commit_callbacks,
    tmp_path,
):
    countersign(digitally_signed, coordinator, django_capture_on_commit_callbacks)
    assert fresh(digitally_signed).status == AgreementStatus.IN_FORCE
    client = client_for(helsinki_manager)
    sealed = download(client, digitally_signed, "sealed-signed")
    original = download(client, digitally_signed, "signed")
    assert sealed.startswith(original)  # an incremental update: the signed bytes are kept

    statuses = pyhanko_statuses(sealed, sealing)
    assert set(statuses) == {"Allekirjoitus", SEAL_FIELD}
    assert statuses[SEAL_FIELD].bottom_line
    assert statuses[SEAL_FIELD].signing_cert.subject.native["common_name"] == (
        "Kansalliskirjasto sinetti"
    )
    assert statuses["Allekirjoitus"].intact and statuses["Allekirjoitus"].valid
    assert statuses["Allekirjoitus"].trusted

    blocks = signature_blocks(pdfsig(sealed, tmp_path))
    assert "Signer Certificate Common Name: Kansalliskirjasto sinetti" in blocks[SEAL_FIELD]
    assert "Signature Validation: Signature is Valid." in blocks[SEAL_FIELD]
    assert "Total document signed" in blocks[SEAL_FIELD]
    assert f"Signer Certificate Common Name: {PERSON}" in blocks["Allekirjoitus"]
    assert "Signature Validation: Signature is Valid." in blocks["Allekirjoitus"]


def test_the_signing_certificate_is_sealed_as_countersigned_and_says_who_signed(
    digitally_signed,
    coordinator,
    helsinki_manager,
    sealing,
    client_for,
    django_capture_on_commit_callbacks,
    tmp_path,
):
    countersign(digitally_signed, coordinator, django_capture_on_commit_callbacks)
    client = client_for(helsinki_manager)
    certificate = download(client, digitally_signed, "sealed-certificate")
    [status] = pyhanko_statuses(certificate, sealing).values()
    assert status.bottom_line
    [block] = signature_blocks(pdfsig(certificate, tmp_path)).values()
    assert "Signature Validation: Signature is Valid." in block
    text = pdf_text(certificate)
    with translation.override(digitally_signed.language):  # the certificate's language
        assert gettext("Digitally signed by %(signer)s") % {"signer": PERSON} in text
        # made after the countersignature committed: the agreement is in force on it
        assert str(AgreementStatus.IN_FORCE.label) in text

    page = client.get(f"/agreements/{digitally_signed.pk}/").content.decode()
    links = html.fromstring(page)
    for kind in ("signed", "certificate"):
        [href] = links.xpath(f"//a[@id='download-sealed-{kind}']/@href")
        assert href == f"/agreements/{digitally_signed.pk}/files/sealed-{kind}/"
    assert "Allekirjoitettu PDF sinetöitynä" in page
    assert "Allekirjoitustodistus sinetöitynä" in page
    assert "sinetöinyt Kansalliskirjasto sinetti" in page
    assert "sinetti puuttuu" not in page


def test_a_wrong_seal_password_refuses_the_countersignature_and_nothing_changes(
    digitally_signed, coordinator, sealing, settings, client_for
):
    settings.SEAL_PKCS12_PASSWORD = "väärä"
    files = private_files("sealed")
    with pytest.raises(ValidationError) as error:
        agreement_countersign(agreement=digitally_signed, by=coordinator)
    assert "seal certificate cannot be opened" in error.value.messages[0]
    stored = fresh(digitally_signed)
    assert stored.status == AgreementStatus.SIGNED and stored.in_force_on is None
    assert [t.transition for t in transitions_of(stored)] == ["send", "sign"]
    assert not SealedDocument.objects.exists()
    assert private_files("sealed") == files

    client = client_for(coordinator)
    client.cookies["django_language"] = "en"
    page = client.post(f"/agreements/{stored.pk}/do/countersign/", {"confirm": "on"})
    assert page.status_code == 400
    assert "seal certificate cannot be opened" in page.content.decode()
    assert fresh(stored).status == AgreementStatus.SIGNED


def test_a_missing_seal_file_refuses_the_countersignature(
    digitally_signed, coordinator, sealing, settings, tmp_path
):
    settings.SEAL_PKCS12_PATH = str(tmp_path / "missing.p12")
    with pytest.raises(ValidationError) as error:
        agreement_countersign(agreement=digitally_signed, by=coordinator)
    assert "seal certificate cannot be read" in error.value.messages[0]
    assert fresh(digitally_signed).status == AgreementStatus.SIGNED


def test_without_a_seal_countersigning_works_and_the_page_says_the_seal_is_missing(
    digitally_signed, coordinator, client_for, django_capture_on_commit_callbacks
):
    countersign(digitally_signed, coordinator, django_capture_on_commit_callbacks)
    assert fresh(digitally_signed).status == AgreementStatus.IN_FORCE
    assert not SealedDocument.objects.exists()
    client = client_for(coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(f"/agreements/{digitally_signed.pk}/").content.decode()
    assert "The National Library's electronic seal is missing" in page
    assert client.get(f"/agreements/{digitally_signed.pk}/files/sealed-signed/").status_code == 404


def test_a_seal_configured_later_does_not_claim_to_be_on_its_way_for_old_agreements(
    digitally_signed, coordinator, client_for, django_capture_on_commit_callbacks, settings, trusted
):
    """Countersigned without a seal, then the seal is configured: the page says the seal is
    missing, not "being applied" (no task was ever started for it). Within the hour after a
    countersignature with the seal configured, the task is on its way."""
    import datetime

    import time_machine

    from contracts.selectors import seal_state

    countersign(digitally_signed, coordinator, django_capture_on_commit_callbacks)
    settings.SEAL_PKCS12_PATH = str(trusted.seal_p12)
    agreement = fresh(digitally_signed)
    timeline = list(transitions_of(agreement))
    assert seal_state(agreement, sealed=[], timeline=timeline) == "pending"
    later = timezone.now() + datetime.timedelta(hours=2)
    assert seal_state(agreement, sealed=[], timeline=timeline, now=later) == "missing"
    client = client_for(coordinator)
    client.cookies["django_language"] = "en"
    with time_machine.travel(later, tick=False):
        page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert 'id="seal-missing"' in page and 'id="seal-pending"' not in page


def test_a_manager_of_another_municipality_cannot_reach_the_sealed_files(
    digitally_signed,
    coordinator,
    helsinki_manager,
    sealing,
    client_for,
    django_capture_on_commit_callbacks,
):
    from tests.factories import UserFactory

    countersign(digitally_signed, coordinator, django_capture_on_commit_callbacks)
    espoo = UserFactory(manager=True, username="t-espoo", codes=("049",))
    client = client_for(espoo)
    for kind in ("sealed-signed", "sealed-certificate", "signed"):
        response = client.get(f"/agreements/{digitally_signed.pk}/files/{kind}/")
        assert response.status_code == 404, kind
    assert download(client_for(helsinki_manager), digitally_signed, "sealed-signed")


def test_sealing_twice_makes_nothing_twice(
    digitally_signed, coordinator, sealing, django_capture_on_commit_callbacks
):
    from contracts.services.seal import agreement_seal_documents

    countersign(digitally_signed, coordinator, django_capture_on_commit_callbacks)
    before = {d.kind: d.sha256 for d in SealedDocument.objects.all()}
    agreement_seal_documents(agreement_id=digitally_signed.pk)
    assert {d.kind: d.sha256 for d in SealedDocument.objects.all()} == before
    assert len(before) == 2


def test_the_system_checks_warn_when_a_configured_seal_or_trust_roots_file_is_unusable(
    settings, sealing, tmp_path
):
    from contracts.checks import seal_certificate_usable, trust_roots_readable

    settings.SIGNATURE_TRUST_ROOTS = str(sealing.roots_pem)
    assert seal_certificate_usable(None) == [] and trust_roots_readable(None) == []
    settings.SEAL_PKCS12_PASSWORD = "väärä"
    settings.SIGNATURE_TRUST_ROOTS = str(tmp_path / "missing.pem")
    assert [w.id for w in seal_certificate_usable(None)] == ["contracts.W001"]
    assert [w.id for w in trust_roots_readable(None)] == ["contracts.W002"]


def test_a_scanned_signed_pdf_is_sealed_too(
    signed_for, coordinator, sealing, client_for, django_capture_on_commit_callbacks, tmp_path
):
    agreement = signed_for("091")  # a scanned copy: no digital signature of its own
    countersign(agreement, coordinator, django_capture_on_commit_callbacks)
    sealed = download(client_for(coordinator), agreement, "sealed-signed")
    [block] = signature_blocks(pdfsig(sealed, tmp_path)).values()
    assert "Signer Certificate Common Name: Kansalliskirjasto sinetti" in block
    assert "Signature Validation: Signature is Valid." in block
