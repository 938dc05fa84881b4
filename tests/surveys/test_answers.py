"""check_answers, the pure validation of answers against one questionnaire version: every
question type, unknown keys, drafts and submissions, conditional questions."""

from decimal import Decimal

import pytest
from django.utils import translation

from surveys.answers import check_answers
from surveys.models import Question

pytestmark = pytest.mark.django_db


def questions_of(questionnaire) -> list[Question]:
    return list(questionnaire.questions.prefetch_related("choices"))


def only(questionnaire, key: str) -> list[Question]:
    return [q for q in questions_of(questionnaire) if q.key == key]


def draft(questions, answers):
    """Checked as a draft, with messages in English (the source language)."""
    with translation.override("en"):
        return check_answers(questions, answers, complete=False)


def submitted(questions, answers):
    with translation.override("en"):
        return check_answers(questions, answers, complete=True)


def number_question(**fields) -> Question:
    """Numbers and money need no choices: an unsaved question is enough."""
    return Question(key="amount", type="number", label_fi="Määrä", **fields)


def money_question(**fields) -> Question:
    return Question(key="amount", type="money", label_fi="Summa", **fields)


# --- text ----------------------------------------------------------------------------------


def test_text_is_kept_trimmed(pre_join):
    checked = draft(only(pre_join, "signatory_name"), {"signatory_name": "  Anna Ahola "})
    assert checked.errors == {}
    assert checked.answers == {"signatory_name": "Anna Ahola"}


def test_text_longer_than_the_maximum_is_refused_naming_the_question(pre_join):
    questions = only(pre_join, "comments")
    limit = questions[0].max_length
    assert draft(questions, {"comments": "x" * limit}).errors == {}

    checked = draft(questions, {"comments": "x" * (limit + 1)})
    assert list(checked.errors) == ["comments"]
    assert str(limit) in checked.errors["comments"][0]
    assert checked.answers == {}


def test_text_must_be_text_not_an_object(pre_join):
    checked = draft(only(pre_join, "comments"), {"comments": {"nested": "value"}})
    assert list(checked.errors) == ["comments"]


@pytest.mark.parametrize("value", ["sanna@hel.example", "first.last+tag@kirjasto.example.fi"])
def test_an_email_contact_accepts_email_addresses(pre_join, value):
    checked = draft(only(pre_join, "agreement_contact_email"), {"agreement_contact_email": value})
    assert checked.errors == {}
    assert checked.answers["agreement_contact_email"] == value


@pytest.mark.parametrize("value", ["sanna", "sanna@", "sanna at hel.fi", "@hel.fi"])
def test_an_email_contact_refuses_what_is_not_an_email_address(pre_join, value):
    checked = draft(only(pre_join, "agreement_contact_email"), {"agreement_contact_email": value})
    assert list(checked.errors) == ["agreement_contact_email"]


@pytest.mark.parametrize(
    "value", ["+358 9 123 4567", "09-123 4567", "+358 (0)9 123 4567", "0401234567"]
)
def test_a_phone_number_accepts_the_usual_ways_of_writing_one(pre_join, value):
    checked = draft(only(pre_join, "technical_contact_phone"), {"technical_contact_phone": value})
    assert checked.errors == {}


@pytest.mark.parametrize("value", ["call the library", "123", "+358 9 123 4567 ext. 8"])
def test_a_phone_number_refuses_text_and_too_short_numbers(pre_join, value):
    checked = draft(only(pre_join, "technical_contact_phone"), {"technical_contact_phone": value})
    assert list(checked.errors) == ["technical_contact_phone"]
    assert "+358" in checked.errors["technical_contact_phone"][0]  # shows an example


def test_a_business_id_with_a_correct_check_digit_is_accepted(pre_join):
    checked = draft(only(pre_join, "business_id"), {"business_id": "0201256-6"})  # Helsinki
    assert checked.errors == {}
    assert checked.answers == {"business_id": "0201256-6"}


def test_a_business_id_with_a_wrong_check_digit_is_refused(pre_join):
    checked = draft(only(pre_join, "business_id"), {"business_id": "0201256-5"})
    assert list(checked.errors) == ["business_id"]
    assert "0201256-5" in checked.errors["business_id"][0]


@pytest.mark.parametrize("value", ["02012566", "0201256 6", "201256-6", "Y-0201256-6"])
def test_a_business_id_in_the_wrong_form_is_refused(pre_join, value):
    checked = draft(only(pre_join, "business_id"), {"business_id": value})
    assert list(checked.errors) == ["business_id"]
    assert "1234567-8" in checked.errors["business_id"][0]


