"""Checking answers against the questions of one questionnaire version: a pure function.

Values are stored as JSON: text and dates as strings, numbers and money as decimal strings
(never floats), yes/no as "yes"/"no", single choice as the choice value, multiple choice as a
list of values, a scale as an int from 1 to 5."""

import contextlib
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from onboarding.validators import (
    normalize_einvoice_address,
    validate_business_id,
    validate_einvoice_address,
)
from surveys.models import SCALE_MAX, SCALE_MIN

SCALE_RE = re.compile(r"^\s*[0-9]{1,3}\s*$")
PHONE_RE = re.compile(r"^\+?[0-9(][0-9 ()-]{4,24}$")
YES = {"yes", "true", "1", True}
NO = {"no", "false", "0", False}


@dataclass
class Checked:
    answers: dict = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, message: str) -> None:
        self.errors.setdefault(key, []).append(message)


def is_empty(value) -> bool:
    return value is None or value == "" or value == []


def is_visible(question, answers: dict) -> bool:
    """A conditional question is shown only when the other answer has the given value."""
    if not question.show_if_key:
        return True
    other = answers.get(question.show_if_key)
    if isinstance(other, list):
        return question.show_if_value in other
    if isinstance(other, int) and not isinstance(other, bool):  # a scale: 4 is "4"
        return str(other) == question.show_if_value
    return other == question.show_if_value


# No answer needs more (a municipality's yearly spend is at most in the hundreds of millions);
# 1e30 or 1E+999999999 would otherwise overflow the rounding or print a billion digits.
LARGEST_DIGITS = 15


def _decimal(value) -> Decimal:
    if isinstance(value, bool):
        raise InvalidOperation
    text = str(value).strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    number = Decimal(text)
    if not number.is_finite():
        raise InvalidOperation
    return number


def _plain(number: Decimal) -> str:
    """1000.00 -> "1000", 0.50 -> "0.5": never "1E+3"."""
    return format(number.normalize(), "f")


def _check_range(question, number: Decimal, checked: Checked) -> bool:
    if question.min_value is not None and number < question.min_value:
        checked.add(
            question.key,
            _("The smallest allowed value is %(min)s.") % {"min": _plain(question.min_value)},
        )
        return False
    if question.max_value is not None and number > question.max_value:
        checked.add(
            question.key,
            _("The largest allowed value is %(max)s.") % {"max": _plain(question.max_value)},
        )
        return False
    return True


def _clean(question, value, checked: Checked):  # noqa: C901 - one branch per type
    key, kind = question.key, question.type
    if kind == "text":
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            checked.add(key, _("Enter text."))
            return None
        text = str(value).strip()
        if len(text) > question.max_length:
            checked.add(key, _("At most %(max)d characters.") % {"max": question.max_length})
            return None
        try:
            if question.validation == "email":
                validate_email(text)
            elif question.validation == "phone" and not PHONE_RE.match(text):
                raise ValidationError(_("Enter a phone number, e.g. +358 9 123 4567."))
            elif question.validation == "business_id":
                validate_business_id(text)
            elif question.validation == "einvoice_address":
                text = normalize_einvoice_address(text)
                validate_einvoice_address(text)
        except ValidationError as error:
            for message in error.messages:
                checked.add(key, message)
            return None
        return text
    if kind in ("number", "money"):
        try:
            number = _decimal(value)
        except (InvalidOperation, ValueError, TypeError):
            checked.add(
                key,
                _("Enter a number.")
                if kind == "number"
                else _("Enter a sum in euros, e.g. 1250.50."),
            )
            return None
        if number.adjusted() >= LARGEST_DIGITS:  # no arithmetic: 1E+999999999 would overflow
            checked.add(
                key,
                _("The number is too large: at most %(digits)d digits before the decimal point.")
                % {"digits": LARGEST_DIGITS},
            )
            return None
        if kind == "money":
            if number != number.quantize(Decimal("0.01")):
                checked.add(key, _("Give euros with at most two decimals."))
                return None
            if number < 0 and question.min_value is None:
                checked.add(key, _("A sum cannot be negative."))
                return None
            number = number.quantize(Decimal("0.01"))
        if not _check_range(question, number, checked):
            return None
        return format(number, "f")  # "1e3" is stored as "1000", never in exponent form
    if kind == "date":
        try:
            return datetime.date.fromisoformat(str(value).strip()).isoformat()
        except ValueError:
            checked.add(key, _("Enter a date as YYYY-MM-DD."))
            return None
    if kind == "yes_no":
        normalised = value.strip().lower() if isinstance(value, str) else value
        if not isinstance(normalised, str | bool | int):  # a list or an object: not hashable
            normalised = None
        if normalised in YES:
            return "yes"
        if normalised in NO:
            return "no"
        checked.add(key, _("Answer yes or no."))
        return None
    if kind == "scale":
        return _scale(question, value, checked)
    offered = [c.value for c in question.choices.all()]
    if kind == "single":
        if not isinstance(value, str) or value not in offered:
            checked.add(key, _("'%(value)s' is not one of the choices.") % {"value": value})
            return None
        return value
    if kind == "multiple":
        values = value if isinstance(value, list) else [value]
        wrong = [v for v in values if not isinstance(v, str) or v not in offered]
        if wrong:
            checked.add(key, _("'%(value)s' is not one of the choices.") % {"value": wrong[0]})
            return None
        return [v for v in offered if v in values]  # in the questionnaire's order, once each
    raise ValueError(f"unknown question type {kind}")


