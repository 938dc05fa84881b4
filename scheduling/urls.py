from django.urls import path

from scheduling import views

app_name = "scheduling"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:programme>/", views.calendar_view, name="calendar"),
    path("<slug:programme>/calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("<slug:programme>/export.csv", views.export, name="export"),
    path("<slug:programme>/timeline/", views.timeline, name="timeline"),
    path("<slug:programme>/proposal/", views.proposal, name="proposal"),
    path("<slug:programme>/waves/new/", views.wave_create, name="wave_create"),
    path("<slug:programme>/waves/<int:pk>/", views.wave_edit, name="wave_edit"),
    path("<slug:programme>/waves/<int:pk>/delete/", views.wave_delete, name="wave_delete"),
    path("<slug:programme>/units/<slug:key>/", views.unit_detail, name="unit_detail"),
    path("<slug:programme>/units/<slug:key>/calendar.ics", views.unit_ics, name="unit_ics"),
    path(
        "<slug:programme>/units/<slug:key>/do/<slug:action>/",
        views.unit_action,
        name="unit_action",
    ),
]
