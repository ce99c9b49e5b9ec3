"""A delegation's itinerary as an iCalendar file (RFC 5545; icalendar does the escaping)."""

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from reports.exports.data import (
    ItemLeg,
    counterparts_text,
    item_legs,
    items_of,
    leg_text,
    legs_for_items,
    where,
    zones,
)

DOMAIN = "exchange"


def itinerary_calendar(delegation) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Exchange//Itinerary//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", delegation.title)
    stamp = timezone.now()
    items = list(items_of(delegation))
    placed = item_legs(delegation, items, list(legs_for_items(delegation)))
    for item in items:
        leg = placed[item.pk]
        start_zone, end_zone = zones(item)
        event = Event()
        event.add("uid", f"item-{item.pk}@{DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts_at.astimezone(start_zone))
        event.add("dtend", item.ends_at.astimezone(end_zone))
        event.add("summary", item.title)
        location = where(item)
        if location:
            event.add("location", location)
        if leg.name:
            # The leg as a category too: calendar apps filter and colour by category.
            event.add("categories", [leg.name])
        event.add("description", description(item, leg))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def description(item, leg: ItemLeg | None = None) -> str:
    lines = []
    if leg is not None and leg.name:
        lines.append(f"{_('Leg')}: {leg_text(leg)}")
    lines.append(f"{_('Kind')}: {item.get_kind_display()}")
    counterparts = counterparts_text(item)
    if counterparts:
        lines.append(f"{_('Counterparts')}:")
        lines.extend(f"- {text}" for text in counterparts)
    organisations = [str(organisation) for organisation in item.organisations.all()]
    if organisations:
        lines.append(f"{_('Organisations met')}: {'; '.join(organisations)}")
    if item.summary:
        lines.append(f"{_('Summary')}: {item.summary}")
    if item.illustrative:
        lines.append(_("The times are illustrative."))
    return "\n".join(lines)
