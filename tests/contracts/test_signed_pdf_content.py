"""The signed PDF is read with a real PDF parser: a file with JavaScript or a launch action
anywhere, an HTML/PDF polyglot, a password-protected PDF, one without pages or one that does
not parse is refused with a message saying what to do, and nothing is stored. The agreement
PDF the app itself sends, printed and signed, is taken; it is served back only as a download.

The PDFs are built with pikepdf from the app's own PDF (the `signed_pdf` fixture)."""

import io

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name, String

from contracts.models import AgreementStatus
from tests.contracts.conftest import fresh, private_files, stored_bytes
from tests.contracts.test_bad_input import (
    api_sign,
    assert_nothing_recorded,
    page_messages,
    page_post,
)
from tests.factories import AgreementFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

NOT_A_PDF = "The file is not a PDF document."
RUNS = (
    "The PDF contains JavaScript or actions that run programs. Print it to PDF again without "
    "them and upload the new file."
)
PASSWORD = "The PDF is protected with a password. Save it without the password and upload it again."
NO_PAGES = "The PDF has no pages."


def saved(pdf: pikepdf.Pdf, **options) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    return buffer.getvalue()


def changed(base: bytes, change, **options) -> bytes:
    """The PDF `base` with `change(pdf)` applied, saved again."""
    pdf = pikepdf.open(io.BytesIO(base))
    change(pdf)
    return saved(pdf, **options)


def javascript(code="app.alert('hello')") -> Dictionary:
    return Dictionary(Type=Name.Action, S=Name.JavaScript, JS=String(code))


def open_action(action):
    def change(pdf):
        pdf.Root.OpenAction = pdf.make_indirect(action)

    return change


def page_opens_with_javascript(pdf):
    pdf.pages[0].obj.AA = Dictionary(O=pdf.make_indirect(javascript()))


def document_javascript(pdf):
    pdf.Root.Names = Dictionary(
        JavaScript=Dictionary(Names=Array([String("init"), pdf.make_indirect(javascript())]))
    )


def link_runs_javascript(pdf):
    link = Dictionary(
        Type=Name.Annot, Subtype=Name.Link, Rect=Array([0, 0, 100, 100]), A=javascript()
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(Array([pdf.make_indirect(link)]))


def launches_attached_program(pdf):
    """An attached "invoice.exe" that the PDF starts when opened."""
    spec = pikepdf.AttachedFileSpec(pdf, b"MZ\x90\x00 not really a program", filename="invoice.exe")
    pdf.attachments["invoice.exe"] = spec
    pdf.Root.OpenAction = pdf.make_indirect(Dictionary(S=Name.Launch, F=spec.obj, NewWindow=True))


JS_LINK = "JavaScript:app.alert(1)"


def rich_media_annotation(pdf):
    annotation = Dictionary(Type=Name.Annot, Subtype=Name.RichMedia, Rect=[0, 0, 10, 10])
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annotation)]))


def obfuscated_name(base: bytes) -> bytes:
    """`/JavaScript` written `/J#61vaScript` (a legal escape readers decode) in a file whose
    offsets are then off, so the parser has to repair it: still found."""
    plain = changed(
        base,
        open_action(javascript()),
        compress_streams=False,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
    )
    assert b"/S /JavaScript" in plain
    return plain.replace(b"/S /JavaScript", b"/S /J#61vaScript")


def no_pages() -> bytes:
    return saved(pikepdf.new())


