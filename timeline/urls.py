"""URLs of the timeline namespace (under /visits/, as before the split)."""

from timeline import views

app_name = "timeline"

urlpatterns = [*views.urlpatterns]
