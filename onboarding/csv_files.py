"""Reading an uploaded CSV file for an import (populations, payments): one reader, so that
every import refuses the same things with the same messages, each naming its line, before a
single row is looked at:

- a file larger than settings.MAX_IMPORT_BYTES;
- bytes that are not UTF-8 (a byte order mark is fine);
- a control character other than a tab or a line break (a binary file, a NUL);
- a line the csv module cannot read (an unclosed quote, a field over its size limit).

Any line ending is read: Windows (CR LF), Unix (LF) and old Mac (CR, Excel's "CSV for
Macintosh"). The delimiter is sniffed: comma, semicolon or tab."""

import codecs
import csv
import io

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from onboarding.input import FORBIDDEN, code_point
from onboarding.validators import validate_upload_size


class CsvRefused(Exception):
    """The file cannot be read; `errors` lists why, with line numbers."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


def _line_of(data: bytes | str, position: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data[:position].count(newline) + 1


def _text(data: bytes) -> str:
    try:
        validate_upload_size(len(data), limit=settings.MAX_IMPORT_BYTES)
    except ValidationError as error:
        raise CsvRefused(error.messages) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # utf-8-sig counts positions after the byte order mark it removed.
        offset = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
        raise CsvRefused(
            [
                _(
                    "Line %(line)d: the file is not UTF-8 encoded. Save it as UTF-8 CSV and try "
                    "again."
                )
                % {"line": _line_of(data, offset + error.start)}
            ]
        ) from None
    if found := FORBIDDEN.search(text):
        raise CsvRefused(
            [
                _(
                    "Line %(line)d: the file holds a control character (%(char)s), so it is not "
                    "a text CSV file."
                )
                % {"line": _line_of(text, found.start()), "char": code_point(found.group())}
            ]
        )
    return text


def csv_rows(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header and every row with the number of the line it starts on."""
    text = _text(data)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    rows = []
    try:
        header = reader.fieldnames or []
        start = reader.line_num + 1
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error:
        raise CsvRefused(
            [
                _(
                    "Line %(line)d cannot be read as CSV: a quote is not closed or a field is "
                    "longer than %(limit)d characters."
                )
                % {"line": start, "limit": csv.field_size_limit()}
            ]
        ) from None
    return header, rows
