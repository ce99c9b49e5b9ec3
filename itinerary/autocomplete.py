from core.autocomplete import AutocompleteView
from itinerary.models import Site, Topic


class SiteAutocompleteView(AutocompleteView):
    # Sites are shared like topics (and the directory): the same readers.
    permission_required = "itinerary.view_topics"
    search_fields = ("name", "place__name", "organisation__name")
    create_url_name = "itinerary:site-create"
    create_permission = "itinerary.create_site"

    def get_scope(self):
        return Site.objects.select_related("place").order_by("name", "pk")

    def describe(self, obj: Site) -> str:
        return f"{obj.get_kind_display()} · {obj.place}"


class TopicAutocompleteView(AutocompleteView):
    permission_required = "itinerary.view_topics"
    search_fields = ("name", "slug")
    create_url_name = "itinerary:topic-create"
    create_permission = "itinerary.create_topic"

    def get_scope(self):
        return Topic.objects.order_by("name")
