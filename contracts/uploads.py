"""What an uploaded "signed PDF" must be: a PDF by content, read with a real PDF parser
(pikepdf, on qpdf), not by its name, its header or its trailer alone.

Refused: anything before the `%PDF-` header (an HTML/PDF polyglot) or HTML markup in the
first bytes; a file qpdf cannot open; one that needs a password to open; one without pages;
and one that carries something a PDF reader would run: JavaScript anywhere (a `/JS` entry,
the document's `/JavaScript` name tree, an action of type JavaScript in `/OpenAction`, `/AA`
or a link, or a `javascript:` link), a `/Launch` action (which starts a program or opens an
attached file), actions that submit or import form data or open an embedded document, media
players (`/RichMedia`, `/Movie`, `/Screen` annotations) or an XFA form (which carries
scripts). Attached files (allowed in PDF/A-3) and links stay allowed: they do nothing until
the reader asks."""

import io
import re

import pikepdf
from django.utils.translation import gettext as _

PDF_MAGIC = b"%PDF-"
# Browsers sniff the first bytes; markup there makes the file an HTML page as well.
MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|iframe|svg|object|embed)\b", re.I)
# Action types (`/S`) that run something or send something somewhere without the reader
# asking: a script, a program, a form's data sent to a URL, data imported into the form, an
# embedded document opened (which this check cannot read inside).
RUNS_SOMETHING = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE"}
SCRIPT_KEYS = {"/JS", "/JavaScript", "/XFA"}  # entries that hold scripts
EMBEDDED_PLAYERS = {"/RichMedia", "/Movie", "/Screen"}  # annotation subtypes (Flash, media)


class PdfRefused(ValueError):
    """Why the file is not taken, in words for the person who uploaded it."""


def check_pdf(data: bytes) -> None:
    """Raise PdfRefused if `data` is not a well-formed PDF without active content. The size
    is the caller's to limit first (this reads the whole file)."""
    not_a_pdf = _("The file is not a PDF document.")
    if not data.startswith(PDF_MAGIC) or MARKUP.search(data[:1024]):
        raise PdfRefused(not_a_pdf)
    if b"%%EOF" not in data[-2048:]:  # cut short: an upload that did not arrive whole
        raise PdfRefused(not_a_pdf)
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        raise PdfRefused(
            _(
                "The PDF is protected with a password. Save it without the password and "
                "upload it again."
            )
        ) from None
    except Exception:  # noqa: BLE001 - whatever qpdf cannot read is not a PDF to keep
        raise PdfRefused(not_a_pdf) from None
    with pdf:
        try:
            pages = len(pdf.pages)
            active = _runs_something(pdf)
        except Exception:  # noqa: BLE001 - a broken page tree or object: not a PDF to keep
            raise PdfRefused(not_a_pdf) from None
    if not pages:
        raise PdfRefused(_("The PDF has no pages."))
    if active:
        raise PdfRefused(
            _(
                "The PDF contains JavaScript or actions that run programs. Print it to PDF "
                "again without them and upload the new file."
            )
        )


def _runs_something(pdf: pikepdf.Pdf) -> bool:
    """Whether any object of the file, reachable or not, holds a script or a launch action.
    Every indirect object is visited once (qpdf lists them, also those in object streams),
    and the direct dictionaries and arrays inside each; no recursion, so nesting cannot
    exhaust the stack."""
    stack = [pdf.trailer, *pdf.objects]
    while stack:
        obj = stack.pop()
        if isinstance(obj, pikepdf.Stream):
            obj = obj.stream_dict
        if isinstance(obj, pikepdf.Dictionary):
            if SCRIPT_KEYS.intersection(obj.keys()):
                return True
            kind = obj.get("/S")
            if isinstance(kind, pikepdf.Name) and str(kind) in RUNS_SOMETHING:
                return True
            subtype = obj.get("/Subtype")
            if isinstance(subtype, pikepdf.Name) and str(subtype) in EMBEDDED_PLAYERS:
                return True
            uri = obj.get("/URI")  # a link is fine; a javascript: link is a script
            if isinstance(uri, pikepdf.String) and bytes(uri).strip().lower().startswith(
                b"javascript:"
            ):
                return True
            children = obj.values()
        elif isinstance(obj, pikepdf.Array):
            children = obj
        else:
            continue
        stack.extend(
            child
            for child in children
            if isinstance(child, pikepdf.Dictionary | pikepdf.Array | pikepdf.Stream)
            and not child.is_indirect
        )
    return False
