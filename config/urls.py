"""The project's URLs: each app's pages and API, included here and nowhere else."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.i18n import JavaScriptCatalog
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from onboarding.views.twofactor import LoginView

# Swagger UI under the site's Content-Security-Policy (config/settings.py): the split view
# serves its start-up script from a URL (`?script`) instead of inline, so scripts stay 'self'.
# Its page has an inline <style> block and its stylesheet draws icons from data: URIs: this
# view alone may use inline styles and data: images. It is shown inside the app's own frame
# (templates/api_docs.html): header, navigation, language and a way back.
api_docs = csp_update({"style-src": [UNSAFE_INLINE], "img-src": ["data:"]})(
    SpectacularSwaggerSplitView.as_view(
        url_name="api-schema",
        template_name="api_docs.html",
        permission_classes=[],
        # A page to read: OPTIONS (DRF's metadata rendered into the page) was a 500.
        http_method_names=["get", "head"],
    )
)

api = [
    path(
        "schema/",
        SpectacularAPIView.as_view(permission_classes=[], http_method_names=["get", "head"]),
        name="api-schema",
    ),
    path("docs/", api_docs, name="api-docs"),
    path("", include("eligibility.api.urls")),
    path("", include("billing.api.urls")),
    path("", include("scheduling.api.urls")),
    path("", include("contracts.api.urls")),
    path("", include("surveys.api.urls")),
    path("", include("onboarding.api.urls")),
]

urlpatterns = [
    path("", include("portal.urls")),
    path("", include("onboarding.urls")),
    path("surveys/", include("surveys.urls")),
    path("agreements/", include("contracts.urls")),
    path("billing/", include("billing.urls")),
    path("connections/", include("scheduling.urls")),
    # The login with its second step (onboarding.views.twofactor); the admin's own password
    # form would skip that step, so the admin sends its login here.
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("accounts/", include("django.contrib.auth.urls")),
    # Staff single sign-on (onboarding/oidc.py): 404 while OIDC_RP_CLIENT_ID is unset.
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include(api)),
    path("admin/", admin.site.urls),
    # Browsers and feed readers ask for /favicon.ico whatever the page links to.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
]
