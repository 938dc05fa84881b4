from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from onboarding.models import ApiToken, Role


class HasRoleAccess(permissions.BasePermission):
    """Signed-in people get the endpoints; what rows they see is the selectors' business.

    Integration users may call only views whose `required_scope` is among their token's
    scopes: the login service's token reads eligibility and nothing else."""

    message = _("This token may not use this endpoint.")

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if user.role == Role.INTEGRATION:
            scope = getattr(view, "required_scope", None)
            token = request.auth
            return bool(scope and isinstance(token, ApiToken) and scope in token.scopes)
        return True
