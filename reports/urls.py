"""URLs of the reports namespace; each views module lists its own patterns."""

from reports.views import exports, report, review

app_name = "reports"

urlpatterns = [*report.urlpatterns, *review.urlpatterns, *exports.urlpatterns]
