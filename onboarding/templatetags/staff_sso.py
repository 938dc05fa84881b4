"""The login page's single sign-on button, shown only when OIDC is configured."""

from django import template
from django.urls import reverse

from onboarding.oidc import oidc_enabled

register = template.Library()


@register.simple_tag
def oidc_login_url() -> str:
    """The URL that starts a login through the organisation's provider, or "" when off."""
    return reverse("oidc_authentication_init") if oidc_enabled() else ""
