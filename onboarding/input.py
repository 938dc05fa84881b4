"""The input boundary's character rule, for every page, API body, path and query string:
text may hold tabs and line breaks but no NUL, no other C0 or C1 control character and no lone
surrogate. PostgreSQL refuses NUL in text (a 500 where it reached the database), SQLite would
store it, and neither belongs in a name, a reason or an answer."""

import re

from django.utils.translation import gettext_lazy as _

FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

CONTROL_CHARACTER_MESSAGE = _(
    "The text contains a control character (such as NUL) or a broken character; remove it "
    "and try again."
)


def has_forbidden_characters(text: str) -> bool:
    return bool(FORBIDDEN.search(text))


def forbidden_character(text: str, allowed: str = "\t\n\r") -> str | None:
    """The first forbidden character of `text`; with allowed="" a tab or line break is one
    too (one-line text: a name, a title). The one rule of the validators and the parser."""
    for char in text or "":
        if char not in allowed and (FORBIDDEN.match(char) or char in "\t\n\r"):
            return char
    return None


def first_forbidden(value, path: str = "") -> str | None:
    """The path ("answers.comments", "fields.0") of the first string in a parsed JSON value
    that has a forbidden character, keys included; None when there is none."""
    if isinstance(value, str):
        return path or "body" if has_forbidden_characters(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if has_forbidden_characters(str(key)):
                return here
            found = first_forbidden(item, here)
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = first_forbidden(item, f"{path}.{index}" if path else str(index))
            if found:
                return found
    return None
