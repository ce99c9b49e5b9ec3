"""URLs of the visits namespace (under /visits/): the visit day and its quick captures."""

from visits import views

app_name = views.app_name
urlpatterns = views.urlpatterns
