"""Project URL wiring: each app brings its own urls module."""

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from accounts.views import ThrottledPasswordResetView, set_language
from core.uploads import request_too_large

admin.site.site_header = _("Exchange administration")
admin.site.site_title = _("Exchange administration")
admin.site.index_title = _("Site administration")

handler403 = "exchange.errors.permission_denied"


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico on every page without an icon link (the admin's):
    the icon, not a 404 in the log."""

    permanent = False  # the static name changes with the file (hashed in production)

    def get_redirect_url(self, *args, **kwargs):
        return static("favicon.svg")


urlpatterns = [
    # The admin's log-in page offers "Forgotten your password?" when this name exists.
    path(
        "admin/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="admin_password_reset",
    ),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("", include("core.urls")),
    path("delegations/", include("delegations.urls")),
    # Under /visits/ as before the split; the itinerary first (see learning.urls).
    path("visits/", include("itinerary.urls")),
    path("visits/", include("learning.urls")),
    path("visits/", include("timeline.urls")),
    path("visits/", include("visits.urls")),
    path("officials/", include("officials.urls")),
    path("partners/", include("partners.urls")),
    path("places/", include("places.urls")),
    path("reports/", include("reports.urls")),
    path("search/", include("search.urls")),
    path("jobs/", include("jobs.urls")),
]

# A body over the size limit (core.uploads) answers 413 with the limit; others are 400.
handler400 = request_too_large
