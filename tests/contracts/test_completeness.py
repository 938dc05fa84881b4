"""Consortium completeness: a connection unit is complete when every member has signed.
Helmet (Espoo 049, Helsinki 091, Vantaa 092, Kauniainen 235) waits for Kauniainen, whose
manager gets one "you are the last to sign" e-mail; when it signs, the Helmet managers and
the coordinators get one completion e-mail. Shown in the API, on the municipality and
consortium pages, in the completeness table and on the map."""

import re

import pytest
from django.core import mail
from lxml import html

from contracts.selectors import completeness_of_unit, unit_completeness
from contracts.services.agreements import _after_signature, agreement_countersign
from onboarding.models import Notification
from tests.contracts.conftest import fresh
from tests.factories import AgreementFactory, UserFactory

pytestmark = pytest.mark.django_db

HELMET = ["049", "091", "092", "235"]
KAUNIAINEN_EMAIL = "t-kauniainen@example.invalid"


def text_of(response, xpath: str) -> list[str]:
    assert response.status_code == 200, response.status_code
    tree = html.fromstring(response.content.decode())
    return [re.sub(r"\s+", " ", e.text_content()).strip() for e in tree.xpath(xpath)]


def mails_of(kind: str) -> dict[str, int]:
    """Recipient -> e-mails of this kind actually sent."""
    sent = {}
    subjects = set(Notification.objects.filter(kind=kind).values_list("subject", flat=True))
    for message in mail.outbox:
        if message.subject in subjects:
            for recipient in message.to:
                sent[recipient] = sent.get(recipient, 0) + 1
    return sent


@pytest.fixture
def kauniainen_manager(db):
    return UserFactory(manager=True, username="t-kauniainen", codes=("235",))


@pytest.fixture
def people(coordinator, helsinki_manager, helmet_manager, kauniainen_manager):
    """Everyone who should hear about Helmet: three managers and a coordinator."""
    return {
        "coordinator": coordinator,
        "helsinki": helsinki_manager,
        "helmet": helmet_manager,
        "kauniainen": kauniainen_manager,
    }


@pytest.fixture
def helmet_waiting_for_kauniainen(people, sign):
    """Helsinki, Espoo and Vantaa signed (Helmet's manager records them through the service,
    with its e-mails); Kauniainen sent. Sent directly: no documents."""
    agreements = {code: AgreementFactory(code=code, sent=True) for code in HELMET}
    for code in ("091", "049", "092"):
        agreements[code] = sign(agreements[code], people["helmet"])
    return agreements


def in_english(client):
    client.cookies["django_language"] = "en"
    return client


# --- Helmet --------------------------------------------------------------------------------


def test_helmet_with_three_signatures_waits_for_kauniainen(
    helmet_waiting_for_kauniainen, programme
):
    unit = completeness_of_unit(programme, "helmet")
    assert unit.is_consortium
    assert (unit.signed_count, unit.member_count) == (3, 4)
    assert unit.complete is False
    assert unit.blocking == ["235"]
    assert unit.blocking_names == ["Kauniainen"]


def test_the_consortium_api_says_helmet_is_incomplete_and_blocked_by_kauniainen(
    helmet_waiting_for_kauniainen, coordinator, helsinki_manager, api_for
):
    for user in (coordinator, helsinki_manager):
        response = api_for(user).get("/api/v1/consortia/helmet/", {"programme": "ekirjasto"})
        assert response.status_code == 200, response.content
        data = response.json()
        assert data["complete"] is False
        assert data["blocking"] == ["235"]
        assert data["signed_count"] == 3
        assert data["member_count"] == 4


def test_the_consortium_api_refuses_an_unknown_programme(coordinator, api_for):
    response = api_for(coordinator).get("/api/v1/consortia/helmet/", {"programme": "nope"})
    assert response.status_code == 400
    assert "programme" in response.json()


def test_kauniainen_s_manager_gets_one_last_to_sign_e_mail(helmet_waiting_for_kauniainen):
    last = Notification.objects.filter(kind="last_to_sign")
    # Every manager of Kauniainen: its own and Helmet's, each once; nobody else.
    assert sorted(last.values_list("recipient", flat=True)) == [
        "t-helmet@example.invalid",
        KAUNIAINEN_EMAIL,
    ]
    assert mails_of("last_to_sign") == {KAUNIAINEN_EMAIL: 1, "t-helmet@example.invalid": 1}
    subject = last.get(recipient=KAUNIAINEN_EMAIL).subject
    message = next(m for m in mail.outbox if m.subject == subject and m.to == [KAUNIAINEN_EMAIL])
    assert "Helmet" in message.subject
    assert "Kauniainen" in message.body
    assert not Notification.objects.filter(kind="unit_complete").exists()