def test_an_einvoice_address_typed_in_groups_is_stored_without_spaces(pre_join):
    checked = draft(only(pre_join, "einvoice_address"), {"einvoice_address": "0037 0201 2566"})
    assert checked.errors == {}
    assert checked.answers == {"einvoice_address": "003702012566"}


def test_an_iban_is_a_valid_einvoice_address(pre_join):
    checked = draft(
        only(pre_join, "einvoice_address"), {"einvoice_address": "FI21 1234 5600 0007 85"}
    )
    assert checked.answers == {"einvoice_address": "FI2112345600000785"}


@pytest.mark.parametrize("value", ["12345", "0038 0201 2566", "laskut@hel.fi"])
def test_a_wrong_einvoice_address_is_refused(pre_join, value):
    checked = draft(only(pre_join, "einvoice_address"), {"einvoice_address": value})
    assert list(checked.errors) == ["einvoice_address"]
    assert "OVT" in checked.errors["einvoice_address"][0]


# --- numbers and money ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "stored"),
    [("12", "12"), ("12.5", "12.5"), ("12,5", "12.5"), (7, "7"), ("1 000", "1000")],
)
def test_a_number_is_stored_as_a_decimal_string(value, stored):
    checked = draft([number_question()], {"amount": value})
    assert checked.errors == {}
    assert checked.answers == {"amount": stored}


@pytest.mark.parametrize("value", ["twelve", "12 kpl", True, "NaN", "Infinity", [1]])
def test_what_is_not_a_number_is_refused(value):
    checked = draft([number_question()], {"amount": value})
    assert checked.errors == {"amount": ["Enter a number."]}


def test_a_number_below_the_minimum_is_refused_with_the_limit():
    question = number_question(min_value=Decimal("0"), max_value=Decimal("1000"))
    checked = draft([question], {"amount": "-1"})
    assert checked.errors["amount"] == ["The smallest allowed value is 0."]
    assert checked.answers == {}


def test_a_number_above_the_maximum_is_refused_with_the_limit():
    question = number_question(min_value=Decimal("0"), max_value=Decimal("1000"))
    assert draft([question], {"amount": "1000"}).errors == {}
    checked = draft([question], {"amount": "1000.01"})
    assert list(checked.errors) == ["amount"]
    assert checked.errors["amount"] == ["The largest allowed value is 1000."]


def test_the_limits_of_the_cost_survey_apply(cost):
    checked = draft(questions_of(cost), {"staff_person_years": "1001", "platforms": "-1"})
    assert set(checked.errors) == {"staff_person_years", "platforms"}


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("1250.5", "1250.50"),
        ("1250,50", "1250.50"),
        ("1 250", "1250.00"),
        (99, "99.00"),
        ("0", "0.00"),
    ],
)
def test_money_is_stored_with_two_decimals(value, stored):
    checked = draft([money_question()], {"amount": value})
    assert checked.errors == {}
    assert checked.answers == {"amount": stored}


def test_money_with_more_than_two_decimals_is_refused():
    checked = draft([money_question()], {"amount": "10.005"})
    assert list(checked.errors) == ["amount"]
    assert "two decimals" in checked.errors["amount"][0]


def test_money_cannot_be_negative():
    checked = draft([money_question()], {"amount": "-5"})
    assert list(checked.errors) == ["amount"]
    assert "negative" in checked.errors["amount"][0]


def test_money_outside_its_range_is_refused():
    question = money_question(min_value=Decimal("100"), max_value=Decimal("5000"))
    assert list(draft([question], {"amount": "99.99"}).errors) == ["amount"]
    assert list(draft([question], {"amount": "5000.01"}).errors) == ["amount"]
    assert draft([question], {"amount": "5000"}).answers == {"amount": "5000.00"}


def test_money_that_is_not_a_sum_is_refused_with_an_example():
    checked = draft([money_question()], {"amount": "a lot"})
    assert list(checked.errors) == ["amount"]
    assert "1250.50" in checked.errors["amount"][0]


def test_money_in_the_cost_survey_is_not_negative(cost):
    checked = draft(questions_of(cost), {"emagazines": "-100.00"})
    assert list(checked.errors) == ["emagazines"]


# --- dates, yes/no and choices -------------------------------------------------------------


