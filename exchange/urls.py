"""Project URL wiring: each app brings its own urls module."""

from django.contrib import admin
from django.urls import include, path

handler403 = "exchange.errors.permission_denied"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
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
