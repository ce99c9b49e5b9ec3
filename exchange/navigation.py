"""Which entry of the navigation bar the page belongs to (a context processor).

The project, not core, says it: the entries name pages of several apps. The itinerary,
learning and timeline pages of a delegation are under "Delegations", except the topic
pages, which have an entry of their own.
"""

from django.http import HttpRequest

ENTRY_OF_NAMESPACE = {
    "delegations": "delegations",
    "itinerary": "delegations",
    "learning": "delegations",
    "timeline": "delegations",
    "officials": "officials",
    "partners": "partners",
    "reports": "reports",
}
TOPIC_PAGES = {"learning:topic-list", "learning:topic-detail"}


def navigation(request: HttpRequest) -> dict[str, str]:
    match = getattr(request, "resolver_match", None)
    if match is None:  # an error page before any view
        return {"nav_entry": ""}
    if match.view_name in TOPIC_PAGES:
        return {"nav_entry": "topics"}
    return {"nav_entry": ENTRY_OF_NAMESPACE.get(match.app_name, "")}
