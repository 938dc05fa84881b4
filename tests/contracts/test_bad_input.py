"""Bad signing input gets a clear error that names the field, and nothing changes: the
status stays, no evidence is recorded and no file is stored. The same through the page,
the API (400 with a message per field) and the service. The API's 409, 403 and 404."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from lxml import html

from contracts.models import AgreementStatus, SignatureEvidence
from contracts.services.agreements import agreement_record_signature, agreement_withdraw
from onboarding.services.audit import transitions_of
from tests.contracts.conftest import fresh, private_files
from tests.factories import AgreementFactory

# Messages are asserted in English, the source language.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02" + b"\0" * 64
FIFTY_MB = 50 * 1024 * 1024


def today() -> datetime.date:
    return timezone.localdate()


def fields(pdf: bytes, **changes) -> dict:
    values = {
        "data": pdf,
        "filename": "allekirjoitettu.pdf",
        "signer_name": "Anna Allekirjoittaja",
        "signer_title": "Kaupunginjohtaja",
        "signed_on": today(),
        "authority": "Kaupunginhallitus 12.2.2024 § 34",
    }
    values.update(changes)
    return values


def assert_nothing_recorded(agreement, files_before: set[str]) -> None:
    stored = fresh(agreement)
    assert stored.status == AgreementStatus.SENT
    assert stored.signed_on is None
    assert not SignatureEvidence.objects.filter(agreement=agreement).exists()
    assert private_files("signed") == files_before
    assert [t.transition for t in transitions_of(agreement)] == ["send"]


def page_messages(response) -> list[str]:
    """The page's messages: after a redirect (done) or on the page again (refused, 400)."""
    assert response.status_code in (200, 400), response.status_code
    tree = html.fromstring(response.content.decode())
    return [" ".join(p.text_content().split()) for p in tree.xpath("//div[@class='messages']/p")]


BAD_FILES = {
    "png_renamed_pdf": (PNG, "The file is not a PDF document."),
    "text_renamed_pdf": (b"Allekirjoitettu 12.2.2024\n" * 20, "The file is not a PDF document."),
    "pdf_header_only": (b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n", "The file is not a PDF document."),
    "empty": (b"", "The file is empty."),
}


# --- the service ---------------------------------------------------------------------------


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_file_that_is_not_a_pdf_is_refused(case, helsinki_manager, signed_pdf):
    data, message = BAD_FILES[case]
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    with pytest.raises(ValidationError) as error:
        agreement_record_signature(
            agreement=agreement, by=helsinki_manager, **fields(signed_pdf, data=data)
        )
    assert error.value.message_dict == {"file": [message]}
    assert_nothing_recorded(agreement, before)


def test_a_50_mb_file_is_refused(helsinki_manager, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    huge = signed_pdf[:-6] + b"\0" * FIFTY_MB + b"%%EOF\n"  # a PDF in every other respect
    with pytest.raises(ValidationError) as error:
        agreement_record_signature(
            agreement=agreement, by=helsinki_manager, **fields(signed_pdf, data=huge)
        )
    assert error.value.message_dict == {"file": ["The file is larger than 20 MB."]}
    assert_nothing_recorded(agreement, before)


def test_a_file_of_exactly_the_limit_passes_the_size_check(helsinki_manager, signed_pdf, settings):
    settings.MAX_UPLOAD_BYTES = len(signed_pdf)
    agreement = agreement_record_signature(
        agreement=AgreementFactory(code="091", sent=True), by=helsinki_manager, **fields(signed_pdf)
    )
    assert agreement.status == AgreementStatus.SIGNED


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"signed_on": None}, "signed_on", "Give the signing date."),
        (
            {"signed_on": datetime.date.today() + datetime.timedelta(days=2)},
            "signed_on",
            "The signing date cannot be in the future.",
        ),
        ({"signer_name": ""}, "signer_name", "This field is required."),
        ({"signer_name": "   "}, "signer_name", "This field is required."),
        ({"signer_title": ""}, "signer_title", "This field is required."),
        ({"authority": ""}, "authority", "This field is required."),
        ({"authority": None}, "authority", "This field is required."),
    ],
    ids=[
        "no-date",
        "future-date",
        "no-name",
        "blank-name",
        "no-title",
        "no-authority",
        "none-authority",
    ],
)
def test_missing_or_wrong_evidence_names_the_field(
    changes, field, message, helsinki_manager, signed_pdf
):
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    with pytest.raises(ValidationError) as error:
        agreement_record_signature(
            agreement=agreement, by=helsinki_manager, **fields(signed_pdf, **changes)
        )
    assert error.value.message_dict == {field: [message]}
    assert_nothing_recorded(agreement, before)


