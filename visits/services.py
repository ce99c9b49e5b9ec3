"""Writes the visit day makes beyond those of the apps below: a counterpart met who is
not in the directory yet is added to it and to the item in one step."""

from django.db import transaction

from itinerary.models import Counterpart, ItineraryItem
from itinerary.services import counterpart_add
from officials.models import Official
from officials.services import official_save


@transaction.atomic
def counterpart_meet(
    *,
    item: ItineraryItem,
    actor,
    role: str,
    official: Official | None = None,
    new_official: dict | None = None,
) -> Counterpart:
    """Record that `official` was met on the item, or first add the person `new_official`
    describes (full_name, position, organisation) to the directory: both or neither."""
    if official is None:
        official = official_save(official=Official(**(new_official or {})), actor=actor)
    return counterpart_add(item=item, official=official, actor=actor, role=role)
