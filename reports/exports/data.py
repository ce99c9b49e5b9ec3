"""The querysets the exports read, with what each row needs fetched up front."""

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext as _

from delegations.filters import DEFAULT_ORDER, DelegationFilter
from delegations.models import DelegationMember, SupportAssignment
from delegations.selectors import delegations_for_user
from itinerary.legs import leg_groups
from itinerary.models import Counterpart, ItineraryItem
from itinerary.selectors import itinerary_days
from learning.models import FollowUp

PLACE = ("place__parent", "origin__parent", "destination__parent", "site__place__parent")


def items_of(delegation) -> QuerySet:
    return (
        ItineraryItem.objects.filter(delegation=delegation)
        .select_related(*PLACE)
        .prefetch_related(
            Prefetch(
                "counterpart_links",
                queryset=Counterpart.objects.select_related("official__organisation"),
            ),
            "organisations",
            "beneficiary_groups",
        )
        .order_by("starts_at", "pk")
    )


def legs_of(delegation) -> QuerySet:
    return delegation.legs.select_related(
        "place__parent", "host_organisation", "requested_by", "arranged_by"
    ).prefetch_related(
        Prefetch("support_team", queryset=SupportAssignment.objects.select_related("official"))
    )


@dataclass(frozen=True)
class ItemLeg:
    """Where an item stands in an export: its position (leg by leg), the number of its
    leg in the order of travel (1, 2, …; None outside the legs or without legs) and the
    leg's name ("" without legs)."""

    position: int
    order: int | None
    name: str


def legs_for_items(delegation) -> QuerySet:
    """The legs, for placing items in them (no hosts or team: the calendar needs none)."""
    return delegation.legs.select_related("place__parent")


def item_legs(delegation, items: list, legs: list) -> dict[int, ItemLeg]:
    """Each item's ItemLeg as the itinerary groups it (itinerary.legs): the exports list
    items leg by leg, in the order of the legs' days; without legs, one group with no
    name. `legs` are in the order of travel (Leg's ordering)."""
    days = itinerary_days(delegation, items)
    groups = leg_groups(days, legs) or [None]
    numbers = {leg.pk: number for number, leg in enumerate(legs, start=1)}
    placed = {}
    position = 0
    for group in groups:
        entries = (
            [entry for day in group.days for entry in day.entries]
            if group is not None
            else [entry for day in days for entry in day.entries]
        )
        order, label = None, ""
        if group is not None and group.leg is not None:
            order, label = numbers[group.leg.pk], str(group.leg.place)
        elif group is not None:
            label = _("Outside the legs")
        for entry in entries:
            placed[entry.item.pk] = ItemLeg(position, order, label)
            position += 1
    return placed


def leg_text(leg: ItemLeg) -> str:
    """The leg as the calendar names it: "2. Santa Rosa County, Florida", "Outside the
    legs", or "" without legs."""
    return f"{leg.order}. {leg.name}" if leg.order is not None else leg.name


def members_of(delegation) -> QuerySet:
    return (
        DelegationMember.objects.filter(delegation=delegation)
        .select_related("official__organisation")
        .order_by("order", "pk")
    )


def support_of(delegation) -> QuerySet:
    return (
        SupportAssignment.objects.filter(delegation=delegation)
        .select_related("official__organisation", "leg__place__parent")
        .order_by("order", "pk")
    )


def follow_ups_in(delegations: QuerySet) -> QuerySet:
    return (
        FollowUp.objects.filter(delegation__in=delegations.order_by().values("pk"))
        .select_related(
            "delegation__programme", "item", "topic", "owner_organisation", "owner_official"
        )
        .order_by("delegation__start_date", "delegation_id", "due_date", "pk")
    )


def with_counts(delegations: QuerySet) -> QuerySet:
    return (
        delegations.select_related("programme", "report", "host_organisation", "project")
        .prefetch_related("sending_organisations", "project__donors")
        .annotate(
            member_count=Count("members", distinct=True),
            item_count=Count("itinerary_items", distinct=True),
        )
    )


def zones(item) -> tuple[ZoneInfo, ZoneInfo]:
    """The zone an item starts in and the one it ends in (travel: origin, destination)."""
    start_place = item.origin or item.place or (item.site.place if item.site else None)
    end_place = item.destination or item.place or (item.site.place if item.site else None)
    start = ZoneInfo(start_place.timezone) if start_place else ZoneInfo("UTC")
    end = ZoneInfo(end_place.timezone) if end_place else start
    return start, end


def where(item) -> str:
    if item.origin and item.destination:
        return f"{item.origin} → {item.destination}"
    place = item.place or (item.site.place if item.site else None)
    parts = [item.site.name] if item.site else []
    if place:
        parts.append(str(place))
    return ", ".join(parts)


def counterparts_text(item) -> list[str]:
    lines = []
    for link in item.counterpart_links.all():
        official = link.official
        position = link.position or official.position
        text = f"{official} ({link.get_role_display()})"
        if position:
            text += f", {position}"
        if official.organisation:
            text += f", {official.organisation}"
        lines.append(text)
    return lines


def listed_delegations(*, user, params) -> QuerySet:
    """The delegations the user's list page shows with `params` (its filters and query),
    in the list's default order; nothing for filters that do not validate."""
    scope = delegations_for_user(user=user).order_by(*DEFAULT_ORDER)
    filterset = DelegationFilter(params or None, queryset=scope, user=user)
    if filterset.is_bound and not filterset.is_valid():
        return scope.none()
    return filterset.qs