def test_a_date_is_stored_as_an_iso_date(pre_join):
    checked = draft(only(pre_join, "start_month"), {"start_month": "2025-01-01"})
    assert checked.answers == {"start_month": "2025-01-01"}


@pytest.mark.parametrize("value", ["1.1.2025", "2025-02-30", "tammikuu", "2025-13-01"])
def test_a_date_in_another_form_or_impossible_is_refused(pre_join, value):
    checked = draft(only(pre_join, "start_month"), {"start_month": value})
    assert checked.errors == {"start_month": ["Enter a date as YYYY-MM-DD."]}


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("yes", "yes"),
        ("Yes", "yes"),
        (True, "yes"),
        ("true", "yes"),
        ("1", "yes"),
        ("no", "no"),
        (False, "no"),
        ("NO", "no"),
        ("0", "no"),
    ],
)
def test_yes_no_accepts_the_usual_forms(pre_join, value, stored):
    checked = draft(only(pre_join, "consortium_confirmed"), {"consortium_confirmed": value})
    assert checked.errors == {}
    assert checked.answers == {"consortium_confirmed": stored}


@pytest.mark.parametrize("value", ["maybe", "kyllä", 2, ["yes"]])
def test_yes_no_refuses_anything_else(pre_join, value):
    checked = draft(only(pre_join, "consortium_confirmed"), {"consortium_confirmed": value})
    assert checked.errors == {"consortium_confirmed": ["Answer yes or no."]}


def test_a_single_choice_takes_an_offered_value(pre_join):
    checked = draft(only(pre_join, "intention"), {"intention": "undecided"})
    assert checked.answers == {"intention": "undecided"}


@pytest.mark.parametrize("value", ["maybe", "Yes", ["yes"], 1])
def test_a_single_choice_not_offered_is_refused_naming_the_value(pre_join, value):
    checked = draft(only(pre_join, "intention"), {"intention": value})
    assert list(checked.errors) == ["intention"]
    assert "is not one of the choices" in checked.errors["intention"][0]
    assert checked.answers == {}


def test_a_multiple_choice_is_kept_in_the_questionnaires_order_once_each(small_draft):
    questions = only(small_draft, "formats")
    checked = draft(questions, {"formats": ["magazine", "ebook", "magazine"]})
    assert checked.errors == {}
    assert checked.answers == {"formats": ["ebook", "magazine"]}


def test_a_multiple_choice_given_as_one_value_becomes_a_list(small_draft):
    checked = draft(only(small_draft, "formats"), {"formats": "audio"})
    assert checked.answers == {"formats": ["audio"]}


def test_a_multiple_choice_with_an_unknown_value_is_refused_naming_it(small_draft):
    checked = draft(only(small_draft, "formats"), {"formats": ["ebook", "vinyl"]})
    assert list(checked.errors) == ["formats"]
    assert "vinyl" in checked.errors["formats"][0]
    assert checked.answers == {}


def test_an_empty_multiple_choice_is_no_answer(small_draft):
    checked = draft(only(small_draft, "formats"), {"formats": []})
    assert checked.errors == {}
    assert checked.answers == {}


# --- keys, drafts and submissions ----------------------------------------------------------


def test_an_unknown_key_is_an_error_naming_the_key(pre_join):
    checked = draft(questions_of(pre_join), {"intention": "yes", "favourite_colour": "blue"})
    assert list(checked.errors) == ["favourite_colour"]
    assert "favourite_colour" in checked.errors["favourite_colour"][0]


def test_answers_must_be_an_object(pre_join):
    checked = draft(questions_of(pre_join), ["intention", "yes"])
    assert list(checked.errors) == ["answers"]


def test_a_draft_may_be_incomplete(pre_join):
    checked = draft(questions_of(pre_join), {"intention": "yes"})
    assert checked.errors == {}
    assert checked.answers == {"intention": "yes"}


def test_a_draft_still_checks_what_is_given(pre_join):
    checked = draft(questions_of(pre_join), {"intention": "yes", "business_id": "123"})
    assert list(checked.errors) == ["business_id"]


def test_empty_answers_are_left_out(pre_join):
    checked = draft(questions_of(pre_join), {"intention": "yes", "comments": "", "schedule": None})
    assert checked.answers == {"intention": "yes"}


def test_a_complete_answer_can_be_submitted(pre_join, complete_pre_join_answers):
    checked = submitted(questions_of(pre_join), complete_pre_join_answers())
    assert checked.errors == {}
    assert checked.answers["intention"] == "yes"


