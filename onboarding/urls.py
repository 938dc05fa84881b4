from django.urls import path

from onboarding.views import accounts, health, jobs, registry, twofactor

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
    path("jobs/<int:pk>/resume/", jobs.job_resume_view, name="job_resume"),
    path("invitations/", accounts.invitation_list, name="invitation_list"),
    path("invitation/<str:token>/", accounts.invitation_accept_view, name="invitation_accept"),
    path("account/", accounts.account, name="account"),
    path("accounts/two-factor/", twofactor.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", twofactor.two_factor_setup, name="two_factor_setup"),
    path(
        "accounts/two-factor/recovery-codes/",
        twofactor.recovery_codes_renew,
        name="two_factor_recovery_renew",
    ),
    path("accounts/two-factor/off/", twofactor.two_factor_disable, name="two_factor_disable"),
    path(
        "account/tokens/<int:pk>/revoke/",
        accounts.account_token_revoke,
        name="account_token_revoke",
    ),
    path(
        "account/log-out-everywhere/",
        accounts.account_sign_out_everywhere,
        name="account_sign_out_everywhere",
    ),
    path("integration-tokens/", accounts.integration_tokens, name="integration_tokens"),
    path(
        "integration-tokens/<int:pk>/revoke/",
        accounts.integration_token_revoke,
        name="integration_token_revoke",
    ),
]
