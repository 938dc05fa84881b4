"""Fixtures shared by the agreement tests: the real `ekirjasto` programme (created by
`seed_demo` with agreement template version 1), agreements in each state made through the
services, a small valid PDF, and helpers that read stored documents back."""

import datetime
import io
import subprocess

import docx
import pytest
from django.core.files.storage import storages
from django.utils import timezone, translation

from contracts.models import Agreement
from contracts.rendering import html_to_pdf
from contracts.services.agreements import (
    agreement_countersign,
    agreement_create,
    agreement_record_signature,
    agreement_send,
)
from onboarding.models import Programme
from tests.contracts.pki import SEAL_PASSWORD, make_pki
from tests.factories import ready_to_send


@pytest.fixture(scope="session")
def signed_pdf() -> bytes:
    """A real, small PDF/A as a municipality would upload after signing."""
    return html_to_pdf("<p>Allekirjoitettu sopimus</p>", title="Allekirjoitettu", language="fi")


@pytest.fixture
def english():
    """Messages of the services in English (the source language), whatever the catalogs."""
    translation.activate("en")
    yield
    translation.activate("fi")


@pytest.fixture
def programme(db) -> Programme:
    return Programme.objects.get(slug="ekirjasto")


@pytest.fixture
def agreement_for(programme, coordinator):
    """A draft agreement of the municipality with this code (made by a coordinator), whose
    registry has what the agreement names, so that it can be sent."""

    def make(code: str, **kwargs) -> Agreement:
        return agreement_create(
            programme=programme,
            municipality=ready_to_send(code),
            by=coordinator,
            **kwargs,
        )

    return make


@pytest.fixture
def sent_for(agreement_for, coordinator, django_capture_on_commit_callbacks):
    """A sent agreement (documents generated, e-mails sent)."""

    def make(code: str, **kwargs) -> Agreement:
        with django_capture_on_commit_callbacks(execute=True):
            return agreement_send(agreement=agreement_for(code, **kwargs), by=coordinator)

    return make


@pytest.fixture
def sign(signed_pdf, django_capture_on_commit_callbacks):
    """Record the municipality's signature with complete, valid evidence."""

    def record(agreement: Agreement, by, **changes) -> Agreement:
        fields = {
            "data": signed_pdf,
            "filename": "allekirjoitettu.pdf",
            "signer_name": "Anna Allekirjoittaja",
            "signer_title": "Kaupunginjohtaja",
            "signed_on": timezone.localdate(),
            "authority": "Kaupunginhallitus 12.2.2024 § 34",
            **changes,
        }
        with django_capture_on_commit_callbacks(execute=True):
            return agreement_record_signature(
                agreement=Agreement.objects.get(pk=agreement.pk), by=by, **fields
            )

    return record


@pytest.fixture
def signed_for(sent_for, sign, coordinator):
    """A sent agreement whose signature a coordinator recorded (the copy came by post)."""

    def make(code: str, **changes) -> Agreement:
        return sign(sent_for(code), coordinator, **changes)

    return make


@pytest.fixture
def in_force_for(signed_for, coordinator, django_capture_on_commit_callbacks):
    def make(code: str) -> Agreement:
        agreement = signed_for(code)
        with django_capture_on_commit_callbacks(execute=True):
            return agreement_countersign(agreement=agreement, by=coordinator)

    return make


def fresh(agreement: Agreement) -> Agreement:
    """The agreement as stored now (refresh_from_db cannot set a protected FSM field)."""
    return Agreement.objects.get(pk=agreement.pk)


def backdate_sending(agreement: Agreement, day: datetime.date) -> Agreement:
    """As if the agreement had been sent on `day` (only the date; the state stays)."""
    Agreement.objects.filter(pk=agreement.pk).update(sent_on=day)
    return Agreement.objects.get(pk=agreement.pk)


def stored_bytes(field_file) -> bytes:
    with field_file.open("rb") as handle:
        return handle.read()


def docx_text(data: bytes) -> str:
    """Every paragraph and table cell of a DOCX, one per line, as python-docx reads it."""
    document = docx.Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    """The text of a PDF as pdftotext (poppler) reads it, whitespace collapsed to spaces."""
    assert data.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().replace("\u00a0", " ").split())


def private_files(folder: str) -> set[str]:
    """The files stored in a folder of the private storage (in memory in the tests)."""
    try:
        _dirs, files = storages["private"].listdir(folder)
    except FileNotFoundError:
        return set()
    return set(files)


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    """The test PKI (tests/contracts/pki.py), made once per test session."""
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture
def trusted(settings, pki):
    """The test CA's root as the configured trust root."""
    settings.SIGNATURE_TRUST_ROOTS = str(pki.roots_pem)
    return pki


@pytest.fixture
def sealing(settings, pki):
    """The test seal as the configured seal certificate, with its right password."""
    settings.SEAL_PKCS12_PATH = str(pki.seal_p12)
    settings.SEAL_PKCS12_PASSWORD = SEAL_PASSWORD
    return pki
