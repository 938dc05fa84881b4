from django.urls import path

from scheduling.views import calendar, exports, participants, proposal, timeline, units

app_name = "scheduling"

urlpatterns = [
    path("", calendar.index, name="index"),
    path("<slug:programme>/", calendar.calendar_view, name="calendar"),
    path("<slug:programme>/calendar.ics", exports.calendar_ics, name="calendar_ics"),
    path("<slug:programme>/export.csv", exports.export, name="export"),
    path("<slug:programme>/timeline/", timeline.timeline, name="timeline"),
    path("<slug:programme>/proposal/", proposal.proposal, name="proposal"),
    path("<slug:programme>/waves/new/", calendar.wave_create, name="wave_create"),
    path("<slug:programme>/waves/<int:pk>/", calendar.wave_edit, name="wave_edit"),
    path("<slug:programme>/waves/<int:pk>/delete/", calendar.wave_delete, name="wave_delete"),
    path("<slug:programme>/units/<slug:key>/", units.unit_detail, name="unit_detail"),
    path("<slug:programme>/units/<slug:key>/calendar.ics", exports.unit_ics, name="unit_ics"),
    path(
        "<slug:programme>/units/<slug:key>/do/<slug:action>/",
        units.unit_action,
        name="unit_action",
    ),
    path("<slug:programme>/participants/", participants.participant_list, name="participants"),
    path("<slug:programme>/participants/select/", participants.selection, name="selection"),
    path("<slug:programme>/participants/follow-up/", participants.follow_up, name="follow_up"),
    path(
        "<slug:programme>/participants/<int:pk>/",
        participants.participant_detail,
        name="participant_detail",
    ),
    path(
        "<slug:programme>/participants/<int:pk>/do/<slug:action>/",
        participants.participant_action,
        name="participant_action",
    ),
]
