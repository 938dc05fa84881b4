from django.urls import path

from surveys.api import views

urlpatterns = [
    path("questionnaires/", views.QuestionnaireList.as_view(), name="api-questionnaires"),
    path(
        "questionnaires/<int:pk>/responses/<str:code>/",
        views.ResponseDetail.as_view(),
        name="api-response",
    ),
    path(
        "questionnaires/<int:pk>/responses/<str:code>/submit/",
        views.ResponseSubmit.as_view(),
        name="api-response-submit",
    ),
    path(
        "questionnaires/<int:pk>/responses/<str:code>/return/",
        views.ResponseReturn.as_view(),
        name="api-response-return",
    ),
    path(
        "questionnaires/<int:pk>/responses/<str:code>/accept/",
        views.ResponseAccept.as_view(),
        name="api-response-accept",
    ),
    path("registry-changes/", views.RegistryChangeList.as_view(), name="api-registry-changes"),
    path(
        "registry-changes/<int:pk>/",
        views.RegistryChangeDetail.as_view(),
        name="api-registry-change",
    ),
    path(
        "registry-changes/<int:pk>/apply/",
        views.RegistryChangeApply.as_view(),
        name="api-registry-change-apply",
    ),
    path(
        "registry-changes/<int:pk>/dismiss/",
        views.RegistryChangeDismiss.as_view(),
        name="api-registry-change-dismiss",
    ),
    path("cost-analysis/", views.CostAnalysisView.as_view(), name="api-cost-analysis"),
]
