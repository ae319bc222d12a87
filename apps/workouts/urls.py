from django.urls import path

from apps.workouts import views

app_name = "workouts"
urlpatterns = [
    path("start/", views.session_start, name="session_start"),
    path("sessions/<int:pk>/", views.session_page, name="session"),
    path("sessions/<int:pk>/summary/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/finish/", views.session_finish, name="session_finish"),
    path("sessions/<int:pk>/discard/", views.session_discard, name="session_discard"),
    path("sessions/<int:pk>/add-exercise/", views.exercise_add, name="exercise_add"),
    path("exercises/<int:pk>/sets/", views.set_log, name="set_log"),
    path("exercises/<int:pk>/add-set/", views.exercise_add_set, name="exercise_add_set"),
    path("exercises/<int:pk>/note/", views.exercise_note, name="exercise_note"),
    path("exercises/<int:pk>/swap/", views.exercise_swap, name="exercise_swap"),
    path("exercises/<int:pk>/pair/", views.exercise_pair, name="exercise_pair"),
    path("exercises/<int:pk>/unpair/", views.exercise_unpair, name="exercise_unpair"),
    path("sets/<int:pk>/", views.set_row, name="set_row"),
    path("sets/<int:pk>/edit/", views.set_edit, name="set_edit"),
    path("sets/<int:pk>/delete/", views.set_delete, name="set_delete"),
    path("sets/<int:pk>/restore/", views.set_restore, name="set_restore"),
    path("history/", views.history, name="history"),
    path("progress/", views.progress, name="progress"),
    path("progress/<slug:slug>/", views.exercise_progress, name="exercise_progress"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.json", views.export_json, name="export_json"),
]
