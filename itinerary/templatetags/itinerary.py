"""Template helpers of the itinerary: days, local times with their zone, counts."""

from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from core.dates import local_date
from itinerary.enums import ItemKind
from itinerary.legs import leg_groups
from itinerary.selectors import (
    ItineraryEntry,
    LocalMoment,
    day_navigator,
    delegation_zone,
    itinerary_days,
    visited_sites,
)

register = template.Library()


@register.simple_tag
def itinerary_days_of(delegation):
    """The days of a delegation whose `itinerary_items` are prefetched."""
    return itinerary_days(delegation)


@register.inclusion_tag("itinerary/includes/day_navigator.html")
def day_nav(days, delegation, legs=()):
    """Links to each day of the itinerary, grouped by week (or by leg: `legs` holds
    (label, first day, last day) triples), today's marked in the visit's local time."""
    return {
        "groups": day_navigator(days, legs=legs),
        "today": timezone.localdate(timezone=delegation_zone(delegation)),
    }


@register.simple_tag
def legs_of(delegation, days):
    """The days grouped by the delegation's legs (prefetched as `legs`); [] without legs."""
    return leg_groups(days, list(delegation.legs.all()))


@register.simple_tag
def sites_visited(days):
    return visited_sites(days)


def _clock(moment: LocalMoment, *, with_day: bool = False):
    text = local_date(moment.local, "D j M H:i" if with_day else "H:i")
    return format_html('<time datetime="{}">{}</time>', moment.iso, text)


def _zone(moment: LocalMoment):
    return format_html(
        '<span class="text-nowrap">{} <span class="text-body-secondary">({})</span></span>',
        moment.abbreviation,
        moment.zone,
    )


@register.simple_tag
def local_times(entry: ItineraryEntry):
    """09:00–10:30 EAT (Africa/Nairobi); travel across zones names each end's zone."""
    start, end = entry.start, entry.end
    if entry.same_zone and not entry.ends_another_day:
        return format_html("{}–{} {}", _clock(start), _clock(end), _zone(start))
    return format_html(
        "{} {} → {} {}",
        _clock(start),
        _zone(start),
        _clock(end, with_day=entry.ends_another_day),
        _zone(end),
    )


@register.filter
def count_or_unknown(value):
    """A count of people; unknown is "not recorded", never 0."""
    return _("not recorded") if value is None else value


_KIND_BADGES = {
    ItemKind.ARRIVAL: "text-bg-light border",
    ItemKind.DEPARTURE: "text-bg-light border",
    ItemKind.TRAVEL: "text-bg-light border",
    ItemKind.SITE_VISIT: "text-bg-success",
    ItemKind.COMMUNITY_ENGAGEMENT: "text-bg-success",
    ItemKind.COURTESY_CALL: "text-bg-info",
    ItemKind.DEBRIEF: "text-bg-secondary",
    ItemKind.CULTURAL: "text-bg-secondary",
    ItemKind.OTHER: "text-bg-secondary",
}


@register.filter
def kind_badge(kind: str) -> str:
    """The Bootstrap badge classes of an item kind (meetings, briefings: primary)."""
    return _KIND_BADGES.get(kind, "text-bg-primary")


@register.simple_tag
def item_where(item) -> str:
    """Nairobi → Mombasa for travel; the site and its place; else the place."""
    if item.kind == ItemKind.TRAVEL:
        return f"{item.origin or '?'} → {item.destination or '?'}"
    if item.site_id:
        return f"{item.site.name} · {item.site.place}"
    return str(item.place or "")
