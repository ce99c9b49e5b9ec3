from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.autocomplete import RESULTS, AutocompleteView, rank_names
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


@dataclass(frozen=True)
class CountryOption:
    pk: str
    name: str

    def __str__(self) -> str:
        return self.name


class CountryAutocompleteView(AutocompleteView):
    """The countries whose name holds the query, in the user's language, exact first:
    "Sudan" before "South Sudan". Whoever may search places may search countries."""

    permission_required = "places.search_places"

    def get_queryset(self) -> list[CountryOption]:
        query = self.get_query()
        if len(query) < self.min_length:
            return []
        pairs = [(code, str(name)) for code, name in countries]
        pairs += [(code, code) for code, _name in countries if query.upper() == code]
        found = dict(rank_names(pairs, query))
        return [CountryOption(code, str(countries.name(code))) for code in found][:RESULTS]

    def describe(self, obj: CountryOption) -> str:
        return obj.pk
