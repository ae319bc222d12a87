from django.urls import path

from apps.safety import views

app_name = "safety"
urlpatterns = [
    path("help/", views.crisis, name="crisis"),
    path("guidance/", views.guidance, name="guidance"),
]
