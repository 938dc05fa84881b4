from django.urls import path

from onboarding.views import accounts, health, jobs, registry

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("municipalities/", registry.MunicipalityListView.as_view(), name="municipality_list"),
    path("municipalities/<str:code>/edit/", registry.municipality_edit, name="municipality_edit"),
    path(
        "municipalities/<str:code>/merge/", registry.municipality_merge, name="municipality_merge"
    ),
    path("municipalities/<str:code>/contacts/new/", registry.contact_edit, name="contact_new"),
    path(
        "municipalities/<str:code>/contacts/<int:pk>/", registry.contact_edit, name="contact_edit"
    ),
    path("consortia/", registry.consortium_list, name="consortium_list"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("jobs/<int:pk>/download/", jobs.job_download, name="job_download"),
    path("invitations/", accounts.invitation_list, name="invitation_list"),
    path("invitation/<str:token>/", accounts.invitation_accept_view, name="invitation_accept"),
]
