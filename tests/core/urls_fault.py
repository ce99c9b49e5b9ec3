"""The project's URLs plus one view that fails: the 500 page must carry the headers too."""

from django.urls import path

from exchange.urls import urlpatterns as project_urlpatterns


def fail(request):
    raise RuntimeError("a fault on purpose")


urlpatterns = [*project_urlpatterns, path("fault/", fail)]
