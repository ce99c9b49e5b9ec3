from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteView
from places.models import Place


class PlaceAutocompleteView(AutocompleteView):
    permission_required = "places.search_places"  # registered in partners.rules
    search_fields = ("name", "parent__name")
    create_url_name = "places:create"
    create_permission = "places.create_place"  # registered in partners.rules
    empty_hint = _(
        "Try part of the name, without the country. Programme staff can add a missing place."
    )

    def get_scope(self):
        return Place.objects.select_related("parent").order_by("name", "pk")

    def describe(self, obj: Place) -> str:
        return f"{obj.get_kind_display()} · {obj.country.name} · {obj.timezone}"
