from django.urls import path

from visits import views
from visits.autocomplete import SiteAutocompleteView, TopicAutocompleteView

app_name = "visits"

urlpatterns = [
    path(
        "attachments/<int:pk>/download/",
        views.AttachmentDownloadView.as_view(),
        name="attachment-download",
    ),
    path("sites/autocomplete/", SiteAutocompleteView.as_view(), name="site-autocomplete"),
    path("topics/autocomplete/", TopicAutocompleteView.as_view(), name="topic-autocomplete"),
]
