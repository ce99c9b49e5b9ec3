"""The section the itinerary adds to the delegation page (core.sections): the visit day by
day, read with the same prefetch as the itinerary page, parents of places included (a
place names its parent: "Mombasa, Mombasa County")."""

from django.utils.translation import gettext_lazy as _

from delegations.selectors import delegation_sections
from itinerary.selectors import LEGS_PREFETCH, itinerary_prefetch


def register() -> None:
    delegation_sections.register(
        "itinerary/includes/itinerary_section.html",
        order=30,
        prefetch=(*itinerary_prefetch(), *LEGS_PREFETCH),
        anchor="itinerary",
        title=_("Itinerary"),
    )
