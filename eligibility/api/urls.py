from django.urls import path

from eligibility.api import views

urlpatterns = [
    path("eligibility/", views.EligibilityList.as_view(), name="api-eligibility"),
    path("eligibility/decide/", views.EligibilityDecide.as_view(), name="api-eligibility-decide"),
    path(
        "eligibility/<str:code>/", views.EligibilityDetail.as_view(), name="api-eligibility-detail"
    ),
]
