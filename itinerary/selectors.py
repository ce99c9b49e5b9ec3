"""Reads that the itinerary pages share, with what they prefetch.

An item happens in the local time of where it is: its place (the site's place for a
site visit), and for travel the origin's zone at departure and the destination's at
arrival. Days are grouped by the LOCAL date an item starts on.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from core.dates import local_date
from core.sections import SectionRegistry
from delegations.models import Delegation, Leg, SupportAssignment
from delegations.selectors import delegations_for_user
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem
from itinerary.where import item_zones
from partners.models import Organisation
from places.models import Place

# What higher apps add to the itinerary page's header (the visit day's link, from visits),
# each a template reading the page's `delegation` and its `section.data`.
itinerary_page_tools = SectionRegistry("itinerary:itinerary")


def itinerary_item_queryset() -> QuerySet:
    """Items with everything the day-by-day itinerary shows, in constant queries."""
    return ItineraryItem.objects.select_related(
        "place__parent", "origin__parent", "destination__parent", "site__place__parent"
    ).prefetch_related(
        Prefetch("organisations", queryset=Organisation.objects.order_by("name", "pk")),
        "topics",
        Prefetch(
            "counterpart_links",
            queryset=Counterpart.objects.select_related("official__organisation").order_by("pk"),
        ),
        Prefetch(
            "beneficiary_groups",
            queryset=BeneficiaryGroup.objects.prefetch_related(
                Prefetch("origins", queryset=Place.objects.order_by("name", "pk"))
            ),
        ),
    )


# The legs as the itinerary shows them (itinerary/includes/itinerary_by_leg.html).
LEGS_PREFETCH = (
    Prefetch(
        "legs",
        queryset=Leg.objects.select_related(
            "place__parent", "host_organisation", "requested_by", "arranged_by"
        ).prefetch_related(
            Prefetch(
                "support_team",
                queryset=SupportAssignment.objects.select_related("official").order_by(
                    "order", "pk"
                ),
            )
        ),
    ),
)


def itinerary_prefetch() -> tuple:
    """The prefetch of the delegation page's itinerary section (itinerary/sections.py)."""
    return (Prefetch("itinerary_items", queryset=itinerary_item_queryset()),)


def itinerary_delegation_queryset(*, user) -> QuerySet:
    """The scoped delegations, each with its itinerary ready to show, by leg."""
    return (
        delegations_for_user(user=user)
        .prefetch_related(*itinerary_prefetch(), *LEGS_PREFETCH)
        .select_related("host_organisation", "requested_by", "arranged_by")
    )


def items_for_user(*, user) -> QuerySet:
    """Items of the delegations the user may see (anything else answers 404)."""
    return ItineraryItem.objects.filter(
        delegation__in=delegations_for_user(user=user)
    ).select_related(
        "delegation__programme",
        "delegation__report",
        "place__parent",
        "origin__parent",
        "destination__parent",
        "site__place__parent",
    )


# --- Local time ---------------------------------------------------------------------------------


UTC = ZoneInfo("UTC")


def item_start_zone(item: ItineraryItem) -> ZoneInfo:
    """The zone the item starts in (itinerary.where.item_zones), UTC when nothing says."""
    return item_zones(item)[0] or UTC


@dataclass(frozen=True)
class LocalMoment:
    """A moment as a wall clock where it happens: naive local time and the zone's names."""

    local: datetime  # naive: templates must not convert it again
    zone: str  # Africa/Nairobi
    abbreviation: str  # EAT
    iso: str  # 2019-07-22T09:00:00+03:00, for <time datetime>

    @classmethod
    def of(cls, moment: datetime, zone: ZoneInfo | None) -> "LocalMoment":
        zone = zone or UTC
        local = moment.astimezone(zone)
        return cls(
            local=local.replace(tzinfo=None),
            zone=zone.key,
            abbreviation=local.tzname() or zone.key,
            iso=local.isoformat(),
        )


@dataclass
class ItineraryEntry:
    item: ItineraryItem
    start: LocalMoment
    end: LocalMoment

    @property
    def same_zone(self) -> bool:
        return self.start.zone == self.end.zone

    @property
    def ends_another_day(self) -> bool:
        return self.start.local.date() != self.end.local.date()


