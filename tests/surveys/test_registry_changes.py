"""What a municipality answered in its pre-join survey flows on into the registry as a
change a coordinator reviews: accepting proposes exactly the differences, applying some or
all changes the registry with the survey as the history's reason, a value the registry
refuses applies nothing and is named where the coordinator acted, and only coordinators
decide."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from lxml import html

from onboarding.errors import Conflict
from onboarding.models import Contact, Municipality
from onboarding.services.registry import contact_save, municipality_update_details
from surveys import selectors
from surveys.models import RegistryChange, RegistryChangeItem, Response
from surveys.services import (
    registry_change_apply,
    registry_change_dismiss,
    response_accept,
    response_reopen,
    response_submit,
)
from tests.surveys.conftest import pre_join_answers

pytestmark = pytest.mark.django_db

HELSINKI_CONTACTS = {
    "agreement_contact": {
        "name": "Sanna Sopimus",
        "email": "sanna.sopimus@hel.example",
        "phone": "+358 9 310 1234",
    },
    "technical_contact": {
        "name": "Teemu Tekninen",
        "email": "teemu.tekninen@hel.example",
        "phone": "",
    },
    "invoicing_contact": {
        "name": "Laura Laskutus",
        "email": "laura.laskutus@hel.example",
        "phone": "",
    },
}


def helsinki() -> Municipality:
    return Municipality.objects.get(code="091")


def accepted(user, questionnaire, coordinator, code="091", **changes) -> Response:
    """The municipality's pre-join response, submitted by `user` and accepted."""
    response, _respondent = selectors.response_for_municipality(user, questionnaire, code)
    response = response_submit(response=response, by=user, answers=pre_join_answers(**changes))
    return response_accept(response=response, by=coordinator)


def proposal_of(response) -> RegistryChange:
    return RegistryChange.objects.filter(response=response).latest("accepted_at", "pk")


def items_of(proposal) -> dict:
    return {i.field: (i.old, i.new) for i in proposal.items.all()}


@pytest.fixture
def helsinki_proposal(pre_join, helsinki_manager, coordinator) -> RegistryChange:
    return proposal_of(accepted(helsinki_manager, pre_join, coordinator))


def page_tree(page):
    return html.fromstring(page.content.decode())


# --- accepting proposes ------------------------------------------------------------------


def test_accepting_a_pre_join_response_proposes_exactly_the_fields_that_differ(
    pre_join, helsinki_manager, coordinator
):
    municipality_update_details(
        municipality=helsinki(), by=coordinator, signatory_title="Kaupunginjohtaja"
    )
    response = accepted(helsinki_manager, pre_join, coordinator)
    proposal = proposal_of(response)
    assert proposal.status == "open"
    assert proposal.municipality.code == "091"
    assert proposal.questionnaire == pre_join
    assert proposal.accepted_by == coordinator
    assert proposal.submission == response.submissions.get()
    # The business ID (0201256-6, from the reference data) and the signatory's title are
    # already in the registry: equal values are not proposed, nor is the desired start.
    assert items_of(proposal) == {
        "einvoice_address": ("", "003702012566"),
        "einvoice_operator": ("", "Basware BAWCFI22"),
        "signatory_name": ("", "Anna Allekirjoittaja"),
        "decision_body": ("", "Kaupunginhallitus"),
        "agreement_contact": (None, HELSINKI_CONTACTS["agreement_contact"]),
        "technical_contact": (None, HELSINKI_CONTACTS["technical_contact"]),
        "invoicing_contact": (None, HELSINKI_CONTACTS["invoicing_contact"]),
    }
    # Proposing changes nothing in the registry.
    assert helsinki().signatory_name == ""
    assert not helsinki().contacts.exists()


def test_an_answer_written_differently_but_equal_in_the_registry_is_not_proposed(
    pre_join, helsinki_manager, coordinator
):
    municipality_update_details(
        municipality=helsinki(), by=coordinator, einvoice_address="003702012566"
    )
    contact_save(
        contact=Contact(
            municipality=helsinki(),
            kind="technical",
            **{"name": "Teemu Tekninen", "email": "teemu.tekninen@hel.example", "phone": "09 1"},
        ),
        by=coordinator,
    )
    proposal = proposal_of(
        accepted(helsinki_manager, pre_join, coordinator, einvoice_address="0037 0201 2566")
    )
    fields = items_of(proposal)
    assert "einvoice_address" not in fields
    # An unanswered phone keeps the registry's: the technical contact is the same person.
    assert "technical_contact" not in fields


