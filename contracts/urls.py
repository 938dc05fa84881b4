from django.urls import path

from contracts.views import agreements

urlpatterns = [
    path("", agreements.agreement_list, name="agreement_list"),
    path("units/", agreements.unit_list, name="unit_list"),
    path("bulk/<str:action>/", agreements.bulk, name="agreement_bulk"),
    path("<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("<int:pk>/do/<str:action>/", agreements.agreement_action, name="agreement_action"),
    path("<int:pk>/files/<str:kind>/", agreements.agreement_file, name="agreement_file"),
]