@dataclass
class ItineraryDay:
    day: date
    entries: list[ItineraryEntry] = field(default_factory=list)
    before: bool = False  # arrival or travel the day before the delegation's first day
    after: bool = False  # departure or travel the day after its last day


def delegation_zone(delegation: Delegation) -> ZoneInfo:
    """The zone a visit's "today" is read in: its first destination's (prefetched by the
    pages that ask: `destinations`, or the delegation page's `destination_links`, the
    destinations in the order of travel), else the site's own zone."""
    links = getattr(delegation, "destination_links", None)
    places = [link.place for link in links] if links is not None else delegation.destinations.all()
    destinations = sorted(places, key=lambda place: place.pk)
    return ZoneInfo(destinations[0].timezone if destinations else settings.TIME_ZONE)


@dataclass
class NavigatorGroup:
    """Days of the day navigator under one heading: a week, or a leg of the journey."""

    label: str
    days: list[ItineraryDay]


def day_navigator(
    days: list[ItineraryDay], *, legs: Sequence[tuple[str, date, date]] = ()
) -> list[NavigatorGroup]:
    """The itinerary's days grouped for the day navigator: by leg when `legs` (label,
    first day, last day) are given, a day outside every leg under its week; else by
    week (Monday to Sunday)."""
    groups: list[NavigatorGroup] = []
    for day in days:
        leg = next((label for label, first, last in legs if first <= day.day <= last), None)
        if leg is not None:
            label = leg
        else:
            monday = day.day - timedelta(days=day.day.weekday())
            label = _("Week of %(day)s") % {"day": local_date(monday, "j F")}
        if not groups or groups[-1].label != label:
            groups.append(NavigatorGroup(label, []))
        groups[-1].days.append(day)
    return groups


def itinerary_entry(item: ItineraryItem) -> ItineraryEntry:
    start_zone, end_zone = item_zones(item)
    return ItineraryEntry(
        item=item,
        start=LocalMoment.of(item.starts_at, start_zone),
        end=LocalMoment.of(item.ends_at, end_zone),
    )


def itinerary_days(delegation: Delegation, items=None) -> list[ItineraryDay]:
    """Every day of the visit, empty ones included, plus any day an item falls on outside
    it (arrival the day before, departure the day after), each with its items in order.

    `items` defaults to `delegation.itinerary_items.all()` (prefetched by the caller).
    """
    entries = sorted(
        (itinerary_entry(item) for item in (items if items is not None else _items(delegation))),
        key=lambda entry: (entry.item.starts_at, entry.item.pk or 0),
    )
    days: dict[date, ItineraryDay] = {}
    current = delegation.start_date
    while current <= delegation.end_date:
        days[current] = ItineraryDay(current)
        current += timedelta(days=1)
    for entry in entries:
        day = entry.start.local.date()
        if day not in days:
            days[day] = ItineraryDay(
                day, before=day < delegation.start_date, after=day > delegation.end_date
            )
        days[day].entries.append(entry)
    return [days[day] for day in sorted(days)]


def _items(delegation: Delegation):
    return delegation.itinerary_items.all()


def visited_sites(days: list[ItineraryDay]) -> list[ItineraryEntry]:
    """Items held at a site (site visits, engagements at a site), in the itinerary's order."""
    return [entry for day in days for entry in day.entries if entry.item.site_id]


def organisations_of_delegation(delegation: Delegation) -> QuerySet:
    """Organisations already linked to the delegation: who sent, asked, arranged and hosted
    it, and who was met on its itinerary. The item form offers them as checkboxes."""
    linked = Q(itinerary_items__delegation=delegation)
    linked |= Q(delegations_sent=delegation) | Q(legs_hosted__delegation=delegation)
    for name in ("requested_by", "arranged_by", "host_organisation"):
        pk = getattr(delegation, f"{name}_id")
        if pk:
            linked |= Q(pk=pk)
    return Organisation.objects.filter(linked).distinct().order_by("name", "pk")


def places_of_delegation(delegation: Delegation) -> QuerySet:
    """Places the people met may come from: the destinations, the places within them, and
    the origins already recorded on this delegation's items."""
    destinations = delegation.destinations.values("pk")
    return (
        Place.objects.filter(
            Q(pk__in=destinations)
            | Q(parent__in=destinations)
            | Q(beneficiary_groups__item__delegation=delegation)
        )
        .select_related("parent")
        .distinct()
        .order_by("name", "pk")
    )
