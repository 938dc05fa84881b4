"""The agreement documents: the versioned DOCX templates and appendices of the programme,
the DOCX and PDF/A generated for a municipality when the agreement is sent (its name,
business ID and fees in its language), their stored SHA-256, downloads and the signing
certificate."""

import hashlib
import io
import subprocess

import docx
import pytest
from django.core.exceptions import ValidationError

from contracts.models import AgreementDocument, AgreementTemplate, TemplateFile
from contracts.services.agreements import agreement_set_language
from contracts.services.documents import agreement_documents_generate, render_agreement
from onboarding.errors import Conflict
from onboarding.models import Municipality
from tests.contracts.conftest import docx_text, fresh, pdf_text, stored_bytes

# Sent on 3.12.2026 (the clock pinned): the signing deadline passed long ago and the unit has
# no connection in these tests, so no first year is promised and the 2026 fee is stated.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_day", "english")]

NBSP = "\u00a0"
# 0.70 EUR x 684 018 residents (31.12.2024, the newest on or before 31.12.2025): 2026 in full.
HELSINKI_ANNUAL_FEE = f"478{NBSP}812,60{NBSP}€"
# 0.70 EUR x 9 554 residents of Närpes.
NARPES_ANNUAL_FEE = f"6{NBSP}687,80{NBSP}€"


def documents_of(agreement) -> dict[str, AgreementDocument]:
    return {d.kind: d for d in agreement.documents.all()}


def plain(text: str) -> str:
    """Thousands separators as ordinary spaces, as pdftotext gives them."""
    return text.replace(NBSP, " ")


# --- the template of the programme -----------------------------------------------------------


def test_the_programme_has_template_version_1_in_finnish_and_swedish_with_appendices(programme):
    template = AgreementTemplate.objects.get(programme=programme, version=1)
    files = {(f.kind, f.language): f for f in template.files.all()}
    assert set(files) == {
        (kind, language) for kind in TemplateFile.Kind.values for language in ("fi", "sv")
    }
    for (kind, _language), item in files.items():
        data = stored_bytes(item.file)
        assert item.sha256 == hashlib.sha256(data).hexdigest()
        if kind == TemplateFile.Kind.AGREEMENT:
            text = docx_text(data)
            assert "{{ municipality_name }}" in text
            assert "{{ annual_fee }}" in text
        else:
            assert data.startswith(b"%PDF-")
            assert pdf_text(data)


def test_the_appendices_are_in_the_language_of_their_file(programme):
    template = AgreementTemplate.objects.get(programme=programme, version=1)
    finnish = template.files.get(kind=TemplateFile.Kind.DATA_PROCESSING, language="fi")
    swedish = template.files.get(kind=TemplateFile.Kind.DATA_PROCESSING, language="sv")
    assert "henkilötietojen käsittely" in pdf_text(stored_bytes(finnish.file)).lower()
    assert "personuppgift" in pdf_text(stored_bytes(swedish.file)).lower()


# --- Helsinki: Finnish ------------------------------------------------------------------------


def test_helsinki_docx_names_the_city_its_business_id_and_its_fees(sent_for):
    agreement = sent_for("091")
    assert agreement.language == "fi"
    text = docx_text(stored_bytes(documents_of(agreement)["docx"].file))
    assert "Yhteistyösopimus E-kirjastoon liittymisestä" in text
    assert "Helsinki, kuntanumero 091, Y-tunnus 0201256-6" in text
    assert f"684{NBSP}018" in text
    assert HELSINKI_ANNUAL_FEE in text
    assert "Vuoden 2026 maksussa se on kunnan asukasluku 31.12.2024" in text
    assert "Käyttöönottopäivää ei vielä tiedetä" in text  # no first year is promised
    assert "23.4.2024" not in text and "15.3.2024" not in text  # long past on 3.12.2026
    assert "{{" not in text and "{%" not in text and "—" not in text


@pytest.mark.parametrize(
    "code, language, tag, title, author",
    [
        ("091", "fi", "fi-FI", "Yhteistyösopimus: Helsinki", "Kansalliskirjasto"),
        ("545", "sv", "sv-FI", "Samarbetsavtal: Närpes", "Nationalbiblioteket"),
    ],
)
def test_the_docx_is_a4_in_its_language_and_describes_the_agreement(
    sent_for, code, language, tag, title, author
):
    import datetime

    agreement = sent_for(code)
    assert agreement.language == language
    document = docx.Document(io.BytesIO(stored_bytes(documents_of(agreement)["docx"].file)))
    for section in document.sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    core = document.core_properties
    assert (core.title, core.author, core.language) == (title, author, tag)
    assert core.created == datetime.datetime(2026, 12, 3, tzinfo=datetime.UTC)  # sent that day
    assert "python-docx" not in (core.comments + core.author + core.last_modified_by)
    xml = document.styles.element.xml
    assert f'w:val="{tag}"' in xml  # the proofing language of the text


