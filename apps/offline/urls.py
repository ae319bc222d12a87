from django.urls import path

from apps.offline import views

app_name = "offline"
urlpatterns = [
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("offline/session/", views.session, name="session"),
    path("offline/", views.unavailable, name="unavailable"),
    path("offline/crisis/", views.crisis, name="crisis"),
    path("offline/plan.json", views.plan, name="plan"),
    path("offline/sync/", views.receive, name="sync"),
]
