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


def can_revoke_api_token(user, token: ApiToken) -> bool:
    """Anyone their own tokens; coordinators also the integrations' (the login service's).
    Nobody else's: a manager or finance never sees another person's tokens."""
    if not getattr(user, "is_authenticated", False):
        return False
    return token.user_id == user.pk or (
        is_coordinator(user) and token.user.role == Role.INTEGRATION
    )


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


# --- transitions --------------------------------------------------------------------------
# Each workflow model declares who may take a transition with django-fsm's `permission=` (a
# predicate above, with a `refusal` message). These read it, so that the rule has one home.


def coordinator_only(instance, user) -> bool:
    return is_coordinator(user)


coordinator_only.refusal = gettext_lazy("Only coordinators can do this.")


def finance_only(instance, user) -> bool:
    return is_finance_or_coordinator(user)


finance_only.refusal = gettext_lazy("Only finance staff can do this.")


def own_municipality_or_coordinator(instance, user) -> bool:
    """For records of one municipality (`instance.municipality_id`)."""
    return is_coordinator(user) or manages(user, instance.municipality_id)


own_municipality_or_coordinator.refusal = gettext_lazy(
    "Only the municipality's manager or a coordinator can do this."
)


def require_permitted(transition, user) -> None:
    """Refuse (403, with who may) when `user`'s role does not permit the bound `transition`,
    whatever the record's state: the state is the service's next check (409)."""
    instance = transition.__self__
    for step in transition._django_fsm.transitions.values():
        if not step.has_perm(instance, user):
            refusal = getattr(step.permission, "refusal", None)
            raise PermissionDenied(str(refusal) if refusal else _("You cannot do this."))


def available_transitions(instance, user, field: str = "status") -> frozenset[str]:
    """The transitions `user` may take on `instance` now: allowed from its state and by the
    user's role (django-fsm's can_proceed and permissions)."""
    found = getattr(instance, f"get_available_user_{field}_transitions")(user)
    return frozenset(step.name for step in found)


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
