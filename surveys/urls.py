from django.urls import path

from surveys.views import overview, respond, results, review

urlpatterns = [
    path("", respond.my_surveys, name="my_surveys"),
    path("<int:pk>/respond/<str:code>/", respond.respond, name="survey_respond"),
    path("<int:pk>/respond/<str:code>/autosave/", respond.autosave, name="survey_autosave"),
    path("responses/<int:pk>/", review.response_detail, name="survey_response"),
    path("responses/<int:pk>/<str:action>/", review.response_review, name="survey_review"),
    path("registry-changes/", review.registry_change_list, name="registry_changes"),
    path(
        "registry-changes/<int:pk>/<str:action>/",
        review.registry_change_decide,
        name="registry_change_decide",
    ),
    path("overview/", overview.overview, name="survey_overview"),
    path("overview/export.<str:fmt>", overview.export_answers, name="survey_export"),
    path("overview/remind/", overview.remind, name="survey_remind"),
    path("cost-analysis/", overview.analysis, name="cost_analysis"),
    path("questionnaires/", overview.questionnaires, name="survey_questionnaires"),
    path("questionnaires/<int:pk>/", overview.questionnaire_detail, name="survey_questionnaire"),
    path(
        "questionnaires/<int:pk>/results/",
        results.questionnaire_results,
        name="survey_results",
    ),
    path(
        "questionnaires/<int:pk>/results.csv",
        results.questionnaire_results_export,
        name="survey_results_export",
    ),
    path(
        "questionnaires/<int:pk>/<str:action>/",
        overview.questionnaire_action,
        name="survey_questionnaire_action",
    ),
]
