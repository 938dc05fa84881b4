"""`manage.py create_agreement_template`: builds a version of a programme's agreement from its
text files once, reports what it did, and refuses an unknown programme or version in words."""

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.utils import translation

from contracts.agreement_text import versions
from contracts.models import AgreementTemplate, TemplateFile
from onboarding.models import Programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def new_programme():
    """A programme without agreement templates."""
    return Programme.objects.create(
        slug="toinen",
        name_fi="Toinen ohjelma",
        name_sv="Andra programmet",
        name_en="Second programme",
        launch_date=datetime.date(2030, 1, 1),
        signing_deadline=datetime.date(2029, 10, 1),
        fee_per_resident="0.10",
    )


def create(*args: str) -> str:
    out = StringIO()
    call_command("create_agreement_template", *args, stdout=out)
    return out.getvalue()


def test_the_command_creates_version_1_once_and_then_changes_nothing(new_programme, settings):
    # It signs nothing: it works as the README runs commands, without a key or DEBUG.
    settings.SECRET_KEY = ""
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        settings.SECRET_KEY  # noqa: B018 - as in production without a key
    first = create("--programme", "toinen", "--version", "1", "--notes", "From content/v1")
    template = AgreementTemplate.objects.get(programme=new_programme, version=1)
    assert template.notes == "From content/v1"
    files = list(template.files.all())
    assert {(f.kind, f.language) for f in files} == {
        (kind, language) for kind in TemplateFile.Kind.values for language in ("fi", "sv")
    }
    assert first.startswith("Created version 1 of the agreement of toinen:")
    for item in files:
        assert f"{item.file.name}  sha256 {item.sha256}" in first
    assert "Agreements created from now on use it" in first

    again = create("--programme", "toinen", "--version", "1", "--notes", "Other notes")
    assert again.startswith("Version 1 of the agreement of toinen exists already; nothing")
    template.refresh_from_db()
    assert template.notes == "From content/v1"
    assert list(template.files.all()) == files
    assert AgreementTemplate.objects.filter(programme=new_programme).count() == 1


def test_the_command_leaves_the_seeded_version_as_it_is(programme):
    template = AgreementTemplate.objects.get(programme=programme, version=1)
    hashes = sorted(template.files.values_list("sha256", flat=True))
    output = create("--programme", "ekirjasto", "--version", "1")
    assert "exists already" in output
    assert sorted(template.files.values_list("sha256", flat=True)) == hashes


def test_the_command_refuses_a_version_without_text(new_programme):
    missing = str(max(versions()) + 1)
    with pytest.raises(CommandError) as refused:
        create("--programme", "toinen", "--version", missing)
    assert str(refused.value).startswith(
        f"There is no text for version {missing} of the agreement: the folder "
    )
    assert f"content/v{missing} does not exist" in str(refused.value)
    assert not AgreementTemplate.objects.filter(programme=new_programme).exists()


def test_the_command_refuses_version_0(new_programme):
    with pytest.raises(CommandError, match="A template version is a number from 1 up."):
        create("--programme", "toinen", "--version", "0")


def test_the_command_refuses_an_unknown_programme_naming_the_known_ones(programme):
    with pytest.raises(CommandError) as refused:
        create("--programme", "e-kirjasto", "--version", "1")
    assert str(refused.value) == "There is no programme e-kirjasto (the programmes: ekirjasto)."


def test_the_command_answers_in_the_active_language(new_programme):
    translation.activate("fi")
    with pytest.raises(CommandError, match="Ohjelmaa puuttuva ei ole"):
        create("--programme", "puuttuva", "--version", "1")
