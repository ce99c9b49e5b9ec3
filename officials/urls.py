from django.urls import path

from officials import views
from officials.autocomplete import OfficialAutocompleteView

app_name = "officials"

urlpatterns = [
    path("", views.OfficialListView.as_view(), name="list"),
    path("autocomplete/", OfficialAutocompleteView.as_view(), name="autocomplete"),
]
