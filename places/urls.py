from django.urls import path

from places import views
from places.autocomplete import CountryAutocompleteView, PlaceAutocompleteView

app_name = "places"

urlpatterns = [
    path("autocomplete/", PlaceAutocompleteView.as_view(), name="autocomplete"),
    *views.urlpatterns,
    path(
        "countries/autocomplete/",
        CountryAutocompleteView.as_view(),
        name="country-autocomplete",
    ),
]