def test_accepting_answers_that_agree_with_the_registry_proposes_nothing(
    pre_join, helsinki_manager, coordinator, client_for
):
    first = proposal_of(accepted(helsinki_manager, pre_join, coordinator))
    registry_change_apply(proposal=first, fields=list(items_of(first)), by=coordinator)
    response = response_reopen(response=first.response, by=coordinator, reason="Tarkista")
    response = response_submit(response=response, by=helsinki_manager)
    response_accept(response=response, by=coordinator)
    assert RegistryChange.objects.filter(response=response).count() == 1
    page = client_for(coordinator).get(f"/surveys/responses/{response.pk}/")
    assert page_tree(page).xpath("//*[@id='registry-change-none']")


def test_a_response_accepted_again_after_a_reopen_supersedes_the_open_proposal(
    pre_join, helsinki_manager, coordinator
):
    first = proposal_of(accepted(helsinki_manager, pre_join, coordinator))
    response = response_reopen(response=first.response, by=coordinator, reason="Nimi väärin")
    response = response_submit(
        response=response,
        by=helsinki_manager,
        answers=pre_join_answers(signatory_name="Anna Allekirjoittaja-Virtanen"),
    )
    response_accept(response=response, by=coordinator)
    second = proposal_of(response)
    first = RegistryChange.objects.get(pk=first.pk)
    assert first.status == "superseded"
    assert first.superseded_by == second
    assert second.status == "open"
    assert items_of(second)["signatory_name"] == ("", "Anna Allekirjoittaja-Virtanen")
    assert second.submission.number == 2
    with pytest.raises(Conflict):
        registry_change_apply(proposal=first, fields=["signatory_name"], by=coordinator)