def test_no_last_to_sign_e_mail_while_two_members_are_missing(people, sign, programme):
    agreements = {code: AgreementFactory(code=code, sent=True) for code in HELMET}
    sign(agreements["091"], people["helmet"])
    sign(agreements["049"], people["helmet"])
    assert completeness_of_unit(programme, "helmet").blocking == ["092", "235"]
    assert not Notification.objects.filter(kind__in=["last_to_sign", "unit_complete"]).exists()


def test_helmet_is_complete_when_kauniainen_signs_and_everyone_hears_once(
    helmet_waiting_for_kauniainen, people, sign, programme, api_for
):
    mail.outbox.clear()
    sign(helmet_waiting_for_kauniainen["235"], people["kauniainen"])

    unit = completeness_of_unit(programme, "helmet")
    assert unit.complete is True
    assert unit.blocking == []
    assert (unit.signed_count, unit.member_count) == (4, 4)
    data = (
        api_for(people["coordinator"])
        .get("/api/v1/consortia/helmet/", {"programme": "ekirjasto"})
        .json()
    )
    assert (data["complete"], data["blocking"], data["signed_count"]) == (True, [], 4)

    expected = {
        "t-coordinator@example.invalid": 1,
        "t-helsinki@example.invalid": 1,
        "t-helmet@example.invalid": 1,
        KAUNIAINEN_EMAIL: 1,
    }
    assert mails_of("unit_complete") == expected
    assert Notification.objects.filter(kind="unit_complete").count() == 4
    complete_mail = next(m for m in mail.outbox if m.to == ["t-coordinator@example.invalid"])
    assert "Helmet" in complete_mail.subject
    assert "4" in complete_mail.body

    # Signing-related events again: the completion step re-run, and the National Library
    # countersigning every member. Nothing new is sent about completeness.
    mail.outbox.clear()
    for code in HELMET:
        agreement = fresh(helmet_waiting_for_kauniainen[code])
        _after_signature(agreement)
        agreement_countersign(agreement=agreement, by=people["coordinator"])
    assert completeness_of_unit(programme, "helmet").complete is True  # in force counts
    assert Notification.objects.filter(kind="unit_complete").count() == 4
    assert Notification.objects.filter(kind="last_to_sign").count() == 2
    assert mails_of("unit_complete") == {}
    assert mails_of("last_to_sign") == {}


def test_a_single_library_municipality_is_complete_once_it_signs_without_consortium_e_mails(
    sign, coordinator, programme
):
    UserFactory(manager=True, username="t-vaasa", codes=("905",))
    unit = completeness_of_unit(programme, "905")
    assert unit.is_consortium is False
    assert unit.complete is False
    assert unit.blocking == ["905"]
    sign(AgreementFactory(code="905", sent=True), coordinator)
    unit = completeness_of_unit(programme, "905")
    assert unit.complete is True
    assert (unit.signed_count, unit.member_count) == (1, 1)
    assert not Notification.objects.filter(kind__in=["last_to_sign", "unit_complete"]).exists()


def test_a_declined_or_withdrawn_member_still_blocks(people, sign, programme):
    from contracts.services.agreements import agreement_decline

    for code in ("091", "049", "092"):
        sign(AgreementFactory(code=code, sent=True), people["helmet"])
    kauniainen = AgreementFactory(code="235", sent=True)
    agreement_decline(agreement=kauniainen, by=people["kauniainen"], reason="Ei rahaa")
    unit = completeness_of_unit(programme, "helmet")
    assert unit.complete is False
    assert unit.blocking == ["235"]


def test_the_launch_cohort_of_units_needs_every_member_in_the_cohort(people, sign, programme):
    import datetime

    for code in HELMET:
        agreement = AgreementFactory(code=code, sent=True, sent_on=datetime.date(2024, 1, 15))
        day = datetime.date(2024, 3, 20) if code == "235" else datetime.date(2024, 3, 1)
        sign(agreement, people["helmet"], signed_on=day)
    unit = completeness_of_unit(programme, "helmet")
    assert unit.complete is True
    assert unit.launch_cohort is False  # Kauniainen signed after 15.3.2024
    assert sorted(unit.signed_in_cohort) == ["049", "091", "092"]


# --- pages and the map ---------------------------------------------------------------------


def test_helsinki_s_page_says_3_of_4_signed_waiting_for_kauniainen(
    helmet_waiting_for_kauniainen, helsinki_manager, client_for
):
    client = in_english(client_for(helsinki_manager))
    shown = text_of(client.get("/municipalities/091/"), "//span[@class='unit-completeness']")
    assert shown == ["Helmet: 3 of 4 signed, waiting for Kauniainen"]


