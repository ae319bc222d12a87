from django.urls import path

from apps.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.import_start, name="start"),
    path("<int:pk>/", views.import_page, name="import"),
    path("<int:pk>/progress/", views.import_progress, name="progress"),
    path("<int:pk>/undo/", views.import_undo, name="undo"),
    path("<int:pk>/discard/", views.import_discard, name="discard"),
]
