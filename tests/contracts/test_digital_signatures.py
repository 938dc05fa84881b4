"""Digitally signed agreements (PAdES) are verified when the signature is recorded: a valid
signature is accepted and its signer shown on the page and the signing certificate; a PDF
altered after signing, or signed with an expired or untrusted certificate, is refused with
the reason and nothing is stored. A scanned PDF is recorded as checked by hand."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation
from django.utils.translation import gettext
from lxml import html

from contracts.models import AgreementStatus, SignatureEvidence
from contracts.services.agreements import agreement_record_signature
from onboarding.services.audit import transitions_of
from tests.contracts.conftest import fresh, pdf_text, private_files, stored_bytes
from tests.contracts.pki import PERSON

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def agreement_pdf(agreement) -> bytes:
    """The agreement's own PDF/A as it was sent, which the municipality signs."""
    return stored_bytes(agreement.documents.get(kind="pdf").file)


def record(agreement, by, data):
    return agreement_record_signature(
        agreement=agreement,
        by=by,
        data=data,
        filename="sopimus-allekirjoitettu.pdf",
        signer_name=PERSON,
        signer_title="Kaupunginjohtaja",
        signed_on=timezone.localdate(),
        authority="Kaupunginhallitus 12.2.2024 § 34",
    )


def one_byte_altered(data: bytes) -> bytes:
    """One byte changed inside a stream the signature covers (the file still parses)."""
    at = data.index(b"stream", len(data) // 3) + 40
    return data[:at] + bytes([data[at] ^ 0x01]) + data[at + 1 :]


def assert_refused(agreement, by, data, expected: str):
    files = private_files("signed")
    with pytest.raises(ValidationError) as error:
        record(agreement, by, data)
    [message] = error.value.message_dict["file"]
    assert expected in message
    stored = fresh(agreement)
    assert stored.status == AgreementStatus.SENT
    assert not SignatureEvidence.objects.filter(agreement=agreement).exists()
    assert private_files("signed") == files
    assert [t.transition for t in transitions_of(agreement)] == ["send"]
    return message


def test_a_pdf_signed_under_a_trusted_root_is_accepted_and_its_signer_shown(
    sent_for, helsinki_manager, trusted, client_for
):
    agreement = sent_for("091")
    signed = trusted.sign(agreement_pdf(agreement))
    record(agreement, helsinki_manager, signed)

    evidence = SignatureEvidence.objects.get(agreement=agreement)
    [signature] = evidence.digital_signatures
    assert signature["signer"] == PERSON
    assert signature["covers_whole_document"] is True
    assert signature["trust"] == "trusted"
    assert signature["signed_at"]
    page = client_for(helsinki_manager).get(f"/agreements/{agreement.pk}/")
    shown = " ".join(
        html.fromstring(page.content.decode())
        .xpath("//dd[@id='signature-check']")[0]
        .text_content()
        .split()
    )
    assert shown.startswith(f"Sähköisesti allekirjoittanut {PERSON}, ")
    assert "voimassa, kattaa koko asiakirjan, varmenne luotettu (Testi-CA juurivarmenne)" in shown


def test_the_signing_certificate_shows_the_digital_signature(
    sent_for, helsinki_manager, trusted, client_for
):
    agreement = sent_for("091")
    record(agreement, helsinki_manager, trusted.sign(agreement_pdf(agreement)))
    response = client_for(helsinki_manager).get(f"/agreements/{agreement.pk}/files/certificate/")
    text = pdf_text(
        b"".join(response.streaming_content) if response.streaming else response.content
    )
    with translation.override(agreement.language):  # the certificate's language
        assert gettext("Digitally signed by %(signer)s") % {"signer": PERSON} in text
        assert gettext("covers the whole document") in text


def test_the_same_pdf_altered_by_one_byte_is_refused(sent_for, helsinki_manager, trusted):
    agreement = sent_for("091")
    signed = trusted.sign(agreement_pdf(agreement))
    message = assert_refused(
        agreement, helsinki_manager, one_byte_altered(signed), "was changed after it was signed"
    )
    assert PERSON in message


def test_a_pdf_changed_after_signing_beyond_adding_signatures_is_refused(
    sent_for, helsinki_manager, trusted
):
    import io

    from pyhanko.pdf_utils.generic import NameObject, pdf_string
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    agreement = sent_for("091")
    signed = trusted.sign(agreement_pdf(agreement))
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    info = writer.root  # a change to the document catalogue: not a permitted addition
    info[NameObject("/Lang")] = pdf_string("en")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    assert_refused(agreement, helsinki_manager, out.getvalue(), "beyond adding signatures")


def test_a_certificate_from_an_untrusted_ca_is_refused(sent_for, helsinki_manager, trusted):
    agreement = sent_for("091")
    signed = trusted.sign(agreement_pdf(agreement), trusted.stranger)
    message = assert_refused(
        agreement, helsinki_manager, signed, "is not from a trusted certification authority"
    )
    assert "Ville Vieras" in message and "Tuntematon CA" in message


def test_an_expired_certificate_is_refused(sent_for, helsinki_manager, trusted):
    agreement = sent_for("091")
    signed = trusted.sign(agreement_pdf(agreement), trusted.expired)
    assert_refused(agreement, helsinki_manager, signed, "The certificate of Erkki Vanhanen expired")


def test_without_trust_roots_integrity_is_checked_and_trust_is_said_to_be_unchecked(
    sent_for, helsinki_manager, pki
):
    agreement = sent_for("091")
    signed = pki.sign(agreement_pdf(agreement), pki.stranger)
    assert_refused(agreement, helsinki_manager, one_byte_altered(signed), "changed after")
    record(agreement, helsinki_manager, signed)
    [line] = SignatureEvidence.objects.get(agreement=agreement).signature_lines()
    assert line.endswith("trust not checked: no root certificates configured")


def test_every_signature_of_a_pdf_signed_by_two_is_verified_and_shown(
    sent_for, helsinki_manager, trusted
):
    agreement = sent_for("091")
    once = trusted.sign(agreement_pdf(agreement))
    twice = trusted.sign(once, trusted.person, field="Allekirjoitus2")
    record(agreement, helsinki_manager, twice)
    first, second = SignatureEvidence.objects.get(agreement=agreement).digital_signatures
    assert (first["covers_whole_document"], first["later_additions"]) == (False, "signatures")
    assert second["covers_whole_document"] is True
    lines = SignatureEvidence.objects.get(agreement=agreement).signature_lines()
    assert "covers the document as signed; later signatures added" in lines[0]


def test_a_certificate_name_with_control_characters_is_stored_without_them(
    sent_for, helsinki_manager, trusted
):
    """The certificate is the uploader's input: its name is cleaned like any typed name
    (a NUL would be a 500 on PostgreSQL's JSON)."""
    from dataclasses import replace

    from tests.contracts.pki import issue

    odd = issue("Mikko\x00 Myrkky\x1b[31m", issuer=trusted.root)
    agreement = sent_for("091")
    record(agreement, helsinki_manager, replace(trusted, person=odd).sign(agreement_pdf(agreement)))
    [signature] = SignatureEvidence.objects.get(agreement=agreement).digital_signatures
    assert signature["signer"] == "Mikko Myrkky[31m"


def test_a_scanned_pdf_is_recorded_as_checked_by_hand(
    signed_for, helsinki_manager, client_for, trusted
):
    agreement = signed_for("091")
    evidence = SignatureEvidence.objects.get(agreement=agreement)
    assert evidence.digital_signatures == []
    page = client_for(helsinki_manager).get(f"/agreements/{agreement.pk}/")
    assert "Skannattu allekirjoitus, tarkistettu käsin" in page.content.decode()


def test_through_the_page_an_altered_pdf_is_refused_at_the_file_field(
    sent_for, helsinki_manager, client_for, trusted
):
    agreement = sent_for("091")
    altered = one_byte_altered(trusted.sign(agreement_pdf(agreement)))
    client = client_for(helsinki_manager)
    client.cookies["django_language"] = "en"
    page = client.post(
        f"/agreements/{agreement.pk}/do/sign/",
        {
            "signer_name": PERSON,
            "signer_title": "Kaupunginjohtaja",
            "signed_on": timezone.localdate().isoformat(),
            "authority": "Kaupunginhallitus 12.2.2024 § 34",
            "file": SimpleUploadedFile("s.pdf", altered, content_type="application/pdf"),
        },
    )
    assert page.status_code == 400
    tree = html.fromstring(page.content.decode())
    [error] = tree.xpath("//ul[@id='sign-file-error']/li")
    assert "was changed after it was signed" in error.text_content()
    assert fresh(agreement).status == AgreementStatus.SENT
    assert not SignatureEvidence.objects.filter(agreement=agreement).exists()


def test_through_the_page_a_signed_pdf_is_accepted(sent_for, helsinki_manager, client_for, trusted):
    agreement = sent_for("091")
    client = client_for(helsinki_manager)
    client.cookies["django_language"] = "en"
    done = client.post(
        f"/agreements/{agreement.pk}/do/sign/",
        {
            "signer_name": PERSON,
            "signer_title": "Kaupunginjohtaja",
            "signed_on": timezone.localdate().isoformat(),
            "authority": "Kaupunginhallitus 12.2.2024 § 34",
            "file": SimpleUploadedFile(
                "s.pdf", trusted.sign(agreement_pdf(agreement)), content_type="application/pdf"
            ),
        },
        follow=True,
    )
    assert fresh(agreement).status == AgreementStatus.SIGNED
    assert f"Digitally signed by {PERSON}" in done.content.decode()


def test_an_unreadable_trust_roots_file_refuses_rather_than_skipping_trust(
    sent_for, helsinki_manager, pki, settings, tmp_path
):
    broken = tmp_path / "roots.pem"
    broken.write_text("not a certificate")
    settings.SIGNATURE_TRUST_ROOTS = str(broken)
    agreement = sent_for("091")
    assert_refused(
        agreement, helsinki_manager, pki.sign(agreement_pdf(agreement)), "root certificates"
    )


def test_the_signing_time_comes_from_a_timestamp_token_when_there_is_one(
    sent_for, helsinki_manager, trusted
):
    agreement = sent_for("091")
    stamped = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)
    record(
        agreement, helsinki_manager, trusted.sign(agreement_pdf(agreement), timestamp_at=stamped)
    )
    evidence = SignatureEvidence.objects.get(agreement=agreement)
    [signature] = evidence.digital_signatures
    assert signature["time_source"] == "timestamp"
    assert datetime.datetime.fromisoformat(signature["signed_at"]) == stamped
    [line] = evidence.signature_lines()
    assert "2.12.2026 11:30 (timestamp)" in line  # Helsinki time


def test_a_certificate_that_expired_after_a_timestamped_signing_is_accepted(
    sent_for, helsinki_manager, trusted
):
    agreement = sent_for("091")
    while_valid = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=90)
    signed = trusted.sign(agreement_pdf(agreement), trusted.expired, timestamp_at=while_valid)
    record(agreement, helsinki_manager, signed)
    [signature] = SignatureEvidence.objects.get(agreement=agreement).digital_signatures
    assert signature["signer"] == "Erkki Vanhanen"
    assert signature["trust"] == "trusted" and signature["time_source"] == "timestamp"


def test_a_timestamp_after_the_certificate_expired_does_not_help(
    sent_for, helsinki_manager, trusted
):
    agreement = sent_for("091")
    too_late = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=1)
    signed = trusted.sign(agreement_pdf(agreement), trusted.expired, timestamp_at=too_late)
    assert_refused(agreement, helsinki_manager, signed, "The certificate of Erkki Vanhanen expired")