def _scale(question, value, checked: Checked) -> int | None:
    """A whole number on the scale, from the form ("4") or the API (4); 4.0, "4.5", True and
    6 are refused."""
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and SCALE_RE.match(value):
        number = int(value)
    if number is None or not SCALE_MIN <= number <= SCALE_MAX:
        checked.add(
            question.key,
            _("Choose a whole number from %(low)d to %(high)d.")
            % {"low": SCALE_MIN, "high": SCALE_MAX},
        )
        return None
    return number


def _is_shown(question, answers: dict, by_key: dict) -> bool:
    """Visible, and so is every question it depends on, whatever their order."""
    seen = set()
    while question is not None and question.key not in seen:
        if not is_visible(question, answers):
            return False
        seen.add(question.key)
        question = by_key.get(question.show_if_key)
    return True


def check_answers(questions, answers, *, complete: bool) -> Checked:
    """Clean `answers` for `questions` (one questionnaire version).

    A draft (complete=False) may leave anything empty; a submission (complete=True) must
    answer every required question that is shown, and answers to hidden questions are
    dropped. Unknown keys are errors."""
    checked = Checked()
    if not isinstance(answers, dict):
        checked.add("answers", _("Answers must be an object of question keys and values."))
        return checked
    by_key = {q.key: q for q in questions}
    for key in answers:
        if key not in by_key:
            checked.add(
                key, _("There is no question '%(key)s' in this questionnaire.") % {"key": key}
            )
    for question in questions:
        value = answers.get(question.key)
        if is_empty(value):
            continue
        cleaned = _clean(question, value, checked)
        if cleaned is not None:
            checked.answers[question.key] = cleaned
    if complete:
        shown = {q.key: _is_shown(q, checked.answers, by_key) for q in questions}
        for question in questions:
            if not shown[question.key]:
                checked.answers.pop(question.key, None)
                checked.errors.pop(question.key, None)
            elif (
                question.required
                and is_empty(checked.answers.get(question.key))
                and question.key not in checked.errors
            ):
                checked.add(question.key, _("This question needs an answer."))
    return checked


def display_value(question, value, language: str | None = None) -> str:
    """An answer as a person reads it: choice labels, Yes/No, in the given language."""
    from django.utils import translation

    if is_empty(value):
        return ""
    with translation.override(language) if language else contextlib.nullcontext():
        if question.type == "yes_no":
            return _("Yes") if value == "yes" else _("No")
        if question.type in ("single", "multiple"):
            labels = {
                c.value: (c.label_in(language) if language else c.label)
                for c in question.choices.all()
            }
            values = value if isinstance(value, list) else [value]
            return "; ".join(labels.get(v, v) for v in values)
        return str(value)
