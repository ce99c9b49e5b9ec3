from core.autocomplete import AutocompleteView
from places.models import Place


class PlaceAutocompleteView(AutocompleteView):
    permission_required = "places.search_places"  # registered in partners.rules
    search_fields = ("name", "parent__name")

    def get_scope(self):
        return Place.objects.select_related("parent").order_by("name", "pk")

    def describe(self, obj: Place) -> str:
        return f"{obj.get_kind_display()} · {obj.country.name} · {obj.timezone}"
