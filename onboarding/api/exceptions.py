"""The API's one mapping of errors to answers, for every endpoint of every app:

- `Conflict` (not possible in the current state): 409 {"detail": "<why, in words>"}
- Django's ValidationError (bad input): 400, a list of messages per field
- Django's PermissionDenied: 403 {"detail": "<who may>"}
- everything DRF knows (404, 401, 405, its own validation errors) as DRF answers it."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler

from onboarding.errors import Conflict


class ConflictError(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("This is not possible in the current state.")
    default_code = "conflict"


def exception_handler(exc, context):
    if isinstance(exc, Conflict):
        exc = ConflictError(" ".join(exc.messages))
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    return drf_exception_handler(exc, context)
