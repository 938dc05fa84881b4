"""The agreement's text as files (contracts/content/v<N>/): what version 1 holds, that every
version's Finnish and Swedish agree and use only placeholders the documents fill, and that a
file outside the format or a missing version is refused in words naming the file and line."""

import re
import shutil
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from contracts import agreement_text
from contracts.agreement_text import AgreementTextError, blocks, parse, versions
from contracts.models import AgreementTemplate
from contracts.services.documents import agreement_context, agreement_template_create
from tests.contracts.conftest import docx_text, private_files, stored_bytes

pytestmark = pytest.mark.usefixtures("english")

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
EVERY_TEXT = [
    (version, document) for version in versions() for document in agreement_text.DOCUMENTS
]


def placeholders(version: int, document: str, language: str) -> set[str]:
    return {
        name
        for _kind, text in blocks(version, document, language)
        for name in PLACEHOLDER.findall(text or "")
    }


def conditions(version: int, document: str, language: str) -> set[str]:
    """The names the text's [[if …]] blocks ask about."""
    return {
        text.removeprefix("not ").strip()
        for kind, text in blocks(version, document, language)
        if kind == "if"
    }


def version_folder(root: Path, version: int, **files: str) -> Path:
    """A copy of version 1's text as `version` under root, with some files replaced."""
    folder = root / f"v{version}"
    shutil.copytree(agreement_text.CONTENT / "v1", folder)
    for name, text in files.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")
    return folder


# --- version 1 ---------------------------------------------------------------------------------


def test_version_1_is_there():
    assert 1 in versions()


@pytest.mark.parametrize("language", agreement_text.LANGUAGES)
@pytest.mark.parametrize("document", agreement_text.DOCUMENTS)
def test_each_document_of_version_1_begins_with_its_only_title(document, language):
    text = blocks(1, document, language)
    assert text[0][0] == "title"
    assert text[0][1]
    assert [kind for kind, _text in text].count("title") == 1
    assert {kind for kind, _text in text[1:]} >= {"h", "p"}


@pytest.mark.parametrize("language", agreement_text.LANGUAGES)
def test_the_agreement_of_version_1_has_the_fee_table_and_the_signatures(language):
    text = blocks(1, "agreement", language)
    assert ("fee_table", None) in text
    assert text[-1] == ("signatures", None)


@pytest.mark.django_db
@pytest.mark.parametrize("language", agreement_text.LANGUAGES)
def test_the_agreement_prints_every_value_the_documents_fill(language, agreement_for):
    context = agreement_context(agreement_for("091"))
    newest = max(versions())
    used = placeholders(newest, "agreement", language) | conditions(newest, "agreement", language)
    assert used == set(context)  # the newest text uses every value, and nothing else
    assert placeholders(1, "agreement", language) <= set(context)  # v1 can still be filled
    assert {"municipality_name", "business_id", "annual_fee", "first_year_fee"} <= set(context)


@pytest.mark.parametrize("language", agreement_text.LANGUAGES)
@pytest.mark.parametrize("document", ["data_processing", "service_description"])
def test_the_appendices_of_version_1_are_printed_as_written(document, language):
    text = blocks(1, document, language)
    assert placeholders(1, document, language) == set()
    assert {kind for kind, _text in text} <= {"title", "h", "p", "li"}


# --- every version -------------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "document"), EVERY_TEXT)
def test_finnish_and_swedish_have_the_same_blocks_in_the_same_order(version, document):
    finnish, swedish = (blocks(version, document, language) for language in ("fi", "sv"))
    assert [kind for kind, _text in finnish] == [kind for kind, _text in swedish]


@pytest.mark.django_db
@pytest.mark.parametrize("version", versions())
def test_every_version_uses_only_placeholders_the_documents_fill(version, agreement_for):
    known = set(agreement_context(agreement_for("091")))
    for language in agreement_text.LANGUAGES:
        assert placeholders(version, "agreement", language) <= known, (version, language)


# --- the format ----------------------------------------------------------------------------------


def test_wrapped_paragraphs_and_bullet_items_are_joined_with_one_space():
    text = (
        "# The title\r\n"
        "\r\n"
        "## 1. A heading\n"
        "A paragraph that\n"
        "   goes on   \n"
        "\n"
        "- An item\n"
        "  wrapped\n"
        "- {{ municipality_name }} pays\n"
        "\n"
        "[[fee_table]]\n"
        "\n\n"
        "Last.\n"
        "[[signatures]]\n"
    )
    assert parse(text, source="test.md") == [
        ("title", "The title"),
        ("h", "1. A heading"),
        ("p", "A paragraph that goes on"),
        ("li", "An item wrapped"),
        ("li", "{{ municipality_name }} pays"),
        ("fee_table", None),
        ("p", "Last."),
        ("signatures", None),
    ]


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("# T\n\n[[fees]]\n", 3, "unknown directive [[fees]]; the directives are [[fee_table]]"),
        ("# T\n\n[[fee_table]] here\n", 3, "unknown directive [[fee_table]] here"),
        ("Text first.\n\n# T\n", 1, "the file must begin with the title"),
        ("## 1. Heading\n", 1, "the file must begin with the title"),
        ("\n\n", 1, "the file must begin with the title"),
        ("# T\n\n## 1. Heading\n\n# T again\n", 5, "a second title"),
        ("# T\n\n### 1.1 Sub\n", 3, "only '# ' (the title) and '## ' (a section heading)"),
        ("#T\n", 1, "a heading needs a space"),
        ("# T\n\n* item\n", 3, "write a bullet item with '- '"),
        ("# T\n\nPays {{ annual_fee }.\n", 3, "a broken placeholder"),
        ("# T\n\nOne\nPays {{annual fee}}.\n", 3, "a broken placeholder"),
    ],
    ids=[
        "unknown directive",
        "text after a directive",
        "paragraph before the title",
        "heading before the title",
        "empty file",
        "second title",
        "third-level heading",
        "no space after #",
        "star bullet",
        "unclosed placeholder",
        "placeholder with a space in its name",
    ],
)
def test_a_text_outside_the_format_is_refused_naming_the_file_and_line(text, line, problem):
    with pytest.raises(AgreementTextError) as refused:
        parse(text, source="v2/agreement.fi.md")
    [message] = refused.value.messages
    assert message.startswith(f"v2/agreement.fi.md, line {line}: ")
    assert problem in message


