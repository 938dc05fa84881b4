"""The API's JSON parser: every body is a JSON object (each endpoint takes named fields), in
strict JSON (no NaN or Infinity, as DRF's default), and no text in it holds a control
character. Anything else is a 400 with a message, before any view sees it."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

from onboarding.input import CONTROL_CHARACTER_MESSAGE, first_forbidden

JSON_TYPES = {
    list: gettext_lazy("an array"),
    str: gettext_lazy("a string"),
    int: gettext_lazy("a number"),
    float: gettext_lazy("a number"),
    bool: gettext_lazy("true or false"),
    type(None): gettext_lazy("null"),
}


class ObjectJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        if not isinstance(data, dict):
            raise ParseError(
                _("The request body must be a JSON object of named fields, not %(type)s.")
                % {"type": JSON_TYPES.get(type(data), type(data).__name__)}
            )
        where = first_forbidden(data)
        if where:
            raise ParseError(f"{where}: {CONTROL_CHARACTER_MESSAGE}")
        return data
