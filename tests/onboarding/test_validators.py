"""The identifiers' validators take only ASCII digits and the whole value: a code that only
looks right ("091\n", Arabic-Indic or full-width digits) is refused like any other."""

import pytest
from django.core.exceptions import ValidationError

from onboarding.validators import (
    validate_business_id,
    validate_einvoice_address,
    validate_municipality_code,
    validate_postal_code,
)

CASES = [
    (validate_municipality_code, "091", ["091\n", "٠٩١", "０９１", "91", "0910"]),
    (validate_business_id, "0245437-2", ["0245437-2\n", "٠٢٤٥٤٣٧-٢"]),
    (validate_postal_code, "00100", ["00100\n", "٠٠١٠٠"]),
    (validate_einvoice_address, "003701577119", ["003701577119\n", "0037٠١٥٧٧١١٩"]),
]


@pytest.mark.parametrize(
    ("validator", "good", "bad"), CASES, ids=lambda v: getattr(v, "__name__", None)
)
def test_only_the_whole_value_in_ascii_digits_is_taken(validator, good, bad):
    validator(good)
    for value in bad:
        with pytest.raises(ValidationError):
            validator(value)
