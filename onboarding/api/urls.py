from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from onboarding.api import views

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
    path("", include(router.urls)),
]
