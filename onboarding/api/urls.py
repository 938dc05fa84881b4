from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from contracts import api as contract_api
from contracts import billing_api
from onboarding.api import eligibility, views
from scheduling import api as scheduling_api
from surveys import api as survey_api

router = SimpleRouter(trailing_slash=True)
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("consortia", views.ConsortiumViewSet, basename="consortium")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("programmes/", views.ProgrammeList.as_view(), name="api-programmes"),
    path("schema/", SpectacularAPIView.as_view(permission_classes=[]), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerView.as_view(url_name="api-schema", permission_classes=[]),
        name="api-docs",
    ),
    path("questionnaires/", survey_api.QuestionnaireList.as_view(), name="api-questionnaires"),
    path(
        "questionnaires/<int:pk>/responses/<str:code>/",
        survey_api.ResponseDetail.as_view(),
        name="api-response",
    ),
    path(
        "questionnaires/<int:pk>/responses/<str:code>/submit/",
        survey_api.ResponseSubmit.as_view(),
        name="api-response-submit",
    ),
    path(
        "questionnaires/<int:pk>/responses/<str:code>/return/",
        survey_api.ResponseReturn.as_view(),
        name="api-response-return",
    ),
    path(
        "questionnaires/<int:pk>/responses/<str:code>/accept/",
        survey_api.ResponseAccept.as_view(),
        name="api-response-accept",
    ),
    path("cost-analysis/", survey_api.CostAnalysisView.as_view(), name="api-cost-analysis"),
    path("agreements/", contract_api.AgreementList.as_view(), name="api-agreements"),
    path("agreements/<int:pk>/", contract_api.AgreementDetail.as_view(), name="api-agreement"),
    path(
        "agreements/<int:pk>/<str:kind>",
        contract_api.AgreementFile.as_view(),
        name="api-agreement-file",
    ),
    path(
        "agreements/<int:pk>/<str:transition>/",
        contract_api.AgreementTransition.as_view(),
        name="api-agreement-transition",
    ),
    path("eligibility/", eligibility.EligibilityList.as_view(), name="api-eligibility"),
    path(
        "eligibility/<str:code>/",
        eligibility.EligibilityDetail.as_view(),
        name="api-eligibility-detail",
    ),
    path("fees/", billing_api.FeeList.as_view(), name="api-fees"),
    path("invoice-runs/", billing_api.InvoiceRunCreate.as_view(), name="api-invoice-runs"),
    path("invoice-runs/<int:pk>/", billing_api.InvoiceRunDetail.as_view(), name="api-invoice-run"),
    path("invoices/", billing_api.InvoiceList.as_view(), name="api-invoices"),
    path(
        "invoices/<str:number>/credit/",
        billing_api.InvoiceCredit.as_view(),
        name="api-invoice-credit",
    ),
    path(
        "invoices/<str:number>/<str:kind>",
        billing_api.InvoiceDocument.as_view(),
        name="api-invoice-document",
    ),
    path("payments/import/", billing_api.PaymentImport.as_view(), name="api-payments-import"),
    path("waves/", scheduling_api.WaveList.as_view(), name="api-waves"),
    path("waves/<int:pk>/", scheduling_api.WaveDetail.as_view(), name="api-wave"),
    path(
        "schedule/proposal/",
        scheduling_api.ScheduleProposal.as_view(),
        name="api-schedule-proposal",
    ),
    path(
        "schedule/confirm/", scheduling_api.ScheduleConfirm.as_view(), name="api-schedule-confirm"
    ),
    path("connections/", scheduling_api.ConnectionList.as_view(), name="api-connections"),
    path("connections/<int:pk>/", scheduling_api.ConnectionDetail.as_view(), name="api-connection"),
    path(
        "connections/<int:pk>/checklist/<slug:key>/",
        scheduling_api.ConnectionTick.as_view(),
        name="api-connection-tick",
    ),
    path(
        "connections/<int:pk>/<str:transition>/",
        scheduling_api.ConnectionTransition.as_view(),
        name="api-connection-transition",
    ),
    path("", include(router.urls)),
]
