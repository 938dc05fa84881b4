from django.urls import path

from portal import public, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("municipalities/<str:code>/", views.municipality_detail, name="municipality_detail"),
    path("consortia/<slug:slug>/", views.consortium_detail, name="consortium_detail"),
    path("map/", views.municipality_map, name="municipality_map"),
    path("programmes/", public.programme_index, name="programme_index"),
    path("programmes/<slug:slug>/", public.programme_public, name="programme_public"),
    path(
        "programmes/<slug:slug>/v<int:version>/<slug:kind>-<str:language>.pdf",
        public.programme_document,
        name="programme_document",
    ),
]
