"""Finnish and Swedish catalogs: complete, compiled, and used."""

import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def _po_entries(path: Path) -> dict[str, str]:
    """msgid (with context) -> the first msgstr, from a .po file; enough for our catalogs."""
    text = path.read_text(encoding="utf-8")
    entries = {}
    for block in text.split("\n\n"):
        if "#, fuzzy" in block and 'msgid ""\nmsgstr ""' not in block:
            entries[f"FUZZY:{block[:80]}"] = ""

        def joined(keyword, block=block):
            match = re.search(rf'^{keyword} ((?:".*"\n?)+)', block, re.M)
            if not match:
                return None
            raw = "".join(re.findall(r'"(.*)"', match.group(1)))
            return (
                raw.replace('\\"', '"')
                .replace("\\n", "\n")
                .replace("\\t", "\t")
                .replace("\\\\", "\\")
            )

        msgid = joined("msgid")
        if not msgid:
            continue
        context = joined("msgctxt")
        msgstr = joined("msgstr") if joined("msgstr") is not None else joined(r"msgstr\[0\]")
        entries[(context + "\x04" if context else "") + msgid] = msgstr or ""
    return entries


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_every_message_is_translated(language):
    entries = _po_entries(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 100
    untranslated = [msgid for msgid, msgstr in entries.items() if not msgstr]
    assert untranslated == []


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_compiled_catalog_is_committed_and_up_to_date(language):
    """A machine without gettext uses the committed .mo: it must hold every .po entry."""
    directory = LOCALE / language / "LC_MESSAGES"
    with (directory / "django.mo").open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    compiled = {key if isinstance(key, str) else key[0]: value for key, value in catalog.items()}
    missing = [m for m in _po_entries(directory / "django.po") if m not in compiled]
    assert missing == [], "run `make messages` and commit locale/*/django.mo"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "heading", "name"),
    [
        ("fi", "Kunnat", "Helsinki"),
        ("sv", "Kommuner", "Helsingfors"),
    ],
)
def test_pages_follow_the_chosen_language(client_for, helsinki_manager, language, heading, name):
    client = client_for(helsinki_manager)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("municipality_list")).content.decode()
    assert f'<html lang="{language}">' in page
    assert f"<h1>{heading}</h1>" in page
    detail = client.get(reverse("municipality_detail", args=["091"])).content.decode()
    assert f"<h1>{name} " in detail
