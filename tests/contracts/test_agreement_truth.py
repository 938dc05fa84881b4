"""An agreement tells the truth on the day it is sent: the launch wording only while the
signing deadline is ahead, the first contract year and fee from its unit's plan (or the
formula when no date is known), the population the fee engine uses, and nothing missing:
sending is refused, naming what to add, until the registry has it."""

import datetime
import subprocess
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from contracts.models import Agreement, AgreementDocument
from contracts.services.agreements import agreement_create, agreement_send
from onboarding.errors import Conflict
from onboarding.models import Contact, Municipality, Programme

pytestmark = pytest.mark.django_db
HELSINKI_TIME = zoneinfo.ZoneInfo("Europe/Helsinki")


def _complete(code: str) -> Municipality:
    """The details an agreement names, as a coordinator would have applied them from the
    municipality's pre-join survey."""
    Municipality.objects.filter(code=code).update(
        signatory_name="Tomas Häyry",
        signatory_title="kaupunginjohtaja",
        decision_body="Kaupunginhallitus",
    )
    municipality = Municipality.objects.get(code=code)
    Contact.objects.create(
        municipality=municipality,
        kind=Contact.Kind.AGREEMENT,
        name="Sanna Sopimus",
        email="sopimus@kunta.example",
    )
    return municipality


def _sent_pdf_text(code: str, coordinator, capture) -> str:
    programme = Programme.objects.get(slug="ekirjasto")
    agreement = agreement_create(
        programme=programme, municipality=Municipality.objects.get(code=code)
    )
    with capture(execute=True):
        agreement_send(agreement=agreement, by=coordinator)
    document = AgreementDocument.objects.get(agreement=agreement, kind="pdf")
    with document.file.open("rb") as handle:
        data = handle.read()
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(text.replace("\u00a0", " ").split())


def test_an_agreement_sent_today_names_no_past_deadline_and_no_dash(
    coordinator, django_capture_on_commit_callbacks
):
    _complete("905")
    with time_machine.travel(datetime.datetime(2026, 12, 3, 12, tzinfo=HELSINKI_TIME), tick=False):
        text = _sent_pdf_text("905", coordinator, django_capture_on_commit_callbacks)
    assert "Vaasa, kuntanumero 905, Y-tunnus 0209602-6" in text
    assert "Tomas Häyry (kaupunginjohtaja)" in text and "Kaupunginhallitus" in text
    assert "Sanna Sopimus (sopimus@kunta.example)" in text
    for stale in ("15.3.2024", "23.4.2024", "2024 maksu", "vuonna 2024", "—"):
        assert stale not in text, stale
    # Vaasa is not scheduled: no first year is promised; the formula is stated instead.
    assert "Käyttöönottopäivää ei vielä tiedetä" in text
    # The population the fee engine uses for 2026 (the newest on or before 31.12.2025), and
    # its full-year fee: 0.70 x 70,361.
    assert "Vuoden 2026 maksussa se on kunnan asukasluku 31.12.2024, 70 361" in text
    assert "49 252,70 €" in text
    assert "oman kirjastojärjestelmän kautta" in text  # Vaasa is in no consortium


def test_before_the_deadline_it_names_the_launch_and_the_first_year(
    coordinator, django_capture_on_commit_callbacks
):
    _complete("091")
    with time_machine.travel(datetime.datetime(2024, 2, 1, 12, tzinfo=HELSINKI_TIME), tick=False):
        text = _sent_pdf_text("091", coordinator, django_capture_on_commit_callbacks)
    assert "liitetään palveluun 23.4.2024 alkaen, jos kunta allekirjoittaa" in text
    assert "viimeistään 15.3.2024" in text
    assert "Ensimmäisenä sopimusvuonna 2024 laskutus alkaa käyttöönottopäivästä 23.4.2024" in text
    assert "laskutettavia kuukausia on 8" in text
    # The 2024 fee needs the 31.12.2023 population, which is not public: none is guessed.
    assert "Vuoden 2024 maksun asukaslukua ei ole vielä vahvistettu" in text
    assert "kirjastokimppansa Helmet kautta" in text
    assert "—" not in text


def test_sending_is_refused_until_the_registry_has_what_the_agreement_names(
    coordinator, client_for
):
    programme = Programme.objects.get(slug="ekirjasto")
    agreement = agreement_create(
        programme=programme, municipality=Municipality.objects.get(code="905")
    )
    with pytest.raises(Conflict) as refused:
        agreement_send(agreement=agreement, by=coordinator)
    message = refused.value.messages[0]
    assert message.startswith("Vaasa: sopimusta ei voi vielä lähettää. Lisää kunnan tietoihin")
    for missing in ("sopimusasioiden yhteyshenkilön nimi", "allekirjoittajan nimi"):
        assert missing in message
    assert Agreement.objects.get(pk=agreement.pk).sent_on is None
    # The bulk send's preview names what each municipality lacks and leaves it out.
    page = client_for(coordinator).get(
        reverse("agreement_bulk", args=["send"]), {"programme": programme.slug, "search": "Vaasa"}
    )
    skipped = page.content.decode()
    assert 'id="skipped"' in skipped and "Vaasa" in skipped
    assert "allekirjoittajan nimi" in skipped
