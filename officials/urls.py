from django.urls import path

from officials import views
from officials.autocomplete import OfficialAutocompleteView

app_name = "officials"

urlpatterns = [
    path("", views.OfficialListView.as_view(), name="list"),
    path("new/", views.OfficialCreateView.as_view(), name="create"),
    path("<int:pk>/", views.OfficialDetailView.as_view(), name="detail"),
    path("<int:pk>/edit/", views.OfficialUpdateView.as_view(), name="update"),
    path("autocomplete/", OfficialAutocompleteView.as_view(), name="autocomplete"),
]