@pytest.mark.parametrize(
    "text",
    ["# T\n\nPays {{ rate }}.\n", "# T\n\n[[fee_table]]\n"],
    ids=["placeholder", "directive"],
)
def test_an_appendix_may_hold_neither_placeholders_nor_directives(tmp_path, text):
    version_folder(tmp_path, 2, **{"data_processing.sv": text})
    with pytest.raises(AgreementTextError, match=r"v2/data_processing\.sv\.md, line 3: "):
        blocks(2, "data_processing", "sv", root=tmp_path)
    assert blocks(2, "data_processing", "fi", root=tmp_path) == blocks(1, "data_processing", "fi")


def test_a_malformed_file_in_a_version_folder_is_refused_with_its_path_and_line(tmp_path):
    lines = (agreement_text.CONTENT / "v1" / "agreement.sv.md").read_text().splitlines()
    lines[10] = "[[signature]]"
    version_folder(tmp_path, 2, **{"agreement.sv": "\n".join(lines)})
    with pytest.raises(AgreementTextError) as refused:
        blocks(2, "agreement", "sv", root=tmp_path)
    assert refused.value.messages == [
        f"{tmp_path / 'v2' / 'agreement.sv.md'}, line 11: unknown directive [[signature]]; "
        "the directives are [[fee_table]], [[signatures]]."
    ]


# --- versions ------------------------------------------------------------------------------------


def test_versions_are_the_numbered_folders_in_order(tmp_path):
    for name in ("v2", "v10", "v1", "drafts", "v0", "vx"):
        (tmp_path / name).mkdir()
    (tmp_path / "v3").write_text("a file, not a folder")
    assert versions(tmp_path) == [1, 2, 10]
    assert versions(tmp_path / "nowhere") == []


def test_a_version_without_a_folder_is_refused(tmp_path):
    with pytest.raises(AgreementTextError) as refused:
        blocks(7, "agreement", "fi", root=tmp_path)
    assert refused.value.messages == [
        f"There is no text for version 7 of the agreement: the folder {tmp_path / 'v7'} does "
        "not exist. Copy the previous version's folder and edit it "
        "(contracts/content/README.md)."
    ]


def test_a_missing_file_of_a_version_is_refused(tmp_path):
    (version_folder(tmp_path, 2) / "service_description.sv.md").unlink()
    with pytest.raises(AgreementTextError, match="service_description.sv.md is missing"):
        blocks(2, "service_description", "sv", root=tmp_path)


# --- building a template version -----------------------------------------------------------------


@pytest.mark.django_db
def test_a_template_version_without_text_is_refused_and_nothing_is_stored(programme):
    missing = max(versions()) + 1
    with pytest.raises(ValidationError) as refused:
        agreement_template_create(programme=programme, version=missing)
    assert f"There is no text for version {missing} of the agreement" in refused.value.messages[0]
    assert not AgreementTemplate.objects.filter(programme=programme, version=missing).exists()


@pytest.mark.django_db
def test_a_template_version_with_one_bad_file_stores_no_file(programme, tmp_path, monkeypatch):
    version_folder(tmp_path, 9, **{"service_description.sv": "# T\n\n[[fees]]\n"})
    monkeypatch.setattr(agreement_text, "CONTENT", tmp_path)
    before = private_files("templates")
    with pytest.raises(ValidationError, match=r"service_description\.sv\.md, line 3: unknown"):
        agreement_template_create(programme=programme, version=9)
    assert not AgreementTemplate.objects.filter(programme=programme, version=9).exists()
    assert private_files("templates") == before


@pytest.mark.django_db
def test_a_new_version_is_built_from_its_own_folder(programme, tmp_path, monkeypatch):
    lines = (agreement_text.CONTENT / "v1" / "agreement.fi.md").read_text().splitlines()
    lines[0] = "# Yhteistyösopimus E-kirjastoon liittymisestä (muutettu)"
    version_folder(tmp_path, 9, **{"agreement.fi": "\n".join(lines)})
    monkeypatch.setattr(agreement_text, "CONTENT", tmp_path)
    template = agreement_template_create(programme=programme, version=9, notes="Otsikko")
    files = {(f.kind, f.language): f for f in template.files.all()}
    assert len(files) == 6
    assert template.notes == "Otsikko"
    assert "liittymisestä (muutettu)" in docx_text(stored_bytes(files["agreement", "fi"].file))
    assert "(muutettu)" not in docx_text(stored_bytes(files["agreement", "sv"].file))
