from django.urls import path

from officials import views

app_name = "officials"

urlpatterns = [
    path("", views.OfficialListView.as_view(), name="list"),
]
