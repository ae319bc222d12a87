from django.urls import path

from apps.summary import views

app_name = "summary"
urlpatterns = [
    path("", views.summary, name="summary"),
    path("pdf/", views.summary_download, name="pdf"),
    path("links/", views.links, name="links"),
    path("links/<int:pk>/revoke/", views.link_revoke, name="link_revoke"),
    path("shared/<str:token>/", views.shared, name="shared"),
    path("shared/<str:token>/pdf/", views.shared_download, name="shared_pdf"),
]
