from django.urls import path
from django.views.generic import RedirectView

from core import views

app_name = "core"

urlpatterns = [
    path("health/", views.health, name="health"),
    # Until the staff pages exist, the app's front door is the admin.
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False), name="home"),
]
