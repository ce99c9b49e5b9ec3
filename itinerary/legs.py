"""Which leg of a visit an item falls into: by where and when it happens.

A leg (delegations.Leg) is a city or region and its days. An item falls into the first
leg, by its days, whose place is the item's place or contains it (a site in Tampa falls
into a leg in Hillsborough County); failing that, into the first leg whose days hold the
item's local day (travel between two legs); failing that, into none. A visit without
legs is one group, as before.

The places' parents are read a level at a time for all items together, so the number of
queries depends on how deep places nest, never on how many items there are.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from itinerary.selectors import ItineraryDay
from places.models import Place

MAX_DEPTH = 8


@dataclass
class LegGroup:
    """A leg (None: items in no leg) and its days, each with the items that fall into it."""

    leg: object | None
    days: list = field(default_factory=list)

    @property
    def first_day(self) -> date:
        if self.leg is not None:
            return self.leg.start_date
        return self.days[0].day if self.days else date.max


def item_place_id(item) -> int | None:
    """Where the item happens, for legs: its place (a site's), or where travel starts."""
    if item.place_id:
        return item.place_id
    if item.site_id and item.site.place_id:
        return item.site.place_id
    return item.origin_id or item.destination_id


def ancestors(place_ids: set[int]) -> dict[int, set[int]]:
    """Each place id -> itself and every place it is part of."""
    parent_of: dict[int, int | None] = {}
    frontier = set(place_ids)
    for _level in range(MAX_DEPTH):
        frontier -= parent_of.keys()
        if not frontier:
            break
        rows = Place.objects.filter(pk__in=frontier).values_list("pk", "parent_id")
        parent_of.update(rows)
        frontier = {parent for _pk, parent in rows if parent}
    chains = {}
    for pk in place_ids:
        chain, current = set(), pk
        while current and current not in chain:
            chain.add(current)
            current = parent_of.get(current)
        chains[pk] = chain
    return chains


def leg_of(entry, legs: list, chains: dict[int, set[int]]):
    day = entry.start.local.date()
    on_the_day = [leg for leg in legs if leg.start_date <= day <= leg.end_date]
    place = item_place_id(entry.item)
    within = chains.get(place, set()) if place else set()
    for leg in on_the_day:
        if leg.place_id in within:
            return leg
    return on_the_day[0] if on_the_day else None


def leg_groups(days: list, legs: list) -> list[LegGroup]:
    """The itinerary's days (itinerary.selectors.itinerary_days) grouped by leg, in the
    order of the legs' days; each leg shows every one of its days, empty ones included;
    items in no leg come in a group of their own. Without legs: []."""
    if not legs:
        return []
    entries = [(day, entry) for day in days for entry in day.entries]
    chains = ancestors({pid for _day, e in entries if (pid := item_place_id(e.item))})
    groups = {leg.pk: LegGroup(leg) for leg in legs}
    outside = LegGroup(None)
    by_group_day: dict[tuple, ItineraryDay] = {}
    for leg in legs:
        current = leg.start_date
        while current <= leg.end_date:
            by_group_day[(leg.pk, current)] = ItineraryDay(current)
            current += timedelta(days=1)
    for day, entry in entries:
        leg = leg_of(entry, legs, chains)
        key = (leg.pk if leg else None, day.day)
        if key not in by_group_day:
            by_group_day[key] = ItineraryDay(day.day, before=day.before, after=day.after)
        by_group_day[key].entries.append(entry)
    for (leg_pk, _day), itinerary_day in sorted(by_group_day.items(), key=lambda kv: kv[0][1]):
        (groups[leg_pk] if leg_pk is not None else outside).days.append(itinerary_day)
    result = list(groups.values()) + ([outside] if outside.days else [])
    return sorted(result, key=lambda group: (group.first_day, group.leg is None))
