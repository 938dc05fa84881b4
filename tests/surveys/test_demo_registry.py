"""The demo's accepted pre-join answers reach the registry the way real ones do: each
acceptance proposes its registry details, the demo coordinator applied most proposals and
left a few open. Vaasa's accepted survey names a signatory, and so does its registry, beside
its real business ID; no business ID is invented for a real municipality."""

import csv
from pathlib import Path

import pytest
from stdnum.fi import ytunnus

from onboarding.demo import users_seed
from onboarding.models import Municipality, User
from surveys.demo import survey_demo_seed
from surveys.models import RegistryChange, Response

pytestmark = pytest.mark.django_db

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference" / "municipalities.csv"


@pytest.fixture
def demo(pre_join, cost):
    users_seed()
    survey_demo_seed(
        pre_join=pre_join, cost=cost, applied_by=User.objects.get(username="coordinator")
    )
    return pre_join


def real_business_ids() -> dict[str, str]:
    with REFERENCE.open(encoding="utf-8") as handle:
        return {row["code"]: row["business_id"] for row in csv.DictReader(handle)}


def test_vaasas_accepted_survey_names_a_signatory_and_its_registry_then_does_too(demo):
    response = Response.objects.get(series=demo.series, respondent_key="905")
    assert response.status == "accepted" and response.is_demo
    assert response.answers["signatory_name"]
    vaasa = Municipality.objects.get(code="905")
    assert vaasa.signatory_name == response.answers["signatory_name"]
    assert vaasa.signatory_title == response.answers["signatory_title"]
    assert vaasa.decision_body == response.answers["decision_body"]
    assert vaasa.business_id == "0209602-6" and ytunnus.is_valid(vaasa.business_id)
    assert vaasa.einvoice_address == "003702096026"  # OVT: 0037 + the business ID's digits
    assert vaasa.einvoice_operator
    assert {c.kind for c in vaasa.contacts.all()} == {"agreement", "technical", "invoicing"}
    proposal = RegistryChange.objects.get(response=response)
    assert proposal.status == "applied" and proposal.is_demo
    latest = vaasa.history.latest("history_date", "history_id")
    assert latest.history_change_reason.startswith("E-kirjaston liittymiskysely v1")


def test_the_demo_proposals_are_applied_but_a_few_left_open(demo):
    proposals = RegistryChange.objects.filter(response__series=demo.series)
    accepted = Response.objects.filter(series=demo.series, status="accepted").count()
    assert proposals.count() == accepted  # every demo acceptance proposed something
    assert all(p.is_demo for p in proposals)
    still_open = proposals.filter(status="open").count()
    assert 2 <= still_open <= 20, still_open
    assert proposals.filter(status="applied").count() == accepted - still_open


def test_the_demo_invents_no_business_id(demo):
    real = real_business_ids()
    for response in Response.objects.filter(series=demo.series):
        code = response.respondent_key
        answered = response.answers.get("business_id")
        assert answered in (None, real[code]), code
        if response.answers.get("einvoice_address"):
            assert answered, code  # an e-invoice address only from a known business ID
            assert response.answers["einvoice_address"] == "0037" + answered.replace("-", "")
    for code, business_id in Municipality.objects.values_list("code", "business_id"):
        assert business_id in ("", real[code]), code
