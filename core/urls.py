from django.urls import path
from django.views.generic import RedirectView

from core import health

app_name = "core"

urlpatterns = [
    path("health/", health.health, name="health"),
    path("ready/", health.ready, name="ready"),
    path("", RedirectView.as_view(pattern_name="delegations:list", permanent=False), name="home"),
]