def test_helsinki_pdf_says_the_same_as_the_docx(sent_for):
    agreement = sent_for("091")
    text = pdf_text(stored_bytes(documents_of(agreement)["pdf"].file))
    assert "Yhteistyösopimus E-kirjastoon liittymisestä" in text
    assert "Helsinki, kuntanumero 091, Y-tunnus 0201256-6" in text
    assert plain(HELSINKI_ANNUAL_FEE) in text
    assert "Käyttöönottopäivää ei vielä tiedetä" in text
    assert "684 018" in text
    assert "{{" not in text


def test_the_pdf_declares_pdf_a_in_its_metadata(sent_for):
    data = stored_bytes(documents_of(sent_for("091"))["pdf"].file)
    metadata = subprocess.run(
        ["pdfinfo", "-meta", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert 'pdfaid:part="3"' in metadata
    assert 'pdfaid:conformance="B"' in metadata


# --- Närpes: Swedish ------------------------------------------------------------------------


def test_narpes_gets_its_agreement_in_swedish_under_its_swedish_name(sent_for):
    agreement = sent_for("545")
    assert agreement.language == "sv"
    documents = documents_of(agreement)
    text = docx_text(stored_bytes(documents["docx"].file))
    assert "Samarbetsavtal om anslutning till E-biblioteket" in text
    assert "Närpes, kommunnummer 545" in text
    assert "Närpiö" not in text
    assert NARPES_ANNUAL_FEE in text
    assert "Ibruktagningsdagen är ännu inte känd" in text
    pdf = pdf_text(stored_bytes(documents["pdf"].file))
    assert "Närpes, kommunnummer 545" in pdf
    assert plain(NARPES_ANNUAL_FEE) in pdf
    assert "Närpiö" not in pdf


def test_a_bilingual_municipality_may_choose_swedish_before_sending(
    agreement_for, helsinki_manager, sent_for
):
    agreement = agreement_for("091")
    agreement_set_language(agreement=agreement, by=helsinki_manager, language="sv")
    sent = sent_for("091")
    assert sent.language == "sv"
    text = docx_text(stored_bytes(documents_of(sent)["docx"].file))
    assert "Helsingfors, kommunnummer 091, FO-nummer 0201256-6" in text
    assert {d.language for d in sent.documents.all()} == {"sv"}


def test_a_finnish_municipality_cannot_have_a_swedish_agreement(agreement_for, coordinator):
    tampere = agreement_for("837")
    with pytest.raises(ValidationError) as error:
        agreement_set_language(agreement=tampere, by=coordinator, language="sv")
    assert "language" in error.value.message_dict
    assert fresh(tampere).language == "fi"
    with pytest.raises(ValidationError, match="monolingual Finnish"):
        agreement_for("179", language="sv")  # Jyväskylä
    assert agreement_for("853", language="sv").language == "sv"  # Turku is bilingual


def test_the_language_cannot_change_after_sending(sent_for, helsinki_manager):
    agreement = sent_for("091")
    with pytest.raises(Conflict, match="only before sending"):
        agreement_set_language(agreement=agreement, by=helsinki_manager, language="sv")


# --- stored files and their hashes --------------------------------------------------------


def test_each_document_remembers_its_template_version_language_and_hash(sent_for, programme):
    agreement = sent_for("091")
    documents = documents_of(agreement)
    assert set(documents) == {"docx", "pdf"}
    for document in documents.values():
        data = stored_bytes(document.file)
        assert document.sha256 == hashlib.sha256(data).hexdigest()
        assert document.size == len(data)
        assert document.template == programme.agreement_templates.order_by("-version")[0]
        assert document.template.version == 2  # the newest text when it was sent
        assert document.language == "fi"


def test_the_evidence_hash_is_the_hash_of_the_stored_signed_file(signed_for, signed_pdf):
    evidence = signed_for("091").evidence
    data = stored_bytes(evidence.file)
    assert data == signed_pdf
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.size == len(data)


def test_generating_again_creates_no_new_documents(sent_for, helsinki_manager, client_for):
    agreement = sent_for("091")
    before = {d.pk: d.sha256 for d in agreement.documents.all()}
    agreement_documents_generate(agreement_id=agreement.pk)
    client = client_for(helsinki_manager)
    for kind in ("docx", "pdf", "docx"):
        assert client.get(f"/agreements/{agreement.pk}/files/{kind}/").status_code == 200
    assert {d.pk: d.sha256 for d in agreement.documents.all()} == before
    assert AgreementDocument.objects.filter(agreement=agreement).count() == 2


def test_the_manager_downloads_exactly_the_stored_documents(
    sent_for, helsinki_manager, client_for, api_for
):
    agreement = sent_for("091")
    documents = documents_of(agreement)
    page = client_for(helsinki_manager)
    api = api_for(helsinki_manager)
    for kind in ("docx", "pdf"):
        stored = stored_bytes(documents[kind].file)
        from_page = page.get(f"/agreements/{agreement.pk}/files/{kind}/")
        assert from_page.status_code == 200
        assert b"".join(from_page.streaming_content) == stored
        assert f"ekirjasto-091-v2.{kind}" in from_page["Content-Disposition"]
        from_api = api.get(f"/api/v1/agreements/{agreement.pk}/document.{kind}")
        assert from_api.status_code == 200
        assert b"".join(from_api.streaming_content) == stored


def test_the_appendices_download_in_the_agreement_language(sent_for, narpes_manager, client_for):
    agreement = sent_for("545")
    client = client_for(narpes_manager)
    for kind in ("data_processing", "service_description"):
        response = client.get(f"/agreements/{agreement.pk}/files/{kind}/")
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        expected = agreement.template.files.get(kind=kind, language="sv")
        assert hashlib.sha256(data).hexdigest() == expected.sha256


def test_a_draft_is_only_previewed_by_coordinators_and_not_stored(
    agreement_for, coordinator, helsinki_manager, client_for
):
    agreement = agreement_for("091")
    response = client_for(coordinator).get(f"/agreements/{agreement.pk}/files/docx/")
    assert response.status_code == 200
    assert "Helsinki, kuntanumero 091" in docx_text(response.content)
    assert not agreement.documents.exists()
    manager = client_for(helsinki_manager)
    assert manager.get(f"/agreements/{agreement.pk}/files/docx/").status_code == 404


def test_the_api_has_no_documents_before_sending(agreement_for, coordinator, api_for):
    agreement = agreement_for("091")
    response = api_for(coordinator).get(
        f"/api/v1/agreements/{agreement.pk}/document.pdf", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert "not been sent" in response.json()["detail"]


def test_a_name_with_an_ampersand_renders(agreement_for):
    Municipality.objects.filter(code="091").update(name_fi="Helsinki & Sipoo <yhteinen>")
    agreement = agreement_for("091")
    docx_bytes, pdf_bytes = render_agreement(agreement)
    document = docx.Document(io.BytesIO(docx_bytes))  # still a valid DOCX
    assert any("Helsinki & Sipoo <yhteinen>, kuntanumero" in p.text for p in document.paragraphs)
    assert "Helsinki & Sipoo <yhteinen>, kuntanumero" in pdf_text(pdf_bytes)
    assert "&amp;" not in pdf_text(pdf_bytes)


# --- the signing certificate --------------------------------------------------------------


def test_the_certificate_summarises_evidence_hashes_and_timeline(
    in_force_for, helsinki_manager, client_for
):
    agreement = in_force_for("091")
    response = client_for(helsinki_manager).get(f"/agreements/{agreement.pk}/files/certificate/")
    assert response.status_code == 200
    text = pdf_text(response.content).replace(" ", "")
    assert "Helsinki(091)" in text
    assert "AnnaAllekirjoittaja,Kaupunginjohtaja" in text
    assert "Kaupunginhallitus12.2.2024§34" in text
    assert agreement.evidence.sha256 in text
    documents = list(agreement.documents.all())
    assert len(documents) == 2  # the DOCX and the PDF rendered when it was sent
    for document in documents:
        assert document.sha256 in text
    # States as the agreement's language names them, never their codes.
    for state in ("Luonnos→Lähetetty", "Lähetetty→Allekirjoitettu", "Allekirjoitettu→Voimassa"):
        assert state in text
    assert "in_force" not in text


def test_evidence_recorded_by_nobody_names_the_system_not_none(coordinator, client_for):
    from tests.factories import AgreementFactory

    agreement = AgreementFactory(code="905", signed=True)  # the demo's way: no user recorded it
    assert agreement.evidence.recorded_by is None
    client = client_for(coordinator)
    client.cookies["django_language"] = "sv"
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert "None" not in page
    assert "Registrerad av</dt><dd>system" in page


def test_the_members_a_consortium_waits_for_are_named_in_the_page_language(coordinator, client_for):
    from tests.factories import AgreementFactory

    agreement = AgreementFactory(code="545")  # Närpes, in Fredrika with Kronoby, Larsmo...
    client = client_for(coordinator)
    client.cookies["django_language"] = "sv"
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    waiting = page.split('id="unit-completeness">')[1].split("</dd>")[0]
    assert "Kronoby" in waiting and "Larsmo" in waiting and "Malax" in waiting
    assert "Kruunupyy" not in waiting and "Luoto" not in waiting
