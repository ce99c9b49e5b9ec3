from core.autocomplete import AutocompleteView
from officials.models import Official


class OfficialAutocompleteView(AutocompleteView):
    """The directory is shared by every programme: any logged-in user may search it."""

    search_fields = ("full_name", "position", "organisation__name", "organisation__acronym")

    def get_scope(self):
        return Official.objects.select_related("organisation").order_by("full_name", "pk")

    def describe(self, obj: Official) -> str:
        return " · ".join(part for part in (obj.position, str(obj.organisation or "")) if part)
