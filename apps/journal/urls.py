from django.urls import path

from apps.journal import views

app_name = "journal"
urlpatterns = [
    path("", views.timeline, name="timeline"),
    path("prompt/dismiss/", views.prompt_dismiss, name="prompt_dismiss"),
    path("insights/", views.insights, name="insights"),
    path("check-ins/new/", views.checkin_create, name="checkin_create"),
    path("check-ins/<int:pk>/", views.checkin_detail, name="checkin_detail"),
    path("check-ins/<int:pk>/edit/", views.checkin_edit, name="checkin_edit"),
    path("check-ins/<int:pk>/delete/", views.checkin_delete, name="checkin_delete"),
    path(
        "questionnaires/<slug:kind>/new/",
        views.questionnaire_create,
        name="questionnaire_create",
    ),
    path("questionnaires/<int:pk>/", views.questionnaire_detail, name="questionnaire_detail"),
    path(
        "questionnaires/<int:pk>/delete/",
        views.questionnaire_delete,
        name="questionnaire_delete",
    ),
]
