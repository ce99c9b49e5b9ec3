"""URLs of the itinerary namespace (under /visits/, as before the split)."""

from django.urls import path

from itinerary import directory_views, views
from itinerary.autocomplete import SiteAutocompleteView, TopicAutocompleteView
from itinerary.imports import views as import_views

app_name = "itinerary"

urlpatterns = [
    *views.urlpatterns,
    *import_views.urlpatterns,
    *directory_views.urlpatterns,
    path("sites/autocomplete/", SiteAutocompleteView.as_view(), name="site-autocomplete"),
    path("topics/autocomplete/", TopicAutocompleteView.as_view(), name="topic-autocomplete"),
]
