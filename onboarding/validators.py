"""Validators for Finnish identifiers and for typed text, with messages users understand."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from stdnum.fi import ytunnus

from onboarding.input import CONTROL_CHARACTER_MESSAGE, code_point, forbidden_character

# [0-9], not \d (which takes any script's digits), and fullmatch, not $ (which allows a "\n").
MUNICIPALITY_CODE_RE = re.compile(r"[0-9]{3}")


def validate_municipality_code(value: str) -> None:
    if not MUNICIPALITY_CODE_RE.fullmatch(value or ""):
        raise ValidationError(
            _("A municipality code is three digits, for example 091."), code="invalid_code"
        )


def validate_business_id(value: str) -> None:
    """Y-tunnus: seven digits, a hyphen and a check digit (weights 7, 9, 10, 5, 8, 4, 2)."""
    if not value:
        return
    if not re.fullmatch(r"[0-9]{7}-[0-9]", value):
        raise ValidationError(_("A business ID has the form 1234567-8."), code="invalid_format")
    if not ytunnus.is_valid(value):
        raise ValidationError(
            _("The check digit of business ID %(value)s is wrong."),
            code="invalid_check_digit",
            params={"value": value},
        )


def normalize_einvoice_address(value: str) -> str:
    """People type OVT codes in groups and in lower case: "0037 0157 7119" -> "003701577119"."""
    return "".join((value or "").split()).upper()


OVT_RE = re.compile(r"([A-Z]{2})?0037[0-9]{8}[A-Z0-9]{0,5}")  # optional operator prefix
IBAN_RE = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def validate_einvoice_address(value: str) -> None:
    """An OVT code (0037 + the eight digits of a business ID + an optional suffix) or an IBAN."""
    if not value:
        return
    if not (OVT_RE.fullmatch(value) or IBAN_RE.fullmatch(value)):
        raise ValidationError(
            _(
                "An e-invoice address is an OVT code (0037, the eight digits of the business ID "
                "and an optional suffix, e.g. 003701577119) or an IBAN."
            ),
            code="invalid_einvoice_address",
        )


def validate_postal_code(value: str) -> None:
    """A Finnish postal code is five digits (00100)."""
    if value and not re.fullmatch(r"[0-9]{5}", value):
        raise ValidationError(
            _("A postal code is five digits, for example 00100."), code="invalid_postal_code"
        )


def _refuse_control_characters(value, *, one_line: bool) -> None:
    char = forbidden_character(value or "", one_line=one_line)
    if char is not None:
        raise ValidationError(
            CONTROL_CHARACTER_MESSAGE,
            code="control_characters",
            params={"char": code_point(char)},
        )


def validate_no_control_characters(value: str) -> None:
    """One-line text (a name, a title): no NUL, tab, line break or other control character
    (Unicode category Cc). PostgreSQL cannot store NUL at all, and none belongs in a name."""
    _refuse_control_characters(value, one_line=True)


def validate_no_control_characters_multiline(value: str) -> None:
    """Text of several lines (a reason, notes): tabs and line breaks are fine, other control
    characters (NUL, escape, ...) are refused like in one-line text."""
    _refuse_control_characters(value, one_line=False)


def typed_text_validators(validators: list, *, multiline: bool = False) -> list:
    """A form's or serializer's text field's validators with ours for control characters in
    place of Django's "Null characters are not allowed.": ours names the character, and a
    NUL is reported once. One source for the agreement page's form and the API."""
    kept = [v for v in validators if not isinstance(v, ProhibitNullCharactersValidator)]
    return kept + [
        validate_no_control_characters_multiline if multiline else validate_no_control_characters
    ]


def validate_upload_size(size: int, limit: int | None = None) -> None:
    """An upload of at most `limit` bytes (settings.MAX_UPLOAD_BYTES, a signed agreement;
    settings.MAX_IMPORT_BYTES for a CSV import), checked before it is read."""
    limit = settings.MAX_UPLOAD_BYTES if limit is None else limit
    if size > limit:
        raise ValidationError(
            _("The file is larger than %(mb)d MB."),
            code="too_large",
            params={"mb": limit // (1024 * 1024)},
        )
