"""The input boundary's character rule, for every page, API body, path and query string:
text may hold tabs and line breaks but no NUL, no other C0 or C1 control character and no lone
surrogate. PostgreSQL refuses NUL in text (a 500 where it reached the database), SQLite would
store it, and neither belongs in a name, a reason or an answer."""

import re

from django.utils.translation import gettext_lazy as _

# Text of several lines (a reason, an answer, a path): tab, line feed and carriage return pass.
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# One-line text (a name, a title): no tab or line break either.
FORBIDDEN_IN_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# One message wherever the rule refuses text: validators, the API's parsers, the middleware.
CONTROL_CHARACTER_MESSAGE = _(
    "The text contains an invisible control character (%(char)s) that cannot be stored. "
    "Remove it and try again."
)


def code_point(char: str) -> str:
    return f"U+{ord(char):04X}"


def control_character_message(char: str) -> str:
    return str(CONTROL_CHARACTER_MESSAGE) % {"char": code_point(char)}


def forbidden_character(text: str, *, one_line: bool = False) -> str | None:
    """The first forbidden character of `text`, or None. The one rule of the validators, the
    API's JSON parser and the middleware that guards paths and query strings."""
    found = (FORBIDDEN_IN_ONE_LINE if one_line else FORBIDDEN).search(text or "")
    return found.group() if found else None


def has_forbidden_characters(text: str) -> bool:
    return forbidden_character(text) is not None


def first_forbidden(value, path: str = "") -> tuple[str, str] | None:
    """The path ("answers.comments", "fields.0") of the first string in a parsed JSON value
    that has a forbidden character, keys included, and that character; None when there is
    none. Walked without recursion, so that no nesting exhausts the stack."""
    stack = [(path, value)]
    while stack:
        here, item = stack.pop()
        if isinstance(item, str):
            if char := forbidden_character(item):
                return here or "body", char
        elif isinstance(item, dict):
            children = []
            for key, child in item.items():
                where = f"{here}.{key}" if here else str(key)
                if char := forbidden_character(str(key)):
                    return where, char
                children.append((where, child))
            stack.extend(reversed(children))
        elif isinstance(item, list):
            stack.extend(
                reversed(
                    [(f"{here}.{i}" if here else str(i), child) for i, child in enumerate(item)]
                )
            )
    return None
