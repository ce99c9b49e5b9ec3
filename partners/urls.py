from django.urls import path

from partners import views

app_name = "partners"

urlpatterns = [
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
]
