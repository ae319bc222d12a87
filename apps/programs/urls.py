from django.urls import path

from apps.programs import views

app_name = "programs"
urlpatterns = [
    path("today/", views.today, name="today"),
    path("mine/", views.mine, name="mine"),
]
