from django.urls import path

from apps.together import views

app_name = "together"

urlpatterns = [
    path("", views.crews, name="crews"),
    path("join/<str:token>/", views.join, name="join"),
    path("<int:pk>/", views.crew, name="crew"),
    path("<int:pk>/invite/", views.invite_create, name="invite_create"),
    path("<int:pk>/invite/email/", views.invite_email, name="invite_email"),
    path("<int:pk>/invite/<int:invite_pk>/revoke/", views.invite_revoke, name="invite_revoke"),
    path("<int:pk>/sharing/", views.sharing, name="sharing"),
    path("<int:pk>/leave/", views.leave, name="leave"),
    path("<int:pk>/members/<int:member_pk>/remove/", views.member_remove, name="member_remove"),
    path("<int:pk>/hand-over/", views.hand_over, name="hand_over"),
    path("<int:pk>/cheer/", views.cheer, name="cheer"),
    path("<int:pk>/mute/", views.mute, name="mute"),
    path("<int:pk>/sessions/", views.session_plan, name="session_plan"),
    path("<int:pk>/sessions/<int:session_pk>/place/", views.session_place, name="session_place"),
    path("<int:pk>/sessions/<int:session_pk>/cancel/", views.session_cancel, name="session_cancel"),
]
