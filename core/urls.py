from django.urls import path

from core import health
from core.views import HomeView, PendingCreateView

app_name = "core"

urlpatterns = [
    path("health/", health.health, name="health"),
    path("ready/", health.ready, name="ready"),
    path("pending/create/", PendingCreateView.as_view(), name="pending-create"),
    path("", HomeView.as_view(), name="home"),
]
