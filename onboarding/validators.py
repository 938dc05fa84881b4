"""Validators for Finnish identifiers, with messages users understand."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.fi import ytunnus

MUNICIPALITY_CODE_RE = re.compile(r"^\d{3}$")


def validate_municipality_code(value: str) -> None:
    if not MUNICIPALITY_CODE_RE.match(value or ""):
        raise ValidationError(
            _("A municipality code is three digits, for example 091."), code="invalid_code"
        )


def validate_business_id(value: str) -> None:
    """Y-tunnus: seven digits, a hyphen and a check digit (weights 7, 9, 10, 5, 8, 4, 2)."""
    if not value:
        return
    if not re.match(r"^\d{7}-\d$", value):
        raise ValidationError(
            _("A business ID has the form 1234567-8."), code="invalid_format"
        )
    if not ytunnus.is_valid(value):
        raise ValidationError(
            _("The check digit of business ID %(value)s is wrong."),
            code="invalid_check_digit",
            params={"value": value},
        )


def validate_einvoice_address(value: str) -> None:
    """An OVT code (0037 + business ID digits + optional suffix) or an IBAN-like address."""
    if not value:
        return
    if not re.match(r"^[A-Z0-9]{8,35}$", value):
        raise ValidationError(
            _("An e-invoice address has 8 to 35 capital letters or digits, for example "
              "003701577119."),
            code="invalid_einvoice_address",
        )
