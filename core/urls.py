from django.urls import path

from core import health
from core.views import HomeView

app_name = "core"

urlpatterns = [
    path("health/", health.health, name="health"),
    path("ready/", health.ready, name="ready"),
    path("", HomeView.as_view(), name="home"),
]
