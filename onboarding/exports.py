"""Tables as CSV (UTF-8 with BOM, which Excel reads) and XLSX downloads: one writer for every
export of the app."""

import csv
import io
import re
from decimal import Decimal

from django.http import HttpResponse
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# A spreadsheet opening a CSV runs a cell that starts with one of these as a formula
# (OWASP "CSV injection"): "=HYPERLINK(...)", "+cmd|...", "-2+3+cmd|...", "@SUM(1+1)".
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")


def neutralised(value):
    """Text that a spreadsheet would run as a formula, as text: a leading apostrophe, which
    spreadsheets show as "this cell is text". Numbers, and text that is a plain number
    ("-12.50", a credit), are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        if not _PLAIN_NUMBER.match(value):
            return "'" + value
    return value


def as_csv(rows) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([neutralised(v) for v in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def as_xlsx(rows, title: str, freeze: str | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    for row in rows:
        # Decimals as text keep every cent exactly as computed.
        sheet.append([str(v) if isinstance(v, Decimal) else v for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # typed text such as "=1+1" stays text, never a formula
    if freeze:
        sheet.freeze_panes = freeze
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def table_response(
    rows, filename: str, fmt: str, *, title: str = "data", freeze: str | None = None
) -> HttpResponse:
    """`filename` without extension; `fmt` is csv or xlsx."""
    if fmt == "csv":
        response = HttpResponse(as_csv(rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(as_xlsx(rows, title, freeze), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def export_query(request, *, drop=("format", "page", "sort")) -> str:
    """The page's filters for its export and bulk-action links: without the format, the
    table's page and its order (an export has every row, in its own order)."""
    query = request.GET.copy()
    for name in drop:
        query.pop(name, None)
    return query.urlencode()
