"""The typed signing evidence (signer's name and title, basis of authority) fits its database
column and holds no control characters: too long, or with a NUL, an escape or a line break,
it is refused on the page (a message naming the field) and by the API (400 per field), and
nothing is stored: no evidence, no file, the agreement still sent. The limit is the model's.
A reason may have several lines, but no other control characters.

Runs on SQLite and on PostgreSQL (which cannot store a NUL at all, and where a name longer
than its column was a 500 that left the uploaded PDF behind)."""

import pytest

from contracts.models import AgreementStatus, SignatureEvidence
from tests.contracts.conftest import fresh, private_files
from tests.contracts.test_bad_input import (
    api_sign,
    assert_nothing_recorded,
    page_messages,
    page_post,
)
from tests.factories import AgreementFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

LABELS = {
    "signer_name": "Signer's name",
    "signer_title": "Signer's title",
    "authority": "Basis of authority",
}
LIMITS = {"signer_name": 200, "signer_title": 200, "authority": 300}


@pytest.fixture
def manager_page(helsinki_manager, client_for):
    client = client_for(helsinki_manager)
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def manager_api(helsinki_manager, api_for):
    api = api_for(helsinki_manager)
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return api


def test_the_limits_are_the_columns():
    assert {f: SignatureEvidence.max_length(f) for f in LIMITS} == LIMITS


# --- too long ---------------------------------------------------------------------------------


@pytest.mark.parametrize("field", list(LIMITS))
def test_the_page_refuses_text_longer_than_its_column(field, manager_page, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    limit = LIMITS[field]
    response = page_post(manager_page, agreement, signed_pdf, **{field: "x" * (limit + 1)})
    assert (
        f"{LABELS[field]}: Ensure this value has at most {limit} characters (it has {limit + 1})."
        in page_messages(response)
    )
    assert_nothing_recorded(agreement, before)


@pytest.mark.parametrize("field", list(LIMITS))
def test_the_api_refuses_text_longer_than_its_column(field, manager_api, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    limit = LIMITS[field]
    response = api_sign(manager_api, agreement, signed_pdf, **{field: "x" * 5000})
    assert response.status_code == 400, response.content
    assert response.json() == {field: [f"Ensure this field has no more than {limit} characters."]}
    assert_nothing_recorded(agreement, before)


def test_text_of_exactly_the_limit_is_stored_whole(manager_api, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    values = {field: "Ä" * limit for field, limit in LIMITS.items()}
    response = api_sign(manager_api, agreement, signed_pdf, **values)
    assert response.status_code == 200, response.content
    evidence = fresh(agreement).evidence
    assert {field: getattr(evidence, field) for field in LIMITS} == values


# --- control characters -----------------------------------------------------------------------

CONTROL = {
    "nul": ("Anna\x00Allekirjoittaja", "U+0000"),
    "escape": ("Anna \x1b[31mAllekirjoittaja", "U+001B"),
    "line-break": ("Anna\nAllekirjoittaja", "U+000A"),
    "tab": ("Anna\tAllekirjoittaja", "U+0009"),
    "c1": ("Anna\x85Allekirjoittaja", "U+0085"),
}


def control_message(code: str) -> str:
    return (
        f"The text contains an invisible control character ({code}) that cannot be stored. "
        "Remove it and try again."
    )


@pytest.mark.parametrize("case", list(CONTROL))
@pytest.mark.parametrize("field", list(LIMITS))
def test_the_api_refuses_control_characters(field, case, manager_api, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    text, code = CONTROL[case]
    response = api_sign(manager_api, agreement, signed_pdf, **{field: text})
    assert response.status_code == 400, response.content
    assert response.json() == {field: [control_message(code)]}
    assert_nothing_recorded(agreement, before)


@pytest.mark.parametrize("case", ["nul", "escape", "line-break"])
@pytest.mark.parametrize("field", list(LIMITS))
def test_the_page_refuses_control_characters(field, case, manager_page, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    text, code = CONTROL[case]
    response = page_post(manager_page, agreement, signed_pdf, **{field: text})
    assert page_messages(response) == [f"{LABELS[field]}: {control_message(code)}"]
    assert_nothing_recorded(agreement, before)


def test_names_in_any_script_are_fine(manager_api, signed_pdf):
    agreement = AgreementFactory(code="091", sent=True)
    name = "Åsa Ääkkönen-Øberg, Sámi: Máret Čiŋŋá"
    response = api_sign(manager_api, agreement, signed_pdf, signer_name=name)
    assert response.status_code == 200, response.content
    assert fresh(agreement).evidence.signer_name == name


def test_control_characters_in_the_file_name_are_dropped_not_refused(manager_api, signed_pdf):
    """The name comes from the browser, not from the person: it is kept without them."""
    agreement = AgreementFactory(code="091", sent=True)
    response = api_sign(manager_api, agreement, signed_pdf, name="allekirjoitettu\x1b.pdf")
    assert response.status_code == 200, response.content
    assert fresh(agreement).evidence.original_name == "allekirjoitettu.pdf"


# --- a reason -----------------------------------------------------------------------------------


def test_a_reason_may_have_several_lines(helsinki_manager, client_for):
    agreement = AgreementFactory(code="091", sent=True)
    client = client_for(helsinki_manager)
    client.cookies["django_language"] = "en"
    reason = "Valtuusto hylkäsi.\n\tPöytäkirja 3/2025 § 12"
    response = client.post(
        f"/agreements/{agreement.pk}/do/decline/", {"reason": reason, "confirm": "on"}
    )
    assert response.status_code == 302
    stored = fresh(agreement)
    assert stored.status == AgreementStatus.DECLINED
    assert stored.reason == reason


def test_a_reason_with_a_nul_is_refused(helsinki_manager, api_for):
    agreement = AgreementFactory(code="091", sent=True)
    api = api_for(helsinki_manager)
    response = api.post(
        f"/api/v1/agreements/{agreement.pk}/decline/",
        {"reason": "Ei\x00"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400, response.content
    assert response.json() == {"reason": [control_message("U+0000")]}
    stored = fresh(agreement)
    assert stored.status == AgreementStatus.SENT
    assert stored.reason == ""
