"""A new delegation from an earlier one: "New delegation from this one".

It lives in learning, the highest of the apps whose rows it copies (the delegation and its
legs, the itinerary, the objectives and which items served them). What happened is not
copied: no counterparts, summaries, outcomes, highlights, follow-ups or attachments, and
the report starts empty. Members come along only when asked.

`copy_plan` says what the copy will hold (a preview: nothing written); `delegation_copy`
writes it in one transaction through each app's services.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Prefetch

from delegations.models import Delegation, DelegationDestination, DelegationMember, Leg
from delegations.services import delegation_create, leg_add, member_add
from itinerary.models import ItineraryItem
from itinerary.services import item_create
from itinerary.where import item_zones
from learning.models import LearningObjective
from learning.services.records import item_objectives_set, objective_add

COPIED_FIELDS = (
    "programme",
    "project",
    "purpose",
    "background",
    "sending_countries",
    "requested_by",
    "arranged_by",
    "host_country",
    "host_organisation",
)
ITEM_FIELDS = ("kind", "title", "place", "origin", "destination", "site", "illustrative")
LEG_FIELDS = ("place", "host_organisation", "requested_by", "arranged_by", "notes")


def _moved(moment: datetime, zone: ZoneInfo | None, days: int) -> datetime:
    """The same wall-clock time `days` later where it happens (summer time respected)."""
    zone = zone or ZoneInfo("UTC")
    local = moment.astimezone(zone).replace(tzinfo=None) + timedelta(days=days)
    return local.replace(tzinfo=zone)


@dataclass
class CopiedItem:
    item: ItineraryItem
    starts_at: datetime  # in the zone where it happens
    ends_at: datetime

    @property
    def when(self) -> str:
        """The new times as the wall clock where they happen (not the server's zone)."""
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M} {self.starts_at:%Z}"

    @property
    def was(self) -> str:
        return f"{self.item.starts_at.astimezone(self.starts_at.tzinfo):%Y-%m-%d}"


@dataclass
class CopyPlan:
    source: Delegation
    start_date: date
    end_date: date
    days: int
    items: list[CopiedItem]
    objectives: list[LearningObjective]
    legs: list[Leg]
    members: list[DelegationMember]


def copy_source_queryset():
    """What a copy reads, in a fixed number of queries whatever its size."""
    return Delegation.objects.select_related("programme", "project").prefetch_related(
        "sending_organisations",
        Prefetch(
            "itinerary_items",
            queryset=ItineraryItem.objects.select_related(
                "place", "origin", "destination", "site__place"
            ).prefetch_related("organisations", "topics", "objectives"),
        ),
        Prefetch("learning_objectives", queryset=LearningObjective.objects.order_by("order", "pk")),
        Prefetch("legs", queryset=Leg.objects.order_by("start_date", "pk")),
        Prefetch(
            "members",
            queryset=DelegationMember.objects.select_related("official").order_by("order", "pk"),
        ),
    )


def copy_plan(*, source: Delegation, start_date: date) -> CopyPlan:
    days = (start_date - source.start_date).days
    items = []
    for item in source.itinerary_items.all():
        start_zone, end_zone = item_zones(item)
        items.append(
            CopiedItem(
                item=item,
                starts_at=_moved(item.starts_at, start_zone, days),
                ends_at=_moved(item.ends_at, end_zone, days),
            )
        )
    return CopyPlan(
        source=source,
        start_date=start_date,
        end_date=source.end_date + timedelta(days=days),
        days=days,
        items=items,
        objectives=list(source.learning_objectives.all()),
        legs=list(source.legs.all()),
        members=list(source.members.all()),
    )


@transaction.atomic
def delegation_copy(*, plan: CopyPlan, title: str, with_members: bool, actor) -> Delegation:
    source, shift = plan.source, timedelta(days=plan.days)
    delegation = delegation_create(
        actor=actor,
        title=title,
        start_date=plan.start_date,
        end_date=plan.end_date,
        destinations=[
            link.place
            for link in DelegationDestination.objects.filter(delegation=source)
            .select_related("place")
            .order_by("order", "pk")
        ],
        sending_organisations=list(source.sending_organisations.all()),
        **{name: getattr(source, name) for name in COPIED_FIELDS},
    )
    for leg in plan.legs:
        leg_add(
            delegation=delegation,
            actor=actor,
            start_date=leg.start_date + shift,
            end_date=leg.end_date + shift,
            **{name: getattr(leg, name) for name in LEG_FIELDS},
        )
    objectives = {
        objective.pk: objective_add(
            delegation=delegation,
            actor=actor,
            description=objective.description,
            topic=objective.topic,
            order=objective.order,
        )
        for objective in plan.objectives
    }
    for copied in plan.items:
        item = copied.item
        new = item_create(
            delegation=delegation,
            actor=actor,
            organisations=list(item.organisations.all()),
            topics=list(item.topics.all()),
            starts_at=copied.starts_at,
            ends_at=copied.ends_at,
            **{name: getattr(item, name) for name in ITEM_FIELDS},
        )
        served = [objectives[objective.pk] for objective in item.objectives.all()]
        if served:
            item_objectives_set(item=new, objectives=served, actor=actor)
    if with_members:
        for member in plan.members:
            member_add(
                delegation=delegation,
                official=member.official,
                actor=actor,
                role=member.role,
                position=member.position,
                order=member.order,
            )
    return delegation
