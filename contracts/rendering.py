"""Rendering agreements: DOCX from the versioned docxtpl template, and a PDF/A of the very
same content (the rendered DOCX read back into HTML and printed by WeasyPrint).

Why WeasyPrint rather than LibreOffice: it is a Python package pinned in pyproject.toml, so
every machine renders the same bytes without a 600 MB office suite, and it writes PDF/A-3b
directly. Reading the filled DOCX back keeps the PDF's words identical to the DOCX's."""

import hashlib
import html
import io

from django.template.loader import render_to_string
from django.utils import translation
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docxtpl import DocxTemplate

from onboarding.pdf import html_to_pdf_a


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- building the versioned DOCX template from the agreement text ----------------------


def build_docx_template(blocks, *, fee_labels: dict, signature_labels: dict) -> bytes:
    """A docxtpl template: every placeholder stays inside one run, so docxtpl fills it."""
    document = Document()
    style = document.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    for kind, text in blocks:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind == "h":
            document.add_heading(text, level=1)
        elif kind == "p":
            document.add_paragraph(text)
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        elif kind == "fee_table":
            table = document.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, placeholder in fee_labels.items():
                row = table.add_row().cells
                row[0].text = label
                row[1].text = placeholder
                row[1].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        elif kind in ("if", "else", "endif"):
            # docxtpl's paragraph tags: the paragraph holding one is removed when filled.
            tag = {"if": f"if {text}", "else": "else", "endif": "endif"}[kind]
            document.add_paragraph("{%p " + tag + " %}")
        elif kind == "signatures":
            table = document.add_table(rows=1, cols=2)
            for cell, (party, lines) in zip(
                table.rows[0].cells, signature_labels.items(), strict=True
            ):
                cell.text = party
                for line in lines:
                    cell.add_paragraph(line)
        else:
            raise ValueError(f"unknown block kind {kind}")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fill_docx(template_bytes: bytes, context: dict) -> bytes:
    template = DocxTemplate(io.BytesIO(template_bytes))
    template.render(context, autoescape=True)  # names contain '&'
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


# --- the same content as HTML, then PDF/A --------------------------------------------------


def docx_to_html(docx_bytes: bytes) -> str:
    """Headings, paragraphs, bullets and tables of a DOCX as semantic HTML, in order."""
    document = Document(io.BytesIO(docx_bytes))
    body = document.element.body
    parts = []
    in_list = False
    paragraphs = {p._p: p for p in document.paragraphs}
    tables = {t._tbl: t for t in document.tables}
    for child in body.iterchildren():
        if child in paragraphs:
            paragraph = paragraphs[child]
            text = html.escape(paragraph.text)
            style = paragraph.style.name if paragraph.style is not None else ""
            is_item = style.startswith("List")
            if in_list and not is_item:
                parts.append("</ul>")
                in_list = False
            if not text.strip():
                continue
            if style == "Title":
                parts.append(f"<h1>{text}</h1>")
            elif style.startswith("Heading"):
                parts.append(f"<h2>{text}</h2>")
            elif is_item:
                if not in_list:
                    parts.append("<ul>")
                    in_list = True
                parts.append(f"<li>{text}</li>")
            else:
                parts.append(f"<p>{text}</p>")
        elif child in tables:
            if in_list:
                parts.append("</ul>")
                in_list = False
            rows = []
            for row in tables[child].rows:
                cells = "".join(
                    "<td>" + "<br>".join(html.escape(p.text) for p in cell.paragraphs) + "</td>"
                    for cell in row.cells
                )
                rows.append(f"<tr>{cells}</tr>")
            parts.append("<table>" + "".join(rows) + "</table>")
    if in_list:
        parts.append("</ul>")
    return "\n".join(parts)


def html_to_pdf(body_html: str, *, title: str, language: str) -> bytes:
    page = render_to_string(
        "contracts/pdf_page.html", {"body": body_html, "title": title, "language": language}
    )
    return html_to_pdf_a(page)


def blocks_to_pdf(blocks, *, title: str, language: str) -> bytes:
    parts = []
    for kind, text in blocks:
        text = html.escape(text or "")
        parts.append(
            {
                "title": f"<h1>{text}</h1>",
                "h": f"<h2>{text}</h2>",
                "p": f"<p>{text}</p>",
                "li": f"<ul><li>{text}</li></ul>",
            }.get(kind, "")
        )
    return html_to_pdf("\n".join(parts), title=title, language=language)


def render_certificate_pdf(context: dict, language: str) -> bytes:
    with translation.override(language):
        page = render_to_string("contracts/certificate.html", context)
    return html_to_pdf_a(page)
