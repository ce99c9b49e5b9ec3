"""Reads of the visit-day page: one day of a delegation's itinerary, in the visit's
local time, with what is on now and what comes next, and everything recorded so far on
each item (in a constant number of queries, whatever the day holds)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from delegations.models import Delegation
from itinerary.selectors import (
    ItineraryDay,
    ItineraryEntry,
    delegation_zone,
    itinerary_days,
    itinerary_item_queryset,
)
from learning.enums import AttachmentKind
from learning.models import Attachment, FollowUp, Highlight


def visit_item_queryset() -> QuerySet:
    """The itinerary's items with what the visit day shows of each: photos, highlights
    and follow-ups recorded on it (learning's rows), besides the itinerary's own."""
    return itinerary_item_queryset().prefetch_related(
        Prefetch(
            "attachments",
            queryset=Attachment.objects.filter(kind=AttachmentKind.PHOTO).order_by("pk"),
            to_attr="photos",
        ),
        Prefetch("highlights", queryset=Highlight.objects.select_related("speaker").order_by("pk")),
        Prefetch("follow_ups", queryset=FollowUp.objects.order_by("pk")),
    )


def visit_is_on(delegation: Delegation, *, today: date) -> bool:
    return delegation.start_date <= today <= delegation.end_date


@dataclass
class VisitDay:
    """The day shown, the days to pick from, and the day's entries in order."""

    day: ItineraryDay
    days: list[ItineraryDay]
    today: date
    now: datetime  # aware
    on_now: ItineraryEntry | None = None
    up_next: ItineraryEntry | None = None
    outside: str = ""  # "before" or "after" the visit: the first or last day is shown
    previous_day: date | None = None
    next_day: date | None = None
    entries: list[ItineraryEntry] = field(default_factory=list)

    @property
    def is_today(self) -> bool:
        return self.day.day == self.today


def _chosen_day(days: list[ItineraryDay], *, wanted: date | None, today: date) -> tuple:
    """The day to show and, when it stands in for today, whether the visit is yet to come
    ("before") or over ("after"). A wanted day not in the itinerary gives the nearest end."""
    known = [day.day for day in days]
    if wanted in known:
        return wanted, ""
    if wanted is None and today in known:
        return today, ""
    moment = wanted or today
    if moment < known[0]:
        return known[0], "" if wanted else "before"
    if moment > known[-1]:
        return known[-1], "" if wanted else "after"
    return min(known, key=lambda day: abs(day - moment)), ""


def visit_day(delegation: Delegation, *, day: date | None = None, now=None) -> VisitDay:
    """The visit on `day` (None: today where the visit is). Outside the visit's dates it
    is the first day (before the visit) or the last (after it), with `outside` saying so."""
    now = now or timezone.now()
    today = timezone.localtime(now, delegation_zone(delegation)).date()
    days = itinerary_days(delegation, delegation.itinerary_items.all())
    chosen, outside = _chosen_day(days, wanted=day, today=today)
    index = next(i for i, d in enumerate(days) if d.day == chosen)
    shown = days[index]
    result = VisitDay(
        day=shown,
        days=days,
        today=today,
        now=now,
        outside=outside,
        previous_day=days[index - 1].day if index > 0 else None,
        next_day=days[index + 1].day if index + 1 < len(days) else None,
        entries=shown.entries,
    )
    if shown.day == today:
        for entry in shown.entries:
            if entry.item.starts_at <= now < entry.item.ends_at and result.on_now is None:
                result.on_now = entry
            elif entry.item.starts_at > now and result.up_next is None:
                result.up_next = entry
    return result


def visit_delegation_queryset(scope: QuerySet) -> QuerySet:
    """The scoped delegations with every item and what the visit day shows of it."""
    return scope.prefetch_related(
        Prefetch("itinerary_items", queryset=visit_item_queryset()), "destinations"
    )
