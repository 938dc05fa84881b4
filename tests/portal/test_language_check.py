"""The language check of the page crawl (tests/language.py) finds what it is there to find:
a check that passes everything would make the crawl worthless."""

import pytest

from tests.language import LanguageCheck

pytestmark = pytest.mark.django_db


def page(body: str, lang: str = "fi") -> str:
    return f'<html lang="{lang}"><head><title>Sivu</title></head><body>{body}</body></html>'


@pytest.mark.parametrize(
    "body, found",
    [
        ("<p>Save</p>", 'English msgid "Save"'),
        ("<button>Log out</button>", 'English msgid "Log out"'),
        ("<td>in_force</td>", 'raw code "in_force"'),
        ("<li>draft -> sent</li>", 'raw codes "draft -> sent"'),
        ("<dd>Kirjannut: None</dd>", '"None"'),
        ("<p>Avaus 2027-03-01</p>", "ISO date"),
        ("<p>enintään 6687.80 €</p>", "money with a decimal point"),
        ("<p>Odottaa: Närpes, Korsholm</p>", '"Närpes"'),
        ("<p>Pohjanmaa ja Österbotten</p>", '"Österbotten"'),
        ('<input type="submit" value="Send the reminders">', "English msgid"),
        ('<a href="/" aria-label="Your account">x</a>', "English msgid"),
    ],
)
def test_a_finnish_page_with_a_slip_is_caught(body, found):
    problems = LanguageCheck("fi").page(page(body), "/x/")
    assert any(found in problem for problem in problems), problems


def test_a_swedish_page_with_finnish_names_is_caught():
    problems = LanguageCheck("sv").page(page("<p>Väntar på Kruunupyy, Luoto</p>", "sv"), "/x/")
    assert any('"Kruunupyy"' in problem for problem in problems), problems
    assert any('"Luoto"' in problem for problem in problems), problems


def test_a_page_in_the_wrong_language_is_caught():
    assert LanguageCheck("sv").page(page("<p>Sida</p>", "fi"), "/x/")


@pytest.mark.parametrize(
    "body",
    [
        "<p>Tallenna</p>",
        "<p>Odottaa: Närpiö, Mustasaari</p>",
        # The registry's own Finnish name contains the Swedish one.
        "<p>Maarianhamina - Mariehamn</p>",
        # Declared to be in another language, or not to be translated, or code.
        '<dd lang="sv">Närpes</dd>',
        '<dd translate="no">coordinator</dd>',
        "<p>Kutsu <code>POST /api/v1/auth/token/</code></p>",
        '<div lang="en"><p>Save</p></div>',
        "<p>Avaus 1.3.2027, enintään 6 687,80 €</p>",
        # Swedish words that are also English msgids are Swedish on a Swedish page.
    ],
)
def test_what_a_finnish_reader_should_see_passes(body):
    assert LanguageCheck("fi").page(page(body), "/x/") == []


def test_a_swedish_word_that_is_also_english_passes_in_swedish():
    assert LanguageCheck("sv").page(page("<th>Status</th><th>Version</th>", "sv"), "/x/") == []


def test_a_document_and_a_csv_header_are_read_too():
    check = LanguageCheck("sv")
    assert check.document("Faktura\n  Närpiö (545)     120,00 €\n", "invoice.pdf")
    assert check.csv(b"Kod;Name;Kommun\n", "x.csv")
    assert check.csv(b"Kod;Kommun\n", "x.csv") == []
    # A file of column keys is data for programs; its label row is read where it has one.
    assert check.csv(b"code,status\n091,in_force\n", "x.csv") == []
    assert check.csv(b"code,status\nKod,Status\n", "x.csv", labelled=True) == []
    assert check.csv(b"code,name\nKod,Name\n", "x.csv", labelled=True)
