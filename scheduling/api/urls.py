from django.urls import path

from scheduling.api import views

urlpatterns = [
    path("waves/", views.WaveList.as_view(), name="api-waves"),
    path("waves/<int:pk>/", views.WaveDetail.as_view(), name="api-wave"),
    path("schedule/proposal/", views.ScheduleProposal.as_view(), name="api-schedule-proposal"),
    path("schedule/confirm/", views.ScheduleConfirm.as_view(), name="api-schedule-confirm"),
    path("connections/", views.ConnectionList.as_view(), name="api-connections"),
    path("connections/<int:pk>/", views.ConnectionDetail.as_view(), name="api-connection"),
    path(
        "connections/<int:pk>/checklist/<slug:key>/",
        views.ConnectionTick.as_view(),
        name="api-connection-tick",
    ),
    path(
        "connections/<int:pk>/<str:transition>/",
        views.ConnectionTransition.as_view(),
        name="api-connection-transition",
    ),
]
