from django.urls import path

from apps.safety import views

app_name = "safety"
urlpatterns = [
    path("help/", views.crisis, name="crisis"),
    path("guidance/", views.guidance, name="guidance"),
    path("guidance/acknowledge/", views.acknowledge, name="acknowledge"),
    path("guidance/checked/", views.confirm_checked, name="confirm_checked"),
    path("guidance/why/<slug:code>/", views.why, name="why"),
    path("readiness/", views.readiness, name="readiness"),
    path("readiness/clearance/", views.clearance, name="clearance"),
    path("readiness/gentle-start/", views.gentle_start, name="gentle_start"),
    path("plan/", views.plan, name="plan"),
    path("plan/edit/", views.plan_edit, name="plan_edit"),
    path("library/", views.library, name="library"),
    path("library/<slug:slug>/", views.library_topic, name="library_topic"),
]