def test_a_signing_date_before_sending_is_refused_with_the_sending_date(
    helsinki_manager, signed_pdf
):
    agreement = AgreementFactory(code="091", sent=True, sent_on=datetime.date(2024, 1, 15))
    before = private_files("signed")
    with pytest.raises(ValidationError) as error:
        agreement_record_signature(
            agreement=agreement,
            by=helsinki_manager,
            **fields(signed_pdf, signed_on=datetime.date(2024, 1, 14)),
        )
    assert error.value.message_dict == {
        "signed_on": ["The signing date cannot be before the agreement was sent (15.01.2024)."]
    }
    assert_nothing_recorded(agreement, before)


def test_every_problem_is_reported_at_once(helsinki_manager):
    agreement = AgreementFactory(code="091", sent=True)
    with pytest.raises(ValidationError) as error:
        agreement_record_signature(
            agreement=agreement,
            by=helsinki_manager,
            data=PNG,
            filename="x.pdf",
            signer_name="",
            signer_title="",
            signed_on=None,
            authority="",
        )
    assert set(error.value.message_dict) == {
        "file",
        "signer_name",
        "signer_title",
        "signed_on",
        "authority",
    }


def test_signing_a_withdrawn_agreement_stores_no_file(coordinator, helsinki_manager, signed_pdf):
    agreement = agreement_withdraw(
        agreement=AgreementFactory(code="091", sent=True), by=coordinator
    )
    before = private_files("signed")
    with pytest.raises(ValidationError, match="withdrawn"):
        agreement_record_signature(agreement=agreement, by=helsinki_manager, **fields(signed_pdf))
    assert fresh(agreement).status == AgreementStatus.WITHDRAWN
    assert not SignatureEvidence.objects.filter(agreement=agreement).exists()
    assert private_files("signed") == before


# --- the page ------------------------------------------------------------------------------


def page_post(client, agreement, data: bytes, name="allekirjoitettu.pdf", **changes):
    form = {
        "signer_name": "Anna Allekirjoittaja",
        "signer_title": "Kaupunginjohtaja",
        "signed_on": today().isoformat(),
        "authority": "Kaupunginhallitus 12.2.2024 § 34",
        **changes,
    }
    if data is not None:
        form["file"] = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(f"/agreements/{agreement.pk}/do/sign/", form, follow=True)


@pytest.fixture
def manager_page(helsinki_manager, client_for):
    client = client_for(helsinki_manager)
    client.cookies["django_language"] = "en"
    return client


