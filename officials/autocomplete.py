from core.autocomplete import AutocompleteView
from officials.models import Official


class OfficialAutocompleteView(AutocompleteView):
    """The directory is shared by every programme: whoever may read it may search it."""

    permission_required = "officials.list_officials"
    create_url_name = "officials:create"
    create_permission = "officials.create_official"

    search_fields = ("full_name", "position", "organisation__name", "organisation__acronym")

    def get_scope(self):
        return Official.objects.select_related("organisation").order_by("full_name", "pk")

    def describe(self, obj: Official) -> str:
        return " · ".join(part for part in (obj.position, str(obj.organisation or "")) if part)
