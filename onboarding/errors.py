"""The one error type for "not possible now" (SPEC 3.4: guards explain themselves)."""

from django.core.exceptions import ValidationError


class Conflict(ValidationError):
    """The change is not possible in the current state: the record's state does not allow it,
    someone changed it meanwhile (a stale version), or it clashes with the plan (a wave's
    capacity, a unit not complete). The message says why in words the user understands.

    The API's exception handler answers 409 with {"detail": "<the message>"}; pages show the
    message where the person acted. Being a ValidationError, it rolls back like bad input."""
