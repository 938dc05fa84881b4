"""The registry's API: tokens, programmes, municipalities and consortia."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from onboarding.api import views

router = SimpleRouter(trailing_slash=True)
router.register("municipalities", views.MunicipalityViewSet, basename="municipality")
router.register("consortia", views.ConsortiumViewSet, basename="consortium")

urlpatterns = [
    path("auth/token/", views.TokenView.as_view(), name="api-token"),
    path("programmes/", views.ProgrammeList.as_view(), name="api-programmes"),
    path("", include(router.urls)),
]
