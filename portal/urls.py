from django.urls import path

from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("municipalities/<str:code>/", views.municipality_detail, name="municipality_detail"),
    path("consortia/<slug:slug>/", views.consortium_detail, name="consortium_detail"),
    path("map/", views.municipality_map, name="municipality_map"),
]