BAD = {
    "open-action-javascript": (lambda b: changed(b, open_action(javascript())), RUNS),
    "page-open-javascript": (lambda b: changed(b, page_opens_with_javascript), RUNS),
    "document-javascript": (lambda b: changed(b, document_javascript), RUNS),
    "link-javascript": (lambda b: changed(b, link_runs_javascript), RUNS),
    "launch-program": (
        lambda b: changed(b, open_action(Dictionary(S=Name.Launch, F=String("calc.exe")))),
        RUNS,
    ),
    "launch-attached-program": (lambda b: changed(b, launches_attached_program), RUNS),
    "javascript-in-object-stream": (
        lambda b: changed(
            b,
            open_action(javascript()),
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        ),
        RUNS,
    ),
    "javascript-escaped-name": (obfuscated_name, RUNS),
    "submit-form": (
        lambda b: changed(
            b, open_action(Dictionary(S=Name.SubmitForm, F=String("https://x.example/")))
        ),
        RUNS,
    ),
    "import-data": (
        lambda b: changed(b, open_action(Dictionary(S=Name.ImportData, F=String("data.fdf")))),
        RUNS,
    ),
    "open-embedded-document": (
        lambda b: changed(b, open_action(Dictionary(S=Name.GoToE, NewWindow=True))),
        RUNS,
    ),
    "javascript-link": (
        lambda b: changed(
            b, open_action(Dictionary(S=Name.URI, URI=String("JavaScript:app.alert(1)")))
        ),
        RUNS,
    ),
    "rich-media": (lambda b: changed(b, rich_media_annotation), RUNS),
    "html-before-the-header": (
        lambda b: b"<html><body><script>alert(1)</script><!--\n" + b,
        NOT_A_PDF,
    ),
    "html-in-the-first-bytes": (
        lambda b: b[:9] + b"%<html><script>alert(1)</script>\n" + b[9:],
        NOT_A_PDF,
    ),
    "password": (
        lambda b: changed(
            b, lambda pdf: None, encryption=pikepdf.Encryption(user="salasana", owner="omistaja")
        ),
        PASSWORD,
    ),
    "no-pages": (lambda b: no_pages(), NO_PAGES),
    "garbage-between-header-and-end": (
        lambda b: b"%PDF-1.7\n" + bytes(range(256)) * 40 + b"\n%%EOF\n",
        NOT_A_PDF,
    ),
    "cut-short": (lambda b: b[: len(b) // 2], NOT_A_PDF),
}


@pytest.mark.parametrize("case", list(BAD))
def test_the_api_refuses_the_pdf_and_stores_nothing(case, helsinki_manager, api_for, signed_pdf):
    build, message = BAD[case]
    api = api_for(helsinki_manager)
    api.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    response = api_sign(api, agreement, build(signed_pdf))
    assert response.status_code == 400, response.content
    assert response.json() == {"file": [message]}
    assert_nothing_recorded(agreement, before)


@pytest.mark.parametrize(
    "case", ["open-action-javascript", "launch-attached-program", "html-before-the-header"]
)
def test_the_page_says_why_the_pdf_is_refused(case, helsinki_manager, client_for, signed_pdf):
    build, message = BAD[case]
    client = client_for(helsinki_manager)
    client.cookies["django_language"] = "en"
    agreement = AgreementFactory(code="091", sent=True)
    before = private_files("signed")
    response = page_post(client, agreement, build(signed_pdf))
    assert page_messages(response) == [f"Signed PDF: {message}"]
    assert_nothing_recorded(agreement, before)


def test_the_agreement_pdf_the_app_sent_is_refused_as_the_signed_copy(
    sent_for, helsinki_manager, client_for
):
    agreement = sent_for("091")
    client = client_for(helsinki_manager)
    client.cookies["django_language"] = "en"
    sent_pdf = stored_bytes(agreement.documents.get(kind="pdf").file)  # not signed at all
    response = page_post(client, agreement, sent_pdf)
    assert response.status_code == 400
    assert page_messages(response) == [
        "Signed PDF: This file is the agreement as it was sent, without signatures. Upload the "
        "copy that the municipality signed."
    ]
    assert fresh(agreement).status == AgreementStatus.SENT
    assert not hasattr(fresh(agreement), "evidence") or fresh(agreement).evidence is None


def ordinary_link_and_attachment(pdf):
    """What an e-signing service adds: a link to its site and its audit trail attached."""
    link = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Link,
        Rect=Array([0, 0, 100, 100]),
        A=Dictionary(S=Name.URI, URI=String("https://www.kansalliskirjasto.fi/")),
    )
    pdf.pages[0].obj.Annots = pdf.make_indirect(Array([pdf.make_indirect(link)]))
    pdf.attachments["audit-trail.txt"] = pikepdf.AttachedFileSpec(
        pdf, b"signed 12.2.2024 by Anna Allekirjoittaja", filename="audit-trail.txt"
    )


@pytest.mark.parametrize(
    "build",
    [
        lambda b: changed(b, ordinary_link_and_attachment),
        # Restricted (printing, copying) but readable without a password.
        lambda b: changed(b, lambda pdf: None, encryption=pikepdf.Encryption(user="", owner="x")),
    ],
    ids=["link-and-attachment", "owner-password-only"],
)
def test_links_attachments_and_permissions_are_fine(build, helsinki_manager, api_for, signed_pdf):
    api = api_for(helsinki_manager)
    agreement = AgreementFactory(code="091", sent=True)
    response = api_sign(api, agreement, build(signed_pdf))
    assert response.status_code == 200, response.content
    assert fresh(agreement).status == AgreementStatus.SIGNED


def test_the_signed_pdf_is_served_only_as_a_download(
    helsinki_manager, client_for, api_for, signed_pdf
):
    agreement = AgreementFactory(code="091", sent=True)
    assert api_sign(api_for(helsinki_manager), agreement, signed_pdf).status_code == 200
    response = client_for(helsinki_manager).get(f"/agreements/{agreement.pk}/files/signed/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == signed_pdf
