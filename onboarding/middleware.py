"""Security headers on every page: the Content-Security-Policy (django-csp, the policy in
config/settings.py) and the Permissions-Policy."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from rest_framework.renderers import BrowsableAPIRenderer


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