def test_the_page_records_a_good_signature(manager_page, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    response = page_post(manager_page, agreement, signed_pdf)
    assert page_messages(response) == [
        "Signature of Helsinki recorded; the agreement now waits for the National Library's "
        "countersignature."
    ]
    assert fresh(agreement).status == AgreementStatus.SIGNED
    assert fresh(agreement).evidence.original_name == "allekirjoitettu.pdf"


@pytest.mark.parametrize(
    "data, message",
    [
        (PNG, "The file is not a PDF document."),
        (b"just text, renamed\n", "The file is not a PDF document."),
        (b"", "The file is empty."),
        (b"%PDF-1.7\n" + b"\0" * FIFTY_MB + b"%%EOF\n", "The file is larger than 20 MB."),
    ],
    ids=["png", "text", "empty", "50mb"],
)
def test_the_page_refuses_a_bad_file_clearly(data, message, manager_page):
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    response = page_post(manager_page, agreement, data)
    assert any(message in m for m in page_messages(response)), page_messages(response)
    assert_nothing_recorded(agreement, before)


def test_the_page_without_a_file_says_so(manager_page):
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    response = page_post(manager_page, agreement, None)
    assert any("The file is empty." in m for m in page_messages(response))
    assert_nothing_recorded(agreement, before)


@pytest.mark.parametrize(
    "changes, label, message",
    [
        ({"signer_name": ""}, "Signer's name", "This field is required."),
        ({"signer_title": " "}, "Signer's title", "This field is required."),
        ({"authority": ""}, "Basis of authority", "This field is required."),
        (
            {"signed_on": (datetime.date.today() + datetime.timedelta(days=3)).isoformat()},
            "Signing date",
            "The signing date cannot be in the future.",
        ),
        ({"signed_on": "15.3.2024"}, "Signing date", "Give the date as YYYY-MM-DD."),
    ],
    ids=["name", "title", "authority", "future", "format"],
)
def test_the_page_names_the_field_in_its_message(changes, label, message, manager_page, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    response = page_post(manager_page, agreement, signed_pdf, **changes)
    shown = page_messages(response)
    assert any(label in m and message in m for m in shown), shown
    assert_nothing_recorded(agreement, before)


def test_the_page_lists_every_missing_field(manager_page, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    response = page_post(
        manager_page, agreement, signed_pdf, signer_name="", signer_title="", authority=""
    )
    shown = " ".join(page_messages(response))
    for label in ("Signer's name", "Signer's title", "Basis of authority"):
        assert label in shown


# --- the API -------------------------------------------------------------------------------


def api_sign(api, agreement, data: bytes | None, name="allekirjoitettu.pdf", **changes):
    form = {
        "signer_name": "Anna Allekirjoittaja",
        "signer_title": "Kaupunginjohtaja",
        "signed_on": today().isoformat(),
        "authority": "Kaupunginhallitus 12.2.2024 § 34",
        **changes,
    }
    if data is not None:
        form["file"] = SimpleUploadedFile(name, data, content_type="application/pdf")
    return api.post(f"/api/v1/agreements/{agreement.pk}/sign/", form, format="multipart")


@pytest.fixture
def manager_api(helsinki_manager, api_for):
    api = api_for(helsinki_manager)
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return api


def test_the_api_records_a_good_signature(manager_api, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    response = api_sign(manager_api, agreement, signed_pdf)
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["state"] == "signed"
    assert data["signed_on"] == today().isoformat()
    assert [t["transition"] for t in data["timeline"]] == ["send", "sign"]


@pytest.mark.parametrize(
    "data, message",
    [
        (PNG, "The file is not a PDF document."),
        (b"hello", "The file is not a PDF document."),
        (b"", "The file is empty."),
        (b"%PDF-1.7\n" + b"\0" * FIFTY_MB + b"%%EOF\n", "The file is larger than 20 MB."),
        (None, "The file is empty."),
    ],
    ids=["png", "text", "empty", "50mb", "missing"],
)
def test_the_api_refuses_a_bad_file_with_400(data, message, manager_api):
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    response = api_sign(manager_api, agreement, data)
    assert response.status_code == 400, response.content
    assert response.json()["file"] == [message]
    assert_nothing_recorded(agreement, before)


def test_the_api_gives_a_message_per_field(manager_api, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    future = (today() + datetime.timedelta(days=1)).isoformat()
    response = api_sign(
        manager_api, agreement, signed_pdf, signer_name="", authority="", signed_on=future
    )
    assert response.status_code == 400
    assert response.json() == {
        "signer_name": ["This field is required."],
        "authority": ["This field is required."],
        "signed_on": ["The signing date cannot be in the future."],
    }
    assert_nothing_recorded(agreement, before)


def test_the_api_refuses_a_badly_written_date(manager_api, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    response = api_sign(manager_api, agreement, signed_pdf, signed_on="15.3.2024")
    assert response.status_code == 400
    assert "signed_on" in response.json()
    assert fresh(agreement).status == AgreementStatus.SENT


def test_the_api_answers_409_with_the_reason_when_the_transition_is_not_allowed(
    coordinator, api_for, manager_api, signed_pdf
):
    agreement = AgreementFactory(code="091", sent=True)
    api = api_for(coordinator)
    response = api.post(
        f"/api/v1/agreements/{agreement.pk}/countersign/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert "cannot be countersigned" in response.json()["detail"]

    agreement_withdraw(agreement=agreement, by=coordinator)
    before = private_files("signed")
    response = api_sign(manager_api, agreement, signed_pdf)
    assert response.status_code == 409
    assert "withdrawn" in response.json()["detail"]
    assert private_files("signed") == before
    assert fresh(agreement).status == AgreementStatus.WITHDRAWN


def test_the_api_answers_403_when_a_permission_is_missing(
    agreement_for, manager_api, finance, api_for
):
    draft = agreement_for("049")
    sent = AgreementFactory(code="091", sent=True)
    assert manager_api.post(f"/api/v1/agreements/{sent.pk}/withdraw/").status_code == 403
    assert manager_api.post(f"/api/v1/agreements/{sent.pk}/countersign/").status_code == 403
    finance_api = api_for(finance)
    assert finance_api.get(f"/api/v1/agreements/{sent.pk}/").status_code == 200  # reads
    for transition, body in (
        ("send", {}),
        ("withdraw", {}),
        ("decline", {"reason": "Ei"}),
        ("terminate", {"end_date": "2030-01-01"}),
    ):
        response = finance_api.post(f"/api/v1/agreements/{draft.pk}/{transition}/", body)
        assert response.status_code == 403, (transition, response.content)
    assert fresh(draft).status == AgreementStatus.DRAFT
    assert fresh(sent).status == AgreementStatus.SENT


def test_the_api_answers_404_for_another_municipality_s_agreement(
    sent_for, manager_api, signed_pdf
):
    espoo = sent_for("049")
    assert manager_api.get(f"/api/v1/agreements/{espoo.pk}/").status_code == 404
    for kind in ("document.docx", "document.pdf", "certificate.pdf"):
        assert manager_api.get(f"/api/v1/agreements/{espoo.pk}/{kind}").status_code == 404
    assert api_sign(manager_api, espoo, signed_pdf).status_code == 404
    response = manager_api.post(f"/api/v1/agreements/{espoo.pk}/decline/", {"reason": "Ei"})
    assert response.status_code == 404
    assert fresh(espoo).status == AgreementStatus.SENT


def test_the_api_answers_404_for_an_unknown_transition(api_for, coordinator):
    agreement = AgreementFactory(code="091", sent=True)
    response = api_for(coordinator).post(f"/api/v1/agreements/{agreement.pk}/approve/")
    assert response.status_code == 404
