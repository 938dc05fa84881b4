"""The API's parsers. A JSON body is a JSON object (each endpoint takes named fields), in
strict JSON (no NaN or Infinity, as DRF's default), nested no deeper than Python can read;
and no text of any body (JSON, form or multipart: its fields, not its files' contents) holds
a control character. Anything else is a 400 with a message, before any view sees it."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser

from onboarding.input import control_character_message, first_forbidden, forbidden_character
from onboarding.validators import validate_no_control_characters_multiline

JSON_TYPES = {
    list: gettext_lazy("an array"),
    str: gettext_lazy("a string"),
    int: gettext_lazy("a number"),
    float: gettext_lazy("a number"),
    bool: gettext_lazy("true or false"),
    type(None): gettext_lazy("null"),
}


def _refuse_control_characters(data) -> None:
    found = first_forbidden(data)
    if found:
        where, char = found
        raise ParseError(f"{where}: {control_character_message(char)}")


class ObjectJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:  # json.loads of "[[[[..." thousands deep
            raise ParseError(_("The JSON is nested too deep.")) from None
        if not isinstance(data, dict):
            raise ParseError(
                _("The request body must be a JSON object of named fields, not %(type)s.")
                % {"type": JSON_TYPES.get(type(data), type(data).__name__)}
            )
        _refuse_control_characters(data)
        return data


def _refuse_control_characters_in_fields(data) -> None:
    """A form's fields are flat: a refused value is named by its field, with the message a
    serializer's validator gives (naming the character), in DRF's shape for field errors."""
    for key, values in data.lists():
        if char := forbidden_character(key):
            raise ParseError(f"{key}: {control_character_message(char)}")
        for value in values:
            try:
                validate_no_control_characters_multiline(value)
            except DjangoValidationError as error:
                raise ValidationError({key: error.messages}) from None


class CheckedFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        data = super().parse(stream, media_type, parser_context)
        _refuse_control_characters_in_fields(data)
        return data


class CheckedMultiPartParser(MultiPartParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        _refuse_control_characters_in_fields(parsed.data)
        return parsed
