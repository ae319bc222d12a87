from django.urls import path

from apps.workouts import views

app_name = "workouts"
urlpatterns = [
    path("history/", views.history, name="history"),
]
