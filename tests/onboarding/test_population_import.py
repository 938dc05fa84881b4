"""Importing another year's populations: every row is checked first, errors name their line,
and a file with any error imports nothing."""

import datetime
import re

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from lxml import html

from onboarding import selectors
from onboarding.models import PopulationFigure
from onboarding.services.population_import import PopulationImportError, population_import

pytestmark = pytest.mark.django_db

END_OF_2025 = datetime.date(2025, 12, 31)


def run_import(data: str | bytes, date: datetime.date = END_OF_2025, by=None):
    """The service, with its messages in English so that the assertions read them."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    with translation.override("en"):
        return population_import(data=data, date=date, source="test file", by=by)


def import_errors(data: str | bytes) -> list[str]:
    with pytest.raises(PopulationImportError) as caught:
        run_import(data)
    return caught.value.errors


def figures_at(date: datetime.date) -> dict[str, int]:
    return dict(
        PopulationFigure.objects.filter(date=date).values_list("municipality__code", "population")
    )


def import_command(*args):
    """The command, with its report in English whatever catalogs are installed."""
    with translation.override("en"):
        call_command("import_population", *args)


@pytest.fixture
def csv_file(tmp_path):
    def write(content: str | bytes, name: str = "populations.csv"):
        path = tmp_path / name
        if isinstance(content, str):
            content = content.encode("utf-8")
        path.write_bytes(content)
        return path

    return write


# --- a good file ---------------------------------------------------------------------------


def test_a_good_file_creates_figures_at_the_new_date():
    report = run_import("code,population\n091,690000\n049,325000\n905,71000\n")

    assert figures_at(END_OF_2025) == {"091": 690000, "049": 325000, "905": 71000}
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    # The 2024 figures are kept: several years coexist.
    assert figures_at(datetime.date(2024, 12, 31))["091"] == 684018


def test_the_report_names_the_municipalities_missing_from_the_file():
    report = run_import("code,population\n091,690000\n")
    # Pertunmaa no longer exists at the end of 2025, so it is not missing.
    assert len(report.missing) == 307
    assert "049" in report.missing
    assert "588" not in report.missing
    with translation.override("en"):
        assert "1 created" in str(report)


def test_the_list_shows_the_newer_figure_for_dates_after_it(coordinator):
    run_import("code,population\n091,690000\n")

    def helsinki_on(day):
        row = selectors.municipality_list(coordinator, on=day).get(code="091")
        return row.population, row.population_date

    assert helsinki_on(datetime.date(2025, 12, 30)) == (684018, datetime.date(2024, 12, 31))
    assert helsinki_on(END_OF_2025) == (690000, END_OF_2025)
    assert helsinki_on(datetime.date(2026, 6, 1)) == (690000, END_OF_2025)


def test_the_municipality_list_page_shows_the_imported_figure(coordinator, client_for):
    run_import("code,population\n091,690000\n")  # dated 31.12.2025, before today

    page = client_for(coordinator).get("/municipalities/", {"search": "091"})

    tree = html.fromstring(page.content.decode())
    [row] = tree.xpath("//table//tbody/tr")
    cells = [td.text_content().strip().replace("\u00a0", " ") for td in row.xpath("td")]
    assert cells[0] == "091"
    assert "690 000" in cells
    assert "31.12.2025" in cells


def test_codes_whose_leading_zeros_a_spreadsheet_dropped_are_accepted():
    run_import("code,population\n91,690000\n5,9100\n")
    assert figures_at(END_OF_2025) == {"091": 690000, "005": 9100}


def test_a_semicolon_separated_file_is_read():
    run_import("code;population\n091;690000\n092;250000\n")
    assert figures_at(END_OF_2025) == {"091": 690000, "092": 250000}


def test_finnish_column_names_and_thousands_spaces_are_read():
    run_import("kunta;väestö\n091;690 000\n")
    assert figures_at(END_OF_2025) == {"091": 690000}


def test_a_utf8_file_with_a_byte_order_mark_is_read():
    run_import("\ufeffcode,population\n091,690000\n".encode())
    assert figures_at(END_OF_2025) == {"091": 690000}


def test_importing_the_same_file_again_reports_unchanged():
    content = "code,population\n091,690000\n049,325000\n"
    run_import(content)
    history_rows = PopulationFigure.history.count()

    report = run_import(content)

    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)
    with translation.override("en"):
        assert "2 unchanged" in str(report)
    assert PopulationFigure.history.count() == history_rows


def test_a_corrected_file_updates_the_figure():
    run_import("code,population\n091,690000\n")
    report = run_import("code,population\n091,690001\n")
    assert (report.created, report.updated) == (0, 1)
    assert figures_at(END_OF_2025) == {"091": 690001}


def test_the_change_history_records_the_import(coordinator):
    run_import("code,population\n091,690000\n", by=coordinator)
    run_import("code,population\n091,690500\n", by=coordinator)

    history = PopulationFigure.history.filter(municipality__code="091", date=END_OF_2025).order_by(
        "history_date", "history_id"
    )
    assert [(h.history_type, h.population) for h in history] == [("+", 690000), ("~", 690500)]
    assert all(h.history_user == coordinator for h in history)
    assert all(h.history_change_reason == "population import" for h in history)


# --- bad files: an error naming the line, nothing imported ------------------------------


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("code,population\n091,690000\n999,1000\n", 3, "unknown municipality code '999'"),
        ("code,population\n091,690000\n049,-5\n", 3, "negative"),
        ("code,population\n091,690000\n049,many\n092,1\n", 3, "not a whole number"),
        ("code,population\n091,690000\n049,1\n091,690000\n", 4, "appears again"),
        ("code,population\n091,690000\n049,1\n91,690000\n", 4, "appears again"),
        # Beyond the column's range (a 32-bit integer on PostgreSQL), or SQLite's 64 bits.
        ("code,population\n091,690000\n049,2147483648\n", 3, "2147483648 is too large"),
        ("code,population\n091,690000\n049,2 147 483 648\n", 3, "is too large"),
        (f"code,population\n091,690000\n049,{2**64}\n", 3, f"{2**64} is too large"),
    ],
    ids=[
        "unknown code",
        "negative",
        "not a number",
        "duplicate",
        "duplicate without zero",
        "2**31",
        "2**31 with spaces",
        "2**64",
    ],
)
def test_a_bad_row_is_reported_by_line_and_nothing_is_imported(content, line, words):
    figures_before = PopulationFigure.objects.count()
    history_before = PopulationFigure.history.count()

    errors = import_errors(content)

    assert len(errors) == 1
    assert errors[0].startswith(f"Line {line}:")
    assert words in errors[0]
    assert PopulationFigure.objects.count() == figures_before
    assert PopulationFigure.history.count() == history_before


def test_the_largest_population_the_column_holds_is_imported():
    report = run_import("code,population\n091,2147483647\n")
    assert report.created == 1
    assert figures_at(END_OF_2025) == {"091": 2147483647}


def test_every_bad_row_is_reported_not_only_the_first():
    errors = import_errors("code,population\n999,1\n091,-1\n049,x\n092,250000\n")
    assert [re.match(r"Line (\d+):", e).group(1) for e in errors] == ["2", "3", "4"]
    assert PopulationFigure.objects.filter(date=END_OF_2025).count() == 0


def test_a_missing_column_is_reported_on_line_1():
    figures_before = PopulationFigure.objects.count()
    errors = import_errors("code,inhabitants\n091,690000\n")
    assert len(errors) == 1
    assert errors[0].startswith("Line 1:")
    assert "population" in errors[0]
    assert PopulationFigure.objects.count() == figures_before


def test_a_wrongly_encoded_file_is_reported_by_line_and_nothing_is_imported():
    figures_before = PopulationFigure.objects.count()
    latin1 = (
        "code,population,name\n091,690000,Helsinki\n092,250000,Vantaa\n"
        "235,10000,Kauniainen\n908,20000,Hyvinkää\n".encode("latin-1")
    )

    errors = import_errors(latin1)

    assert len(errors) == 1
    assert errors[0].startswith("Line 5:")
    assert "UTF-8" in errors[0]
    assert PopulationFigure.objects.count() == figures_before


def test_a_wrong_encoding_after_a_byte_order_mark_names_the_right_line():
    data = "\ufeffcode,population\n091,690000\n".encode() + "ä,1\n".encode("latin-1")
    errors = import_errors(data)
    assert errors[0].startswith("Line 3:")


def test_an_empty_file_is_refused():
    figures_before = PopulationFigure.objects.count()
    assert import_errors(b"")
    assert import_errors("code,population\n")
    assert import_errors("code,population\n\n\n")
    assert PopulationFigure.objects.count() == figures_before


def test_a_binary_file_is_refused():
    assert import_errors(b"code,population\n091,\x00\x00\n")


# --- the command -------------------------------------------------------------------------


def test_the_command_imports_a_good_file_and_reports(csv_file, capsys):
    path = csv_file("code,population\n091,690000\n092,250000\n")

    import_command(str(path), "--date", "2025-12-31")

    assert figures_at(END_OF_2025) == {"091": 690000, "092": 250000}
    assert "2 created" in capsys.readouterr().out
    source = PopulationFigure.objects.get(municipality__code="091", date=END_OF_2025).source
    assert "populations.csv" in source


def test_the_command_reports_again_unchanged(csv_file, capsys):
    path = csv_file("code,population\n091,690000\n")
    import_command(str(path), "--date", "2025-12-31")
    capsys.readouterr()

    import_command(str(path), "--date", "2025-12-31")

    assert "0 created, 0 updated, 1 unchanged" in capsys.readouterr().out


def test_the_command_fails_with_the_line_numbers_on_stderr(csv_file, capsys):
    path = csv_file("code,population\n091,690000\n999,5\n049,-1\n")
    figures_before = PopulationFigure.objects.count()

    with pytest.raises(CommandError) as caught:
        import_command(str(path), "--date", "2025-12-31")

    assert "2 error(s)" in str(caught.value)
    assert "nothing was imported" in str(caught.value)
    stderr = capsys.readouterr().err
    assert "Line 3:" in stderr and "999" in stderr
    assert "Line 4:" in stderr and "negative" in stderr
    assert PopulationFigure.objects.count() == figures_before


def test_the_command_reports_a_population_too_large_for_the_column_by_line(csv_file, capsys):
    path = csv_file(f"code,population\n091,690000\n049,{2**31}\n")
    figures_before = PopulationFigure.objects.count()

    with pytest.raises(CommandError) as caught:
        import_command(str(path), "--date", "2025-12-31")

    assert "nothing was imported" in str(caught.value)
    assert "Line 3: population 2147483648 is too large" in capsys.readouterr().err
    assert PopulationFigure.objects.count() == figures_before


def test_the_command_refuses_a_wrong_encoding(csv_file, capsys):
    path = csv_file("code,population\n091,690000\n049,1\n# Espoo ä\n".encode("latin-1"))
    with pytest.raises(CommandError):
        import_command(str(path), "--date", "2025-12-31")
    assert "Line 4:" in capsys.readouterr().err
    assert figures_at(END_OF_2025) == {}


def test_the_command_refuses_a_bad_date(csv_file):
    path = csv_file("code,population\n091,690000\n")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        import_command(str(path), "--date", "31.12.2025")
    assert figures_at(END_OF_2025) == {}


def test_the_command_refuses_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        import_command(str(tmp_path / "nope.csv"), "--date", "2025-12-31")


def test_a_municipality_that_no_longer_existed_on_the_date_is_refused():
    """Pertunmaa merged into Mantyharju on 1.1.2025: no figure for it at the end of 2025."""
    before = PopulationFigure.objects.count()
    errors = import_errors("code,population\n507,7000\n588,1500\n")
    assert errors == ["Line 3: municipality 588 (Pertunmaa) did not exist on 2025-12-31."]
    assert PopulationFigure.objects.count() == before


def test_a_merged_municipality_is_accepted_for_a_date_while_it_existed():
    run_import("code,population\n588,1525\n", date=datetime.date(2024, 6, 30))
    assert figures_at(datetime.date(2024, 6, 30)) == {"588": 1525}


def test_old_mac_line_endings_and_semicolons_are_read():
    run_import(b"code;population\r091;690001\r092;250001\r")
    assert figures_at(END_OF_2025) == {"091": 690001, "092": 250001}


def test_an_unclosed_quote_is_a_line_error_not_a_traceback():
    errors = import_errors('code,population\n091,690000\n092,"250000\n' + "1" * 200_000 + "\n")
    assert errors == [
        "Line 3 cannot be read as CSV: a quote is not closed or a field is longer than "
        "131072 characters."
    ]
