from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from onboarding.views import accounts, pages, registry

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz", pages.healthz, name="healthz"),
    path("municipalities/", registry.MunicipalityListView.as_view(), name="municipality_list"),
    path("municipalities/<str:code>/", registry.municipality_detail, name="municipality_detail"),
    path("municipalities/<str:code>/edit/", registry.municipality_edit, name="municipality_edit"),
    path("municipalities/<str:code>/contacts/new/", registry.contact_edit, name="contact_new"),
    path(
        "municipalities/<str:code>/contacts/<int:pk>/", registry.contact_edit, name="contact_edit"
    ),
    path("consortia/", registry.consortium_list, name="consortium_list"),
    path("consortia/<slug:slug>/", registry.consortium_detail, name="consortium_detail"),
    path("map/", registry.municipality_map, name="municipality_map"),
    path("surveys/", include("surveys.urls")),
    path("agreements/", include("contracts.urls")),
    path("billing/", include("contracts.billing_urls")),
    path("connections/", include("scheduling.urls")),
    path("invitations/", accounts.invitation_list, name="invitation_list"),
    path("invitation/<str:token>/", accounts.invitation_accept_view, name="invitation_accept"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("api/v1/", include("onboarding.api.urls")),
    path("admin/", admin.site.urls),
]
