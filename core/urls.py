from django.urls import path

from core import health
from core.views import HomeView, PendingFormView

app_name = "core"

urlpatterns = [
    path("health/", health.health, name="health"),
    path("ready/", health.ready, name="ready"),
    path("forms/pending/", PendingFormView.as_view(), name="pending-form"),
    path("", HomeView.as_view(), name="home"),
]
