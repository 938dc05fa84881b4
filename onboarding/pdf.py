"""HTML to PDF/A-3b with WeasyPrint, for every document the app makes (agreements,
certificates, invoices): one place for the PDF variant, and one font configuration per thread
instead of one per document (Pango's font map is not shared across threads)."""

import threading

PDF_VARIANT = "pdf/a-3b"

_local = threading.local()


def _font_config():
    if getattr(_local, "font_config", None) is None:
        from weasyprint.text.fonts import FontConfiguration

        _local.font_config = FontConfiguration()
    return _local.font_config


def html_to_pdf_a(html: str) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT, font_config=_font_config())
