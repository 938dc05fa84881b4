"""The agreement's life: draft -> sent -> signed -> in force -> terminated, declined and
withdrawn; the guards that say in words why a change is not possible; who may do what; the
log of every transition; immutable evidence; the launch cohort; the e-mails of each step."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from lxml import html

from contracts.models import Agreement, AgreementStatus, SignatureEvidence
from contracts.services.agreements import (
    Conflict,
    agreement_countersign,
    agreement_create,
    agreement_decline,
    agreement_record_signature,
    agreement_send,
    agreement_terminate,
    agreement_withdraw,
)
from onboarding.models import Municipality, Notification
from onboarding.services.audit import transitions_of
from tests.contracts.conftest import backdate_sending, fresh

# Messages are asserted in English, the source language.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate


def timeline(agreement) -> list[tuple[str, str, str, str | None, str]]:
    return [
        (t.transition, t.from_state, t.to_state, t.by.username if t.by else None, t.reason)
        for t in transitions_of(agreement).order_by("at", "pk")
    ]


def evidence_fields(signed_pdf, **changes) -> dict:
    return {
        "data": signed_pdf,
        "filename": "signed.pdf",
        "signer_name": "Anna Allekirjoittaja",
        "signer_title": "Kaupunginjohtaja",
        "signed_on": TODAY(),
        "authority": "Kaupunginhallitus 12.2.2024 § 34",
        **changes,
    }


# --- the whole life ------------------------------------------------------------------------


def test_an_agreement_goes_from_draft_to_in_force_and_is_terminated(
    agreement_for, coordinator, helsinki_manager, sign, django_capture_on_commit_callbacks
):
    agreement = agreement_for("091")
    assert agreement.status == AgreementStatus.DRAFT
    assert agreement.template.version == 2  # sent in the newest template version
    with django_capture_on_commit_callbacks(execute=True):
        agreement = agreement_send(agreement=agreement, by=coordinator)
    assert agreement.status == AgreementStatus.SENT
    assert agreement.sent_on == TODAY()

    agreement = sign(agreement, helsinki_manager)
    assert agreement.status == AgreementStatus.SIGNED
    assert agreement.signed_on == TODAY()

    with django_capture_on_commit_callbacks(execute=True):
        agreement = agreement_countersign(agreement=agreement, by=coordinator)
    assert agreement.status == AgreementStatus.IN_FORCE
    assert agreement.in_force_on == TODAY()
    assert agreement.is_in_force_on(TODAY())

    end = TODAY() + datetime.timedelta(days=180)
    agreement = agreement_terminate(
        agreement=agreement, by=coordinator, end_date=end, reason="Kuntaliitos"
    )
    stored = fresh(agreement)
    assert stored.status == AgreementStatus.TERMINATED
    assert stored.end_date == end
    assert stored.reason == "Kuntaliitos"
    assert stored.is_in_force_on(end)
    assert not stored.is_in_force_on(end + datetime.timedelta(days=1))

    assert timeline(stored) == [
        ("send", "draft", "sent", "t-coordinator", ""),
        (
            "sign",
            "sent",
            "signed",
            "t-helsinki",
            "signed by Anna Allekirjoittaja, Kaupunginjohtaja",
        ),
        ("countersign", "signed", "in_force", "t-coordinator", ""),
        ("terminate", "in_force", "terminated", "t-coordinator", "Kuntaliitos"),
    ]


def test_each_log_row_has_a_time(signed_for):
    rows = list(transitions_of(signed_for("091")))
    assert [row.transition for row in rows] == ["send", "sign"]
    for row in rows:
        assert abs(timezone.now() - row.at) < datetime.timedelta(minutes=5)


def test_creating_an_agreement_twice_gives_the_same_draft(agreement_for):
    assert agreement_for("091").pk == agreement_for("091").pk
    assert Agreement.objects.filter(municipality__code="091").count() == 1


def test_the_timeline_shows_on_the_agreement_page(signed_for, helsinki_manager, client_for):
    agreement = signed_for("091")
    page = client_for(helsinki_manager).get(f"/agreements/{agreement.pk}/")
    assert page.status_code == 200
    items = [
        " ".join(li.text_content().split())
        for li in html.fromstring(page.content.decode()).xpath("//ol[@id='timeline']/li")
    ]
    assert len(items) == 2
    # The states by their names in the page's language (Finnish), never their codes.
    assert "t-coordinator: Luonnos → Lähetetty" in items[0]
    assert "t-coordinator: Lähetetty → Allekirjoitettu (" in items[1]
    assert "Anna Allekirjoittaja" in items[1]


# --- declined and withdrawn ----------------------------------------------------------------


def test_a_draft_cannot_be_declined_it_has_not_reached_the_municipality(
    agreement_for, helsinki_manager, client_for
):
    agreement = agreement_for("091")
    with pytest.raises(Conflict):
        agreement_decline(agreement=agreement, by=helsinki_manager, reason="Ei")
    page = client_for(helsinki_manager).get(f"/agreements/{agreement.pk}/").content.decode()
    assert "decline-reason" not in page
    assert fresh(agreement).status == AgreementStatus.DRAFT


def test_the_manager_declines_with_a_reason(sent_for, helsinki_manager):
    agreement = sent_for("091")
    before = agreement.status
    declined = agreement_decline(
        agreement=agreement, by=helsinki_manager, reason="  Valtuusto ei hyväksynyt  "
    )
    assert declined.status == AgreementStatus.DECLINED
    assert fresh(declined).reason == "Valtuusto ei hyväksynyt"
    assert timeline(declined)[-1] == (
        "decline",
        before,
        "declined",
        "t-helsinki",
        "Valtuusto ei hyväksynyt",
    )


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_declining_without_a_reason_is_refused(reason, sent_for, helsinki_manager):
    agreement = sent_for("091")
    with pytest.raises(ValidationError) as error:
        agreement_decline(agreement=agreement, by=helsinki_manager, reason=reason)
    assert error.value.message_dict == {"reason": ["Give a reason for declining."]}
    assert fresh(agreement).status == AgreementStatus.SENT
    assert [t[0] for t in timeline(agreement)] == ["send"]


@pytest.mark.parametrize("sent", [False, True], ids=["draft", "sent"])
def test_a_coordinator_withdraws(sent, agreement_for, sent_for, coordinator):
    agreement = sent_for("091") if sent else agreement_for("091")
    before = agreement.status
    withdrawn = agreement_withdraw(agreement=agreement, by=coordinator, reason="Väärä malli")
    assert withdrawn.status == AgreementStatus.WITHDRAWN
    assert timeline(withdrawn)[-1] == (
        "withdraw",
        before,
        "withdrawn",
        "t-coordinator",
        "Väärä malli",
    )


# --- blocked transitions say why -----------------------------------------------------------


def test_signing_a_withdrawn_agreement_is_refused_in_words(
    sent_for, coordinator, helsinki_manager, signed_pdf
):
    agreement = agreement_withdraw(agreement=sent_for("091"), by=coordinator)
    with pytest.raises(Conflict) as error:
        agreement_record_signature(
            agreement=agreement, by=helsinki_manager, **evidence_fields(signed_pdf)
        )
    message = " ".join(error.value.messages)
    assert "Helsinki" in message
    assert "withdrawn" in message
    assert "possible only when it is sent" in message
    assert fresh(agreement).status == AgreementStatus.WITHDRAWN
    assert not SignatureEvidence.objects.filter(agreement=agreement).exists()


def test_countersigning_an_unsigned_agreement_is_refused_in_words(sent_for, coordinator):
    agreement = sent_for("091")
    with pytest.raises(Conflict) as error:
        agreement_countersign(agreement=agreement, by=coordinator)
    message = " ".join(error.value.messages)
    assert "is sent, so it cannot be countersigned" in message
    assert "only when it is signed by the municipality" in message
    assert fresh(agreement).status == AgreementStatus.SENT
    assert fresh(agreement).in_force_on is None


def test_terminating_a_draft_is_refused_in_words(agreement_for, coordinator):
    agreement = agreement_for("091")
    with pytest.raises(Conflict) as error:
        agreement_terminate(agreement=agreement, by=coordinator, end_date=TODAY())
    assert "is draft, so it cannot be terminated" in " ".join(error.value.messages)
    assert "only when it is in force" in " ".join(error.value.messages)
    assert fresh(agreement).end_date is None


@pytest.mark.parametrize(
    "state, action, words",
    [
        ("sent", "send", "cannot be sent"),
        ("signed", "send", "cannot be sent"),
        ("draft", "sign", "cannot be signed"),
        ("signed", "sign", "cannot be signed"),
        ("declined", "sign", "cannot be signed"),
        ("signed", "decline", "cannot be declined"),
        ("signed", "withdraw", "cannot be withdrawn"),
        ("in_force", "withdraw", "cannot be withdrawn"),
        ("in_force", "countersign", "cannot be countersigned"),
        ("withdrawn", "countersign", "cannot be countersigned"),
        ("signed", "terminate", "cannot be terminated"),
    ],
)
def test_every_blocked_transition_says_why_and_changes_nothing(
    state, action, words, agreement_for, coordinator, helsinki_manager, sign, signed_pdf
):
    agreement = agreement_for("091")
    if state != "draft":
        agreement = agreement_send(agreement=agreement, by=coordinator)
    if state in ("signed", "in_force"):
        agreement = sign(agreement, coordinator)
    if state == "in_force":
        agreement = agreement_countersign(agreement=agreement, by=coordinator)
    if state == "declined":
        agreement = agreement_decline(agreement=agreement, by=helsinki_manager, reason="Ei")
    if state == "withdrawn":
        agreement = agreement_withdraw(agreement=agreement, by=coordinator)
    assert agreement.status == state
    logged = timeline(agreement)
    calls = {
        "send": lambda: agreement_send(agreement=agreement, by=coordinator),
        "sign": lambda: agreement_record_signature(
            agreement=agreement, by=coordinator, **evidence_fields(signed_pdf)
        ),
        "decline": lambda: agreement_decline(agreement=agreement, by=coordinator, reason="Ei"),
        "withdraw": lambda: agreement_withdraw(agreement=agreement, by=coordinator),
        "countersign": lambda: agreement_countersign(agreement=agreement, by=coordinator),
        "terminate": lambda: agreement_terminate(
            agreement=agreement, by=coordinator, end_date=TODAY() + datetime.timedelta(days=1)
        ),
    }
    with pytest.raises(Conflict) as error:
        calls[action]()
    assert words in " ".join(error.value.messages)
    assert "Helsinki" in " ".join(error.value.messages)
    assert fresh(agreement).status == state
    assert timeline(agreement) == logged


def test_countersigning_before_the_municipality_signed_is_refused(signed_for, coordinator):
    agreement = signed_for("091")
    with pytest.raises(ValidationError) as error:
        agreement_countersign(
            agreement=agreement, by=coordinator, on=TODAY() - datetime.timedelta(days=1)
        )
    assert "before the municipality signed" in error.value.message_dict["on"][0]
    assert fresh(agreement).status == AgreementStatus.SIGNED


def test_terminating_needs_an_end_date_not_before_coming_into_force(in_force_for, coordinator):
    agreement = in_force_for("091")
    with pytest.raises(ValidationError) as error:
        agreement_terminate(agreement=agreement, by=coordinator, end_date=None)
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        agreement_terminate(
            agreement=agreement, by=coordinator, end_date=TODAY() - datetime.timedelta(days=1)
        )
    assert "before the agreement came into force" in error.value.message_dict["end_date"][0]
    assert fresh(agreement).status == AgreementStatus.IN_FORCE


def test_a_blocked_action_on_the_page_shows_the_reason(sent_for, coordinator, client_for):
    agreement = sent_for("091")
    client = client_for(coordinator)
    client.cookies["django_language"] = "en"
    response = client.post(f"/agreements/{agreement.pk}/do/countersign/", {"confirm": "on"})
    assert response.status_code == 400  # the page again, saying why
    assert "cannot be countersigned" in response.content.decode()
    assert fresh(agreement).status == AgreementStatus.SENT


# --- who may do what -----------------------------------------------------------------------


def test_a_manager_cannot_send_countersign_withdraw_or_terminate(
    agreement_for, signed_for, in_force_for, helmet_manager
):
    draft = agreement_for("049")
    signed = signed_for("092")
    in_force = in_force_for("091")
    attempts = [
        lambda: agreement_send(agreement=draft, by=helmet_manager),
        lambda: agreement_withdraw(agreement=draft, by=helmet_manager),
        lambda: agreement_countersign(agreement=signed, by=helmet_manager),
        lambda: agreement_terminate(agreement=in_force, by=helmet_manager, end_date=TODAY()),
        lambda: agreement_create(
            programme=draft.programme,
            municipality=Municipality.objects.get(code="235"),
            by=helmet_manager,
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied, match="Only coordinators"):
            attempt()
    assert fresh(draft).status == AgreementStatus.DRAFT
    assert fresh(signed).status == AgreementStatus.SIGNED
    assert fresh(in_force).status == AgreementStatus.IN_FORCE
    assert not Agreement.objects.filter(municipality__code="235").exists()


def test_a_manager_of_another_municipality_cannot_sign_or_decline(
    sent_for, helsinki_manager, signed_pdf
):
    espoo = sent_for("049")
    with pytest.raises(PermissionDenied):
        agreement_record_signature(
            agreement=espoo, by=helsinki_manager, **evidence_fields(signed_pdf)
        )
    with pytest.raises(PermissionDenied):
        agreement_decline(agreement=espoo, by=helsinki_manager, reason="Ei")
    assert fresh(espoo).status == AgreementStatus.SENT
    assert not SignatureEvidence.objects.filter(agreement=espoo).exists()


def test_finance_can_change_nothing(agreement_for, sent_for, signed_for, finance, signed_pdf):
    draft = agreement_for("049")
    sent = sent_for("092")
    signed = signed_for("091")
    attempts = [
        lambda: agreement_send(agreement=draft, by=finance),
        lambda: agreement_withdraw(agreement=draft, by=finance),
        lambda: agreement_decline(agreement=sent, by=finance, reason="Ei"),
        lambda: agreement_record_signature(
            agreement=sent, by=finance, **evidence_fields(signed_pdf)
        ),
        lambda: agreement_countersign(agreement=signed, by=finance),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    assert [fresh(a).status for a in (draft, sent, signed)] == ["draft", "sent", "signed"]


def test_a_manager_cannot_act_through_the_page_on_another_municipality(
    sent_for, helsinki_manager, client_for
):
    espoo = sent_for("049")
    client = client_for(helsinki_manager)
    for action in ("decline", "withdraw", "send", "countersign"):
        response = client.post(f"/agreements/{espoo.pk}/do/{action}/", {"reason": "Ei"})
        assert response.status_code == 404
    assert client.get(f"/agreements/{espoo.pk}/").status_code == 404
    assert fresh(espoo).status == AgreementStatus.SENT


def test_a_manager_signing_records_it_as_the_municipality(sent_for, sign, helmet_manager):
    agreement = sign(sent_for("049"), helmet_manager)
    evidence = agreement.evidence
    assert evidence.recorded_by == helmet_manager
    assert evidence.recorded_on_behalf is False


def test_a_coordinator_recording_the_signature_does_it_on_the_municipality_s_behalf(
    signed_for, coordinator, client_for
):
    agreement = signed_for("091")
    evidence = SignatureEvidence.objects.get(agreement=agreement)
    assert evidence.recorded_by == coordinator
    assert evidence.recorded_on_behalf is True
    client = client_for(coordinator)
    client.cookies["django_language"] = "en"
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert "on the municipality's behalf" in page


# --- evidence is immutable -----------------------------------------------------------------


def test_saving_existing_evidence_raises_and_the_record_stays(signed_for):
    agreement = signed_for("091")
    evidence = SignatureEvidence.objects.get(agreement=agreement)
    evidence.signer_name = "Joku Muu"
    with pytest.raises(ValueError, match="immutable"):
        evidence.save()
    assert SignatureEvidence.objects.get(agreement=agreement).signer_name == "Anna Allekirjoittaja"


def test_an_agreement_has_at_most_one_evidence(signed_for, sign, coordinator):
    agreement = signed_for("091")
    with pytest.raises(Conflict):
        sign(agreement, coordinator, signer_name="Toinen")
    assert SignatureEvidence.objects.filter(agreement=agreement).count() == 1


# --- the launch cohort ---------------------------------------------------------------------


def test_signed_on_the_deadline_is_in_the_launch_cohort(sent_for, sign, coordinator, api_for):
    agreement = backdate_sending(sent_for("091"), datetime.date(2024, 1, 15))
    agreement = sign(agreement, coordinator, signed_on=datetime.date(2024, 3, 15))
    assert fresh(agreement).launch_cohort is True
    data = api_for(coordinator).get(f"/api/v1/agreements/{agreement.pk}/").json()
    assert data["launch_cohort"] is True
    assert data["signed_on"] == "2024-03-15"


def test_signed_the_day_after_the_deadline_is_not_in_the_launch_cohort(
    sent_for, sign, coordinator, api_for
):
    agreement = backdate_sending(sent_for("091"), datetime.date(2024, 1, 15))
    agreement = sign(agreement, coordinator, signed_on=datetime.date(2024, 3, 16))
    assert fresh(agreement).launch_cohort is False
    data = api_for(coordinator).get(f"/api/v1/agreements/{agreement.pk}/").json()
    assert data["launch_cohort"] is False


def test_an_unsigned_agreement_is_not_in_the_launch_cohort(sent_for):
    assert sent_for("091").launch_cohort is False


# --- e-mails -------------------------------------------------------------------------------


def test_sending_e_mails_the_managers_once_in_the_municipality_language(
    agreement_for, coordinator, narpes_manager, django_capture_on_commit_callbacks
):
    agreement = agreement_for("545")
    with django_capture_on_commit_callbacks(execute=True):
        agreement_send(agreement=agreement, by=coordinator)
    assert [m.to for m in mail.outbox] == [["t-narpes@example.invalid"]]
    assert "Närpes" in mail.outbox[0].body
    assert f"/agreements/{agreement.pk}/" in mail.outbox[0].body
    notification = Notification.objects.get(kind="agreement_sent")
    assert notification.language == "sv"
    assert notification.object_id == agreement.pk


def test_countersigning_tells_the_municipality_the_agreement_is_in_force(
    signed_for, coordinator, helsinki_manager, django_capture_on_commit_callbacks
):
    agreement = signed_for("091")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        agreement_countersign(agreement=agreement, by=coordinator)
    assert [m.to for m in mail.outbox] == [["t-helsinki@example.invalid"]]
    assert Notification.objects.filter(kind="agreement_in_force").count() == 1
