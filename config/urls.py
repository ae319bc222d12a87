from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("apps.core.urls")),
    path("", include("apps.offline.urls")),
    path("accounts/", include("allauth.urls")),
    path("settings/", include("apps.accounts.urls")),
    path("programs/", include("apps.programs.urls")),
    path("workouts/", include("apps.workouts.urls")),
    path("journal/", include("apps.journal.urls")),
    path("safety/", include("apps.safety.urls")),
    path("reminders/", include("apps.reminders.urls")),
    path("summary/", include("apps.summary.urls")),
    path("imports/", include("apps.imports.urls")),
    path("crews/", include("apps.together.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "apps.core.views.bad_request"
handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"