def test_a_submission_needs_every_visible_required_answer(pre_join):
    checked = submitted(questions_of(pre_join), {"intention": "yes"})
    assert set(checked.errors) == {
        "schedule",
        "consortium_confirmed",
        "signatory_name",
        "signatory_title",
        "decision_body",
        "agreement_contact_name",
        "agreement_contact_email",
        "technical_contact_name",
        "technical_contact_email",
        "invoicing_contact_name",
        "invoicing_contact_email",
        "business_id",
        "einvoice_address",
        "einvoice_operator",
    }
    assert checked.errors["schedule"] == ["This question needs an answer."]
    # Hidden (conditional) and optional questions are not asked for.
    for key in ("start_month", "consortium_correction", "agreement_contact_phone", "comments"):
        assert key not in checked.errors


def test_a_municipality_that_will_not_join_answers_fewer_questions(pre_join):
    checked = submitted(questions_of(pre_join), {"intention": "no"})
    assert set(checked.errors) == {
        "consortium_confirmed",
        "agreement_contact_name",
        "agreement_contact_email",
        "technical_contact_name",
        "technical_contact_email",
        "business_id",
    }


def test_a_submission_drops_answers_to_hidden_questions(pre_join, complete_pre_join_answers):
    answers = complete_pre_join_answers(intention="no")
    checked = submitted(questions_of(pre_join), answers)
    assert checked.errors == {}
    for key in ("schedule", "signatory_name", "einvoice_address", "invoicing_contact_name"):
        assert key not in checked.answers
    assert checked.answers["business_id"] == "0201256-6"


def test_a_hidden_answer_that_is_invalid_does_not_block_a_submission(
    pre_join, complete_pre_join_answers
):
    answers = complete_pre_join_answers(intention="no", einvoice_address="not an address")
    checked = submitted(questions_of(pre_join), answers)
    assert checked.errors == {}
    assert "einvoice_address" not in checked.answers


def test_a_draft_keeps_answers_to_questions_hidden_for_now(pre_join):
    """The manager may switch the answer back: a draft keeps what was typed."""
    checked = draft(questions_of(pre_join), {"intention": "no", "signatory_name": "Anna"})
    assert checked.answers == {"intention": "no", "signatory_name": "Anna"}


def test_a_correction_is_asked_only_when_the_consortium_is_not_right(
    pre_join, complete_pre_join_answers
):
    questions = questions_of(pre_join)
    checked = submitted(questions, complete_pre_join_answers(consortium_confirmed="no"))
    assert list(checked.errors) == ["consortium_correction"]
    fixed = complete_pre_join_answers(consortium_confirmed="no", consortium_correction="Vaski")
    assert submitted(questions, fixed).errors == {}


def test_the_start_month_is_asked_only_when_joining_later(pre_join, complete_pre_join_answers):
    questions = questions_of(pre_join)
    later = complete_pre_join_answers(schedule="later")
    assert submitted(questions, later).errors == {"start_month": ["This question needs an answer."]}
    at_launch = complete_pre_join_answers(schedule="launch", start_month="2025-01-01")
    checked = submitted(questions, at_launch)
    assert checked.errors == {}
    assert "start_month" not in checked.answers


def test_nested_conditions_hide_the_start_month_when_not_joining_at_all(
    pre_join, complete_pre_join_answers
):
    """start_month depends on schedule, which depends on intention."""
    answers = complete_pre_join_answers(intention="no", schedule="later", start_month="2025-01-01")
    checked = submitted(questions_of(pre_join), answers)
    assert checked.errors == {}
    assert "schedule" not in checked.answers
    assert "start_month" not in checked.answers


def test_nested_conditions_hold_whatever_the_order_of_the_questions(
    pre_join, complete_pre_join_answers
):
    """A coordinator may reorder questions: a follow-up placed before the question it
    depends on is still hidden when that question is hidden."""
    questions = questions_of(pre_join)
    by_key = {q.key: q for q in questions}
    reordered = [by_key["start_month"], by_key["schedule"]] + [
        q for q in questions if q.key not in ("start_month", "schedule")
    ]
    answers = complete_pre_join_answers(intention="no", schedule="later", start_month="2025-01-01")
    checked = submitted(reordered, answers)
    assert checked.errors == {}
    assert "start_month" not in checked.answers

    missing = complete_pre_join_answers(intention="no", schedule="later")
    assert submitted(reordered, missing).errors == {}
