from django.urls import path

from apps.reminders import views

app_name = "reminders"
urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
