"""Adding a place: a page, or a form opened in place from the place search."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import CreateView

from core.views import InPlaceCreateMixin, ScopedPermissionMixin, ServiceFormMixin
from places.countries import split_country
from places.forms import PlaceForm
from places.models import Place
from places.services import place_save


class PlaceCreateView(ScopedPermissionMixin, InPlaceCreateMixin, ServiceFormMixin, CreateView):
    permission_required = "places.create_place"  # registered in partners.rules
    form_class = PlaceForm
    template_name = "places/place_form.html"
    action_label = _("Add a place")
    success_message = _("%(name)s was added to the places.")

    def get_scope(self):
        return Place.objects.all()

    def get_initial(self):
        """ "The Hague, Netherlands" typed in the search: the name and the country."""
        initial = super().get_initial()
        name, country = split_country(initial.get("name", ""))
        if country:
            initial.update(name=name.split(",")[0].strip(), country=country)
        return initial

    def perform(self, form):
        return place_save(place=form.instance, actor=self.request.user)

    def get_success_url(self):
        return self.next_url() or reverse("core:home")


urlpatterns = [path("new/", PlaceCreateView.as_view(), name="create")]
