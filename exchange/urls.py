"""Project URL wiring: each app brings its own urls module."""

from django.contrib import admin
from django.urls import include, path

from accounts.views import set_language

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("core.urls")),
    path("delegations/", include("delegations.urls")),
    # Under /visits/ as before the split; the itinerary first (see learning.urls).
    path("visits/", include("itinerary.urls")),
    path("visits/", include("learning.urls")),
    path("visits/", include("timeline.urls")),
    path("officials/", include("officials.urls")),
    path("partners/", include("partners.urls")),
    path("places/", include("places.urls")),
    path("reports/", include("reports.urls")),
    path("search/", include("search.urls")),
]
