"""URLs of the learning namespace (under /visits/, as before the split)."""

from learning.views import attachments, copying, sections, topics

app_name = "learning"

urlpatterns = [
    *sections.urlpatterns,
    *attachments.urlpatterns,
    *copying.urlpatterns,
    # After itinerary's topics/autocomplete/ (exchange/urls.py includes itinerary first):
    # a topic's slug or pk would match that address too.
    *topics.urlpatterns,
]
