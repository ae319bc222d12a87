from django.urls import path

from apps.programs import views

app_name = "programs"
urlpatterns = [
    path("today/", views.today, name="today"),
    path("mine/", views.mine, name="mine"),
    path("mine/week/", views.week, name="week"),
    path("mine/month/", views.month, name="month"),
    path("mine/pause/", views.pause, name="pause"),
    path("mine/resume/", views.resume, name="resume"),
    path("mine/stop/", views.stop, name="stop"),
    path("mine/calendar-feed/", views.feed_manage, name="feed_manage"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("", views.browse, name="browse"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/start/", views.enroll, name="enroll"),
    path("<int:pk>/copy/", views.copy, name="copy"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
    path("<int:pk>/follow/", views.adopt, name="adopt"),
    path("days/<int:day_id>/add/", views.rx_add, name="rx_add"),
    path("exercises-in-plan/<int:pk>/edit/", views.rx_edit, name="rx_edit"),
    path("exercises-in-plan/<int:pk>/delete/", views.rx_delete, name="rx_delete"),
    path("exercises-in-plan/<int:pk>/move/", views.rx_move, name="rx_move"),
    path("exercises-in-plan/<int:pk>/pair/", views.rx_pair, name="rx_pair"),
    path("swap/<int:prescription_id>/", views.swap, name="swap"),
    path("swap/<int:pk>/undo/", views.swap_undo, name="swap_undo"),
    path("exercises/", views.exercises, name="exercises"),
    path("exercises/<slug:slug>/", views.exercise, name="exercise"),
]
