"""The visit day's link on the pages below it (core.sections): the delegation page and the
itinerary page point to it while the visit is on, in the visit's local time."""

from django.utils import timezone

from delegations.models import Delegation
from delegations.selectors import delegation_sections
from itinerary.selectors import delegation_zone, itinerary_page_tools
from visits.selectors import visit_is_on

TEMPLATE = "visits/includes/visit_day_link.html"


def visit_day_link(delegation: Delegation, *, user) -> dict | None:
    """Shown while the visit is on (today, where the visit is, is one of its days)."""
    today = timezone.localdate(timezone=delegation_zone(delegation))
    return {"today": today} if visit_is_on(delegation, today=today) else None


def register() -> None:
    delegation_sections.register(TEMPLATE, order=1, context=visit_day_link)
    itinerary_page_tools.register(TEMPLATE, order=10, context=visit_day_link)
