"""Who may do what, by role: the one home of every role check (SPEC 4).

- Services call the `require_*` functions: a refusal is a PermissionDenied whose message says
  who may do it (the API answers 403 with it, a page shows it).
- API views declare the DRF permission classes below.
- Pages and templates ask the `can_*` predicates, so that a button is shown exactly when the
  service would allow it.

Which rows a person sees is not decided here but by the selectors' querysets
(`onboarding.selectors.municipalities_for_user` and the apps' own)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import permissions

from onboarding.models import ApiToken, Municipality, Role, User


def is_coordinator(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_coordinator)


def is_finance_or_coordinator(user) -> bool:
    return bool(
        getattr(user, "is_authenticated", False) and (user.is_finance or user.is_coordinator)
    )


def sees_all(user) -> bool:
    """Coordinators and finance read every municipality's data."""
    return bool(getattr(user, "is_authenticated", False) and user.sees_all_municipalities)


def manages(user, municipality_id: int) -> bool:
    """A municipal manager of this very municipality."""
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_manager
        and user.municipalities.filter(pk=municipality_id).exists()
    )


def can_edit_municipality(user, municipality: Municipality) -> bool:
    """Business ID, e-invoice details and contacts: a coordinator or the municipality's own
    manager (finance reads only)."""
    return is_coordinator(user) or manages(user, municipality.pk)


def require_coordinator(user: User) -> None:
    if not is_coordinator(user):
        raise PermissionDenied(_("Only coordinators can do this."))


def require_finance(user: User) -> None:
    """Finance staff, and coordinators who can do everything."""
    if not is_finance_or_coordinator(user):
        raise PermissionDenied(_("Only finance staff can do this."))


def require_nationwide(user: User) -> None:
    if not sees_all(user):
        raise PermissionDenied(_("Only coordinators and finance staff can see this."))


def require_manager_or_coordinator(user: User, municipality_id: int) -> None:
    if not (is_coordinator(user) or manages(user, municipality_id)):
        raise PermissionDenied(_("Only the municipality's manager or a coordinator can do this."))


def require_can_edit_municipality(user: User, municipality: Municipality) -> None:
    if not can_edit_municipality(user, municipality):
        raise PermissionDenied(_("You cannot change this municipality's data."))


# --- the API ------------------------------------------------------------------------------


class HasRoleAccess(permissions.BasePermission):
    """The default of every endpoint: signed-in people get the endpoints; what rows they see
    is the selectors' business.

    Integration users may call only views whose `required_scope` is among their token's
    scopes: the login service's token reads eligibility and nothing else."""

    message = gettext_lazy("This token may not use this endpoint.")

    def has_permission(self, request, view):
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if user.role == Role.INTEGRATION:
            scope = getattr(view, "required_scope", None)
            token = request.auth
            return bool(scope and isinstance(token, ApiToken) and scope in token.scopes)
        return True


class IsCoordinator(HasRoleAccess):
    message = gettext_lazy("Only coordinators can do this.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and is_coordinator(request.user)


class IsFinance(HasRoleAccess):
    """Finance staff and coordinators."""

    message = gettext_lazy("Only finance staff can do this.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and is_finance_or_coordinator(request.user)


class IsNationwide(HasRoleAccess):
    """Coordinators and finance staff."""

    message = gettext_lazy("Only coordinators and finance staff can see this.")

    def has_permission(self, request, view):
        return super().has_permission(request, view) and sees_all(request.user)
