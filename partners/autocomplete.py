from core.autocomplete import AutocompleteView
from partners.models import Organisation


class OrganisationAutocompleteView(AutocompleteView):
    permission_required = "partners.list_organisations"
    search_fields = ("name", "acronym")
    create_url_name = "partners:organisation-create"
    create_permission = "partners.create_organisation"

    def get_scope(self):
        return Organisation.objects.select_related("parent").order_by("name", "pk")

    def describe(self, obj: Organisation) -> str:
        parts = [obj.get_kind_display(), obj.country.name if obj.country else ""]
        if obj.parent_id:
            parts.append(str(obj.parent))
        return " · ".join(part for part in parts if part)
