from django.urls import path

from partners import views
from partners.autocomplete import OrganisationAutocompleteView

app_name = "partners"

urlpatterns = [
    path("organisations/", views.OrganisationListView.as_view(), name="organisation-list"),
    path(
        "organisations/autocomplete/",
        OrganisationAutocompleteView.as_view(),
        name="organisation-autocomplete",
    ),
]
