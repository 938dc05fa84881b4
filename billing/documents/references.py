"""Payment references: the Finnish national reference ("viitenumero") and the RF creditor
reference (ISO 11649): forming them, checking them and printing them in groups. The IBAN is
printed here too, in the same groups of four as an RF reference.

* Finnish national reference: Finance Finland, "Kotimaisen viitteen rakenneohje"; check digit
  with the weights 7, 3, 1 from the right.
* RF creditor reference: ISO 11649 (check digits by ISO 7064 mod 97-10, as in IBAN).
"""

import re

from stdnum import iso11649

# --- Finnish reference number ---------------------------------------------------------------

_WEIGHTS = (7, 3, 1)


def remove_spaces(value) -> str:
    """The value without any whitespace, as references and account numbers are typed in groups."""
    return "".join(str(value).split())


def _check_digit(base: str) -> str:
    total = sum(int(digit) * _WEIGHTS[i % 3] for i, digit in enumerate(reversed(base)))
    return str((10 - total % 10) % 10)


def finnish_reference(base: str) -> str:
    """The Finnish national reference: the base and its 7-3-1 check digit.

    The base's digits are multiplied from the right by 7, 3, 1, 7, 3, 1 …; the check digit is
    (10 - sum mod 10) mod 10. The base has 3–19 digits and no leading zero (a reference is
    printed without leading zeros). "123456" -> "1234561"."""
    base = remove_spaces(base)
    if not re.fullmatch(r"[1-9][0-9]{2,18}", base):
        raise ValueError(f"A reference base has 3 to 19 digits and no leading zero, not {base!r}.")
    return base + _check_digit(base)


def is_valid_finnish_reference(reference: str) -> bool:
    """4–20 digits whose last digit is the 7-3-1 check digit of the others. Leading zeros, as
    bank statements pad them, are ignored."""
    digits = remove_spaces(reference).lstrip("0")
    return bool(re.fullmatch(r"[0-9]{4,20}", digits)) and _check_digit(digits[:-1]) == digits[-1]


def format_reference(reference: str) -> str:
    """A Finnish reference in groups of five from the right ("12 34561"); an RF reference in
    groups of four from the left ("RF34 1234 561")."""
    compact = remove_spaces(reference).upper()
    if compact.startswith("RF"):
        return format_rf_reference(compact)
    groups = []
    while compact:
        groups.insert(0, compact[-5:])
        compact = compact[:-5]
    return " ".join(groups)


# --- RF creditor reference (ISO 11649) ------------------------------------------------------


def _mod97(text: str) -> int:
    """ISO 7064 mod 97-10 of an alphanumeric string, letters as numbers (A=10 … Z=35)."""
    return int("".join(str(int(char, 36)) for char in text)) % 97


def rf_reference(finnish_ref: str) -> str:
    """The RF form of a Finnish reference: "RF", two check digits, the reference.

    The check digits are computed on the reference followed by "RF00" (letters as numbers):
    98 - n mod 97, as two digits. "1234561" -> "RF341234561"."""
    reference = remove_spaces(finnish_ref).lstrip("0")
    if not is_valid_finnish_reference(reference):
        raise ValueError(f"{finnish_ref!r} is not a valid Finnish reference.")
    check = 98 - _mod97(reference + "RF00")
    result = f"RF{check:02d}{reference}"
    if not iso11649.is_valid(result):  # the library agrees, or we stop here
        raise ValueError(f"Could not form a valid RF reference from {finnish_ref!r}.")
    return result


def _fours(text: str) -> str:
    compact = remove_spaces(text).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def format_rf_reference(reference: str) -> str:
    """'RF341234561' -> 'RF34 1234 561'."""
    return _fours(reference)


def format_iban(iban: str) -> str:
    """'FI2112345600000785' -> 'FI21 1234 5600 0007 85'."""
    return _fours(iban)
