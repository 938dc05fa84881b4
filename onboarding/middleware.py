"""Middleware of the input boundary (control characters in addresses) and the security
headers on every page: the Content-Security-Policy (django-csp, the policy in
config/settings.py) and the Permissions-Policy."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from rest_framework.renderers import BrowsableAPIRenderer

from onboarding.input import (
    control_character_message,
    forbidden_character,
    has_forbidden_characters,
)
from onboarding.services import twofactor


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware with one scoped allowance: the REST framework's browsable API
    (an API URL opened in a browser) is DRF's own template, with an inline <style> block (the
    code highlighting) and `style` attributes (float: right). Its pages, and only those, may
    use inline styles; scripts stay as strict as everywhere else."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if isinstance(getattr(response, "accepted_renderer", None), BrowsableAPIRenderer):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts


class PermissionsPolicyMiddleware:
    """Permissions-Policy: the browser features no page of this tool uses (camera,
    microphone, location, payment, USB) are refused to every page and every frame."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allowed)})"
            for feature, allowed in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response


class RefuseControlCharactersMiddleware:
    """A NUL or another control character in the path or the query string is a 400 before
    any view, cache or database sees it (a path or filter holds none legitimately; on
    PostgreSQL a NUL reaching a query was a 500). After the session, language and user
    middleware, so that the 400 page is a whole page in the person's language."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.GET
        texts = [request.path_info, *query.keys(), *(v for k in query for v in query.getlist(k))]
        char = next(filter(None, map(forbidden_character, texts)), None)
        if char is not None:
            message = control_character_message(char)
            if request.path_info.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            context = {"heading": _("The address could not be read"), "message": message}
            page = render_to_string("400.html", context, request=request)
            return HttpResponseBadRequest(page)
        return self.get_response(request)


class DropControlCharacterCookiesMiddleware:
    """A cookie holding a control character (a session id with a NUL: a 500 on PostgreSQL
    where the session is looked up) is dropped, as if it were not sent. Before the session
    middleware; refusing the request instead would refuse every page until the person
    cleared their cookies."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for name, value in list(request.COOKIES.items()):
            if has_forbidden_characters(name) or has_forbidden_characters(value):
                del request.COOKIES[name]
        return self.get_response(request)


class SecondFactorMiddleware:
    """A password session of a role that needs two-step verification, without the code
    (one made before the requirement, or by a login path that skipped it), is ended: the
    person logs in again, through the second step. No query: the session and the user the
    authentication middleware loads anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and not twofactor.session_is_verified(session)
            and request.user.is_authenticated
            and twofactor.required_for_role(request.user)
        ):
            logout(request)
            if not request.path.startswith("/api/"):
                messages.info(request, _("Log in again with the code from your authenticator app."))
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)
