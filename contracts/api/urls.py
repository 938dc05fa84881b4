from django.urls import path

from contracts.api import views

urlpatterns = [
    path("agreements/", views.AgreementList.as_view(), name="api-agreements"),
    path("agreements/<int:pk>/", views.AgreementDetail.as_view(), name="api-agreement"),
    path(
        "agreements/<int:pk>/<str:kind>", views.AgreementFile.as_view(), name="api-agreement-file"
    ),
    path(
        "agreements/<int:pk>/<str:transition>/",
        views.AgreementTransition.as_view(),
        name="api-agreement-transition",
    ),
]
