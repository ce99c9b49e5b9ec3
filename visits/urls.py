"""URLs of the visits namespace; each views module lists its own patterns."""

from django.urls import path

from visits.autocomplete import SiteAutocompleteView, TopicAutocompleteView
from visits.views import attachments, itinerary, learning
from visits.views import topics as topic_views
from visits.views.history import urlpatterns as history_urlpatterns

app_name = "visits"

urlpatterns = [
    *itinerary.urlpatterns,
    *learning.urlpatterns,
    *attachments.urlpatterns,
    path("sites/autocomplete/", SiteAutocompleteView.as_view(), name="site-autocomplete"),
    path("topics/autocomplete/", TopicAutocompleteView.as_view(), name="topic-autocomplete"),
    # After topics/autocomplete/: a topic's slug or pk would match that address too.
    *topic_views.urlpatterns,
    *history_urlpatterns,
]