def test_the_helmet_page_says_3_of_4_signed_waiting_for_kauniainen(
    helmet_waiting_for_kauniainen, coordinator, client_for
):
    client = in_english(client_for(coordinator))
    response = client.get("/consortia/helmet/")
    shown = text_of(response, "//p[contains(@class, 'unit-completeness')]")
    assert shown == ["E-library: 3 of 4 signed, waiting for Kauniainen"]
    statuses = dict(
        zip(
            text_of(response, "//table//tbody/tr/td[1]"),
            text_of(response, "//table//tbody/tr/td[5]"),
            strict=True,
        )
    )
    assert statuses == {"049": "Signed", "091": "Signed", "092": "Signed", "235": "Sent"}


def test_the_helmet_page_says_complete_after_kauniainen_signs(
    helmet_waiting_for_kauniainen, people, sign, client_for
):
    sign(helmet_waiting_for_kauniainen["235"], people["kauniainen"])
    client = in_english(client_for(people["helsinki"]))
    shown = text_of(client.get("/consortia/helmet/"), "//p[contains(@class, 'unit-completeness')]")
    assert len(shown) == 1
    assert shown[0].startswith("E-library: 4 of 4 signed")
    assert "waiting" not in shown[0]


def test_the_completeness_table_lists_helmet_among_the_incomplete(
    helmet_waiting_for_kauniainen, coordinator, client_for
):
    client = in_english(client_for(coordinator))
    response = client.get("/agreements/units/", {"state": "incomplete"})
    rows = html.fromstring(response.content.decode()).xpath("//tr[@data-unit]")
    keys = [row.get("data-unit") for row in rows]
    assert "helmet" in keys
    assert len(keys) == 28  # every consortium: none is complete
    helmet = rows[keys.index("helmet")]
    cells = [" ".join(td.text_content().split()) for td in helmet.xpath("td")]
    assert cells == ["Helmet", "3 / 4", "no", "Kauniainen"]
    complete = client.get("/agreements/units/", {"state": "complete"})
    assert text_of(complete, "//tr[@data-unit]") == []


def test_the_completeness_table_lists_helmet_as_complete_when_all_signed(
    helmet_waiting_for_kauniainen, people, sign, client_for
):
    sign(helmet_waiting_for_kauniainen["235"], people["kauniainen"])
    client = in_english(client_for(people["coordinator"]))
    response = client.get("/agreements/units/", {"state": "complete"})
    tree = html.fromstring(response.content.decode())
    assert [row.get("data-unit") for row in tree.xpath("//tr[@data-unit]")] == ["helmet"]
    incomplete = client.get("/agreements/units/", {"state": "incomplete"})
    keys = [r.get("data-unit") for r in html.fromstring(incomplete.content).xpath("//tr")]
    assert "helmet" not in keys


def test_a_manager_sees_only_the_units_of_their_municipalities(
    helmet_waiting_for_kauniainen, helsinki_manager, client_for
):
    response = client_for(helsinki_manager).get("/agreements/units/", {"kind": "all"})
    tree = html.fromstring(response.content.decode())
    assert [row.get("data-unit") for row in tree.xpath("//tr[@data-unit]")] == ["helmet"]


def test_the_map_colours_municipalities_by_completeness(
    helmet_waiting_for_kauniainen, coordinator, client_for
):
    AgreementFactory(code="905", signed=True)  # Vaasa: its own unit, complete
    client = in_english(client_for(coordinator))
    response = client.get("/map/", {"colour": "completeness"})
    tree = html.fromstring(response.content.decode())
    legend = [
        " ".join(li.text_content().split())
        for li in tree.xpath("//ul[contains(@class, 'legend')]/li")
    ]
    # 307 municipalities wait; Pertunmaa (588) merged into Mäntyharju and is in no unit.
    assert legend == [
        "All members signed (1)",
        "Waiting for members (307)",
        "Not in any connection unit (1)",
    ]
    fill = {a.get("data-code"): a.xpath("path/@fill")[0] for a in tree.xpath("//svg//a")}
    assert fill["905"] != fill["091"]
    assert {fill[code] for code in HELMET} == {fill["091"]}


def test_the_map_colours_municipalities_by_agreement_status(
    helmet_waiting_for_kauniainen, coordinator, client_for
):
    client = in_english(client_for(coordinator))
    tree = html.fromstring(client.get("/map/", {"colour": "agreement"}).content.decode())
    legend = [
        " ".join(li.text_content().split())
        for li in tree.xpath("//ul[contains(@class, 'legend')]/li")
    ]
    assert legend == ["No agreement (305)", "Sent (1)", "Signed (3)"]


def test_unit_completeness_covers_every_unit_once(programme):
    units = unit_completeness(programme)
    codes = [code for unit in units for code, _name in unit.members]
    assert len(codes) == len(set(codes)) == 308  # every municipality valid today
    assert sum(unit.is_consortium for unit in units) == 28
