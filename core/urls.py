from django.urls import path
from django.views.generic import RedirectView

from core import views

app_name = "core"

urlpatterns = [
    path("health/", views.health, name="health"),
    path("", RedirectView.as_view(pattern_name="delegations:list", permanent=False), name="home"),
]