def test_accepting_fails_whole_when_its_proposal_cannot_be_made(
    pre_join, helsinki_manager, coordinator, monkeypatch
):
    response, _respondent = selectors.response_for_municipality(helsinki_manager, pre_join, "091")
    response = response_submit(response=response, by=helsinki_manager, answers=pre_join_answers())

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(RegistryChangeItem.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        response_accept(response=response, by=coordinator)
    assert Response.objects.get(pk=response.pk).status == "submitted"
    assert not RegistryChange.objects.filter(response=response).exists()


def test_a_cost_survey_proposes_nothing(cost, helmet_manager, coordinator, complete_cost_answers):
    response, _respondent = selectors.response_for_municipality(helmet_manager, cost, "049")
    response = response_submit(
        response=response, by=helmet_manager, answers=complete_cost_answers()
    )
    response_accept(response=response, by=coordinator)
    assert not RegistryChange.objects.exists()


# --- applying ----------------------------------------------------------------------------


def test_applying_some_fields_changes_those_and_leaves_the_rest(helsinki_proposal, coordinator):
    with translation.override("en"):
        done = registry_change_apply(
            proposal=helsinki_proposal,
            fields=["signatory_name", "decision_body", "agreement_contact"],
            by=coordinator,
        )
    assert done.status == "partly_applied"
    assert done.decided_by == coordinator and done.decided_at is not None
    municipality = helsinki()
    assert municipality.signatory_name == "Anna Allekirjoittaja"
    assert municipality.decision_body == "Kaupunginhallitus"
    assert municipality.einvoice_address == ""  # not chosen
    assert municipality.einvoice_operator == ""
    [contact] = municipality.contacts.all()
    assert (contact.kind, contact.name, contact.email, contact.phone) == (
        "agreement",
        "Sanna Sopimus",
        "sanna.sopimus@hel.example",
        "+358 9 310 1234",
    )
    applied = {i.field for i in done.items.all() if i.applied}
    assert applied == {"signatory_name", "decision_body", "agreement_contact"}
    # One history row with both details, whose reason names the survey, version and day.
    latest = municipality.history.latest("history_date", "history_id")
    changed = {c.field for c in latest.diff_against(latest.prev_record).changes}
    assert changed == {"signatory_name", "decision_body"}
    assert latest.history_user == coordinator
    assert latest.history_change_reason.startswith(
        "E-library pre-join survey v1, response accepted"
    )
    assert len(latest.history_change_reason) <= 100


def test_the_history_reason_is_shown_on_the_municipality_page(
    helsinki_proposal, coordinator, client_for
):
    registry_change_apply(proposal=helsinki_proposal, fields=["signatory_name"], by=coordinator)
    page = client_for(coordinator).get("/municipalities/091/")
    assert "E-kirjaston liittymiskysely v1, vastaus hyväksytty" in page.content.decode()


def test_applying_every_field_applies_the_proposal(helsinki_proposal, coordinator):
    fields = list(items_of(helsinki_proposal))
    done = registry_change_apply(proposal=helsinki_proposal, fields=fields, by=coordinator)
    assert done.status == "applied"
    municipality = helsinki()
    assert municipality.einvoice_address == "003702012566"
    assert municipality.einvoice_operator == "Basware BAWCFI22"
    assert {c.kind: c.email for c in municipality.contacts.all()} == {
        kind.removesuffix("_contact"): value["email"] for kind, value in HELSINKI_CONTACTS.items()
    }


def test_applying_a_contact_updates_the_registrys_contact_of_that_kind(
    pre_join, helsinki_manager, coordinator
):
    contact_save(
        contact=Contact(
            municipality=helsinki(),
            kind="agreement",
            name="Vanha Nimi",
            title="Kirjastotoimenjohtaja",
            email="vanha@hel.example",
            phone="09 2",
        ),
        by=coordinator,
    )
    proposal = proposal_of(accepted(helsinki_manager, pre_join, coordinator))
    assert items_of(proposal)["agreement_contact"][0] == {
        "name": "Vanha Nimi",
        "email": "vanha@hel.example",
        "phone": "09 2",
    }
    registry_change_apply(proposal=proposal, fields=["agreement_contact"], by=coordinator)
    [contact] = helsinki().contacts.filter(kind="agreement")
    assert (contact.name, contact.email, contact.title) == (
        "Sanna Sopimus",
        "sanna.sopimus@hel.example",
        "Kirjastotoimenjohtaja",  # the survey does not ask for it: kept
    )


@pytest.mark.parametrize(
    ("field", "answer", "stored", "words"),
    [
        ("business_id", "0201256-7", "0201256-7", "check digit"),
        ("einvoice_address", "FI0012345", "FI0012345", "OVT"),
        ("agreement_contact_email", "sanna(at)hel", "sanna(at)hel", "e-mail"),
    ],
)
def test_a_value_the_registry_refuses_applies_nothing_and_names_the_field_and_value(
    pre_join, helsinki_manager, coordinator, field, answer, stored, words
):
    """The survey checks these too; an answer that got past it (an older version without
    the check, an import) meets the registry's own validation."""
    response = accepted(helsinki_manager, pre_join, coordinator)
    Response.objects.filter(pk=response.pk).update(
        answers={**response.answers, field: answer}, status="submitted"
    )
    proposal = proposal_of(
        response_accept(response=Response.objects.get(pk=response.pk), by=coordinator)
    )
    target = field if not field.startswith("agreement_contact") else "agreement_contact"
    before = Municipality.objects.filter(pk=helsinki().pk).values().get()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        registry_change_apply(
            proposal=proposal,
            fields=[target, "signatory_name", "technical_contact"],
            by=coordinator,
        )
    messages = error.value.message_dict
    assert list(messages) == [target]
    [message] = messages[target]
    assert stored in message and words in message
    label = {"business_id": "Business ID", "einvoice_address": "E-invoice address"}.get(
        target, "Contact person for the agreement, e-mail"
    )
    assert message.startswith(label)
    # Nothing half applied: the registry, its contacts and the proposal are as they were.
    assert Municipality.objects.filter(pk=helsinki().pk).values().get() == before
    assert not helsinki().contacts.exists()
    proposal = RegistryChange.objects.get(pk=proposal.pk)
    assert proposal.status == "open"
    assert not proposal.items.filter(applied=True).exists()


def test_choosing_nothing_or_an_unknown_field_is_refused(helsinki_proposal, coordinator):
    for fields in ([], ["street_address"], "signatory_name"):
        with pytest.raises(ValidationError) as error:
            registry_change_apply(proposal=helsinki_proposal, fields=fields, by=coordinator)
        assert "fields" in error.value.message_dict
    assert helsinki().signatory_name == ""


def test_a_dismissed_proposal_cannot_be_applied(helsinki_proposal, coordinator):
    registry_change_dismiss(proposal=helsinki_proposal, by=coordinator, reason="Vanhentunut")
    helsinki_proposal = RegistryChange.objects.get(pk=helsinki_proposal.pk)
    assert helsinki_proposal.status == "dismissed"
    with pytest.raises(Conflict):
        registry_change_apply(proposal=helsinki_proposal, fields=["signatory_name"], by=coordinator)
    with pytest.raises(Conflict):
        registry_change_dismiss(proposal=helsinki_proposal, by=coordinator)
    assert helsinki().signatory_name == ""


def test_only_coordinators_apply_or_dismiss(helsinki_proposal, helsinki_manager, finance):
    for user in (helsinki_manager, finance):
        with pytest.raises(PermissionDenied):
            registry_change_apply(proposal=helsinki_proposal, fields=["signatory_name"], by=user)
        with pytest.raises(PermissionDenied):
            registry_change_dismiss(proposal=helsinki_proposal, by=user)
    assert RegistryChange.objects.get(pk=helsinki_proposal.pk).status == "open"


def test_a_value_changed_in_the_registry_after_acceptance_is_shown_and_then_overwritten(
    helsinki_proposal, coordinator, client_for
):
    municipality_update_details(
        municipality=helsinki(), by=coordinator, decision_body="Kaupunginvaltuusto"
    )
    page = client_for(coordinator).get(f"/surveys/responses/{helsinki_proposal.response_id}/")
    [row] = page_tree(page).xpath("//tr[@id='row-decision_body']")
    cells = [" ".join(c.text_content().split()) for c in row.xpath("td")]
    # apply, old (when accepted), now, proposed
    assert cells[1] == "—"
    assert cells[2].startswith("Kaupunginvaltuusto")
    assert row.xpath(".//*[contains(@class, 'changed-since')]")
    assert cells[3] == "Kaupunginhallitus"
    registry_change_apply(proposal=helsinki_proposal, fields=["decision_body"], by=coordinator)
    assert helsinki().decision_body == "Kaupunginhallitus"
    item = helsinki_proposal.items.get(field="decision_body")
    assert (item.old, item.overwritten) == ("", "Kaupunginvaltuusto")


# --- pages ---------------------------------------------------------------------------------


def test_the_review_page_shows_the_proposal_old_to_new_with_every_field_checked(
    helsinki_proposal, coordinator, client_for
):
    page = client_for(coordinator).get(f"/surveys/responses/{helsinki_proposal.response_id}/")
    assert page.status_code == 200
    tree = page_tree(page)
    boxes = tree.xpath("//form[@id='registry-change-form']//input[@type='checkbox']")
    assert [b.get("value") for b in boxes] == list(items_of(helsinki_proposal))
    assert all(b.get("checked") is not None for b in boxes)
    for box in boxes:  # each checkbox has its label
        assert tree.xpath(f"//label[@for='{box.get('id')}']")
    assert tree.xpath("//button[@id='registry-change-apply']")
    assert tree.xpath("//button[@id='registry-change-dismiss']")
    text = " ".join(tree.xpath("//section[@id='registry-change']")[0].text_content().split())
    assert "Sanna Sopimus, sanna.sopimus@hel.example, +358 9 310 1234" in text
    # The desired start is shown as information (the scheduler reads it from the survey).
    assert "Palvelun avautuessa" in text


def test_applying_the_chosen_changes_on_the_page(helsinki_proposal, coordinator, client_for):
    client = client_for(coordinator)
    url = f"/surveys/registry-changes/{helsinki_proposal.pk}/apply/"
    reply = client.post(url, {"fields": ["signatory_name", "einvoice_address"]})
    assert reply.status_code == 302
    assert reply["Location"].endswith(
        f"/surveys/responses/{helsinki_proposal.response_id}/#registry-change"
    )
    municipality = helsinki()
    assert (municipality.signatory_name, municipality.einvoice_address) == (
        "Anna Allekirjoittaja",
        "003702012566",
    )
    assert RegistryChange.objects.get(pk=helsinki_proposal.pk).status == "partly_applied"
    page = client.get(f"/surveys/responses/{helsinki_proposal.response_id}/")
    assert not page_tree(page).xpath("//form[@id='registry-change-form']")


def test_a_refused_value_is_named_at_its_row_on_the_page_and_nothing_is_applied(
    pre_join, helsinki_manager, coordinator, client_for
):
    response = accepted(helsinki_manager, pre_join, coordinator)
    Response.objects.filter(pk=response.pk).update(
        answers={**response.answers, "business_id": "0201256-7"}, status="submitted"
    )
    proposal = proposal_of(
        response_accept(response=Response.objects.get(pk=response.pk), by=coordinator)
    )
    client = client_for(coordinator)
    client.cookies["django_language"] = "en"
    page = client.post(
        f"/surveys/registry-changes/{proposal.pk}/apply/",
        {"fields": ["business_id", "signatory_name"]},
    )
    assert page.status_code == 400
    tree = page_tree(page)
    summary = " ".join(tree.xpath("//*[@id='registry-change-errors']")[0].text_content().split())
    assert "Nothing was applied" in summary
    assert "Business ID “0201256-7”" in summary
    [row] = tree.xpath("//tr[@id='row-business_id']")
    assert "check digit" in row.text_content()
    box = row.xpath(".//input[@type='checkbox']")[0]
    assert box.get("aria-invalid") == "true"
    assert box.get("aria-describedby") == "err-business_id"
    # What the coordinator chose stays chosen; the rest is unticked.
    chosen = tree.xpath("//input[@name='fields'][@checked]/@value")
    assert sorted(chosen) == ["business_id", "signatory_name"]
    assert helsinki().business_id == "0201256-6"
    assert helsinki().signatory_name == ""


def test_the_coordinators_list_shows_open_proposals_linked_from_the_overview(
    helsinki_proposal, coordinator, client_for
):
    client = client_for(coordinator)
    overview = page_tree(client.get("/surveys/overview/"))
    [link] = overview.xpath("//*[@id='registry-changes-link']/a")
    assert link.get("href") == "/surveys/registry-changes/"
    assert "1" in link.text_content()
    listing = page_tree(client.get("/surveys/registry-changes/"))
    rows = listing.xpath("//table[@id='registry-changes']/tbody/tr")
    assert len(rows) == 1
    assert "Helsinki" in rows[0].text_content()
    registry_change_dismiss(proposal=helsinki_proposal, by=coordinator)
    listing = page_tree(client.get("/surveys/registry-changes/"))
    assert "Helsinki" not in listing.xpath("//table[@id='registry-changes']")[0].text_content()
    every = page_tree(client.get("/surveys/registry-changes/?status="))
    assert "Helsinki" in every.xpath("//table[@id='registry-changes']")[0].text_content()


def test_a_manager_never_sees_nor_decides_another_municipalitys_proposal(
    pre_join, helmet_manager, coordinator, client_for, api_for, narpes_manager
):
    """Vantaa's proposal: the Närpes manager gets 404 for its page and 403 for every
    decision and the coordinators' list (page and API), and nothing changes."""
    proposal = proposal_of(accepted(helmet_manager, pre_join, coordinator, code="092"))
    client = client_for(narpes_manager)
    assert client.get(f"/surveys/responses/{proposal.response_id}/").status_code == 404
    assert client.get("/surveys/registry-changes/").status_code == 403
    for action in ("apply", "dismiss"):
        reply = client.post(
            f"/surveys/registry-changes/{proposal.pk}/{action}/", {"fields": ["signatory_name"]}
        )
        assert reply.status_code == 403
    api = api_for(narpes_manager)
    assert api.get("/api/v1/registry-changes/").status_code == 403
    assert api.get(f"/api/v1/registry-changes/{proposal.pk}/").status_code == 403
    for action in ("apply", "dismiss"):
        reply = api.post(
            f"/api/v1/registry-changes/{proposal.pk}/{action}/",
            {"fields": ["signatory_name"]},
            format="json",
        )
        assert reply.status_code == 403
    assert RegistryChange.objects.get(pk=proposal.pk).status == "open"
    assert Municipality.objects.get(code="092").signatory_name == ""


def test_a_manager_sees_their_own_proposal_but_cannot_apply_it(
    helsinki_proposal, helsinki_manager, client_for, api_for
):
    client = client_for(helsinki_manager)
    page = client.get(f"/surveys/responses/{helsinki_proposal.response_id}/")
    tree = page_tree(page)
    assert tree.xpath("//table[@id='registry-change-table']")
    assert not tree.xpath("//form[@id='registry-change-form']")
    reply = client.post(
        f"/surveys/registry-changes/{helsinki_proposal.pk}/apply/", {"fields": ["signatory_name"]}
    )
    assert reply.status_code == 403
    reply = api_for(helsinki_manager).post(
        f"/api/v1/registry-changes/{helsinki_proposal.pk}/apply/",
        {"fields": ["signatory_name"]},
        format="json",
    )
    assert reply.status_code == 403
    assert helsinki().signatory_name == ""


# --- the API -------------------------------------------------------------------------------


def test_the_api_lists_open_proposals_and_applies_the_chosen_fields(
    helsinki_proposal, coordinator, api_for
):
    api = api_for(coordinator)
    listing = api.get("/api/v1/registry-changes/?state=open").json()
    assert listing["count"] == 1
    [row] = listing["results"]
    assert row["municipality"] == "091"
    assert row["state"] == "open"
    assert row["desired_start"] == {"schedule": "launch", "start_month": None}
    items = {i["field"]: i for i in row["items"]}
    assert items["signatory_name"] == {
        "field": "signatory_name",
        "label": "Allekirjoittajan nimi",
        "old": "",
        "current": "",
        "new": "Anna Allekirjoittaja",
        "applied": False,
    }
    reply = api.post(
        f"/api/v1/registry-changes/{helsinki_proposal.pk}/apply/",
        {"fields": ["signatory_name", "technical_contact"]},
        format="json",
    )
    assert reply.status_code == 200, reply.json()
    assert reply.json()["state"] == "partly_applied"
    assert helsinki().signatory_name == "Anna Allekirjoittaja"
    assert api.get("/api/v1/registry-changes/?state=open").json()["count"] == 0
    # Decided: applying or dismissing again is not possible now.
    again = api.post(f"/api/v1/registry-changes/{helsinki_proposal.pk}/dismiss/", format="json")
    assert again.status_code == 409
    assert "Helsinki" in again.json()["detail"]


def test_the_api_answers_400_under_the_field_for_a_refused_value(
    pre_join, helsinki_manager, coordinator, api_for
):
    response = accepted(helsinki_manager, pre_join, coordinator)
    Response.objects.filter(pk=response.pk).update(
        answers={**response.answers, "business_id": "0201256-7"}, status="submitted"
    )
    proposal = proposal_of(
        response_accept(response=Response.objects.get(pk=response.pk), by=coordinator)
    )
    api = api_for(coordinator)
    reply = api.post(
        f"/api/v1/registry-changes/{proposal.pk}/apply/",
        {"fields": ["business_id", "signatory_name"]},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert reply.status_code == 400
    assert list(reply.json()) == ["business_id"]
    assert "0201256-7" in reply.json()["business_id"][0]
    assert helsinki().signatory_name == ""
    dismissed = api.post(f"/api/v1/registry-changes/{proposal.pk}/dismiss/", format="json")
    assert dismissed.json()["state"] == "dismissed"
    reply = api.post(
        f"/api/v1/registry-changes/{proposal.pk}/apply/",
        {"fields": ["signatory_name"]},
        format="json",
    )
    assert reply.status_code == 409


def test_the_api_refuses_an_unknown_state(coordinator, api_for):
    reply = api_for(coordinator).get("/api/v1/registry-changes/?state=maybe")
    assert reply.status_code == 400
    assert "state" in reply.json()


def test_the_api_list_costs_the_same_queries_for_more_proposals(pre_join, coordinator, api_for):
    api = api_for(coordinator)
    api.get("/api/v1/registry-changes/")  # warm up: the token's first use is recorded

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("/api/v1/registry-changes/?state=open").status_code == 200
        return len(captured)

    accepted(coordinator, pre_join, coordinator, code="091")
    accepted(coordinator, pre_join, coordinator, code="092")
    two = queries()
    for code in ("049", "235", "905"):
        accepted(coordinator, pre_join, coordinator, code=code)
    assert queries() == two


def test_applying_with_nothing_chosen_on_the_page_says_so(
    helsinki_proposal, coordinator, client_for
):
    client = client_for(coordinator)
    client.cookies["django_language"] = "en"
    page = client.post(f"/surveys/registry-changes/{helsinki_proposal.pk}/apply/", {})
    assert page.status_code == 400
    summary = page_tree(page).xpath("//*[@id='registry-change-errors']")[0].text_content()
    assert "Choose at least one change to apply, or dismiss the proposal." in summary
    assert "does not accept these values" not in summary
    assert RegistryChange.objects.get(pk=helsinki_proposal.pk).status == "open"
