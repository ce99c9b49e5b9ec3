"""Writes on the itinerary: items, counterparts, people met, sites and topics.

Rules that span layers live here: an item must fall within its delegation's dates in
the local time of its place, and changing a delegation's dates re-checks the itinerary.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core.services import stamp, validated_save
from delegations.models import Delegation
from delegations.services import child_delete, child_update, ensure_unlocked
from delegations.services.common import lock_row
from itinerary.enums import TRAVEL_KINDS
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem, Site, Topic
from itinerary.relations import ITEM_RELATIONS, item_relations_save
from itinerary.where import item_place, item_where_errors, item_zones
from places.models import Place


def _local_date(moment: datetime, zone: ZoneInfo | None) -> date:
    return moment.astimezone(zone).date() if zone else moment.date()


def item_check_schedule(
    *,
    delegation: Delegation,
    kind: str,
    starts_at: datetime | None,
    ends_at: datetime | None,
    place: Place | None,
    origin: Place | None = None,
    destination: Place | None = None,
) -> None:
    """The item falls within the delegation's dates, in the local time of where it happens.

    Travel starts in the zone of its origin and ends in that of its destination.
    Arrival, departure and travel may fall one day outside the delegation's dates.
    """
    if starts_at is None or ends_at is None:
        return
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = [_("The item must end after it starts.")]
    zones = item_zones({"kind": kind, "place": place, "origin": origin, "destination": destination})
    slack = timedelta(days=1 if kind in TRAVEL_KINDS else 0)
    first, last = delegation.start_date - slack, delegation.end_date + slack
    for name, moment, zone in zip(
        ("starts_at", "ends_at"), (starts_at, ends_at), zones, strict=True
    ):
        local = _local_date(moment, zone)
        if not first <= local <= last:
            errors.setdefault(name, []).append(
                _(
                    "%(day)s (local time in %(zone)s) is outside the delegation's dates, "
                    "%(first)s to %(last)s."
                )
                % {
                    "day": local.isoformat(),
                    "zone": zone.key if zone else "UTC",
                    "first": delegation.start_date.isoformat(),
                    "last": delegation.end_date.isoformat(),
                }
            )
    if errors:
        raise ValidationError(errors, code="outside_dates")


def _check_item_fields(item: ItineraryItem) -> None:
    # The site says where it is, and so in which zone (itinerary.where).
    item.place = item_place(place=item.place, site=item.site)
    errors = item_where_errors(item)
    if errors:
        raise ValidationError(errors)
    item_check_schedule(
        delegation=item.delegation,
        kind=item.kind,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        place=item.place,
        origin=item.origin,
        destination=item.destination,
    )


def _set_relations(item: ItineraryItem, *, organisations, topics, linked, actor) -> None:
    """Set the item's organisations and topics, then the links higher apps own
    (itinerary.relations), each left as it is when given None."""
    if organisations is not None:
        item.organisations.set(organisations)
    if topics is not None:
        item.topics.set(topics)
    item_relations_save(item=item, chosen=linked or {}, actor=actor)


@transaction.atomic
def item_create(
    *,
    delegation: Delegation,
    actor,
    organisations=None,
    topics=None,
    linked: Mapping[str, Any] | None = None,
    **fields: Any,
) -> ItineraryItem:
    """Add an item; `linked` holds the values of the links higher apps own, by name."""
    ensure_unlocked(delegation)
    item = ItineraryItem(delegation=delegation, **fields)
    _check_item_fields(item)
    item.full_clean()
    stamp(item, actor)
    item.save()
    _set_relations(item, organisations=organisations, topics=topics, linked=linked, actor=actor)
    return item


@transaction.atomic
def item_update(
    *,
    item: ItineraryItem,
    actor,
    data: dict[str, Any],
    organisations=None,
    topics=None,
    linked: Mapping[str, Any] | None = None,
    expected_version: int | None = None,
) -> ItineraryItem:
    current = lock_row(item, expected_version=expected_version)
    ensure_unlocked(current.delegation)
    for name, value in data.items():
        setattr(current, name, value)
    _check_item_fields(current)
    current.version += 1
    current.full_clean()
    stamp(current, actor)
    current.save()
    _set_relations(current, organisations=organisations, topics=topics, linked=linked, actor=actor)
    return current


@transaction.atomic
def item_delete(*, item: ItineraryItem, actor) -> None:
    """Delete the item. The links higher apps own are emptied first, through their own
    services, so their history says who removed the item and when (a cascade would not)."""
    ensure_unlocked(item.delegation)
    item_relations_save(item=item, chosen=dict.fromkeys(ITEM_RELATIONS, ()), actor=actor)
    stamp(item, actor)
    item.delete()


def itinerary_fits_dates(delegation: Delegation) -> None:
    """Registered with delegations.services: new dates must still hold every item."""
    outside = []
    for item in delegation.itinerary_items.select_related("place", "origin", "destination"):
        try:
            item_check_schedule(
                delegation=delegation,
                kind=item.kind,
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                place=item.place,
                origin=item.origin,
                destination=item.destination,
            )
        except ValidationError:
            outside.append(item.title)
    if outside:
        raise ValidationError(
            {
                "start_date": _(
                    "These itinerary items would fall outside the new dates: %(items)s."
                )
                % {"items": "; ".join(outside)}
            },
            code="items_outside",
        )


@transaction.atomic
def counterpart_add(
    *, item: ItineraryItem, official, actor, role: str, position: str | None = None
) -> Counterpart:
    ensure_unlocked(item.delegation)
    link = Counterpart(
        item=item,
        official=official,
        role=role,
        position=official.position if position is None else position,
    )
    link.full_clean()
    stamp(link, actor)
    link.save()
    return link


@transaction.atomic
def beneficiaries_record(
    *,
    item: ItineraryItem,
    actor,
    origins=None,
    group: BeneficiaryGroup | None = None,
    **fields: Any,
) -> BeneficiaryGroup:
    """Create or change a group of people met; the total follows the counts by sex.

    `origins`: the places they came from (an empty list clears them; None leaves them)."""
    ensure_unlocked(item.delegation)
    group = group or BeneficiaryGroup(item=item)
    for name, value in fields.items():
        setattr(group, name, value)
    counts = (group.female, group.male, group.other)
    if fields.get("total") is None and all(count is not None for count in counts):
        group.total = sum(counts)
    group.full_clean()
    stamp(group, actor)
    group.save()
    if origins is not None:
        group.origins.set(origins)
    return group


@dataclass(eq=False)
class RowChange:
    """A counterpart or beneficiary-group row to save with its item (`item_save`).

    `row`: the stored row, None for a new one. `data`: its fields (for a stored
    counterpart, only those that changed; a group's may hold `origins`, its places).
    `remove`: delete the stored row."""

    row: Counterpart | BeneficiaryGroup | None = None
    data: dict[str, Any] = field(default_factory=dict)
    remove: bool = False


class RowsRefused(ValidationError):
    """Rows refused by their service, each with its error: the whole save is undone."""

    def __init__(self, refusals: list[tuple[RowChange, ValidationError]]):
        super().__init__(_("Nothing was saved: see the rows marked below."), code="rows_refused")
        self.refusals = refusals


def _counterpart_apply(*, item: ItineraryItem, change: RowChange, actor) -> None:
    if change.remove:
        child_delete(change.row, actor=actor, delegation_path="item__delegation")
    elif change.row is not None:
        child_update(change.row, actor=actor, data=change.data, delegation_path="item__delegation")
    else:
        data = change.data
        counterpart_add(
            item=item,
            official=data["official"],
            actor=actor,
            role=data["role"],
            position=data.get("position") or None,
        )


def _group_apply(*, item: ItineraryItem, change: RowChange, actor) -> None:
    if change.remove:
        child_delete(change.row, actor=actor, delegation_path="item__delegation")
        return
    data = dict(change.data)
    origins = data.pop("origins", None)
    beneficiaries_record(
        item=item,
        actor=actor,
        origins=None if origins is None else list(origins),
        group=change.row,
        **data,
    )


@transaction.atomic
def item_save(
    *,
    delegation: Delegation,
    actor,
    data: dict[str, Any],
    relations: dict[str, Any],
    item: ItineraryItem | None = None,
    expected_version: int | None = None,
    counterparts: Sequence[RowChange] = (),
    groups: Sequence[RowChange] = (),
) -> ItineraryItem:
    """Create the item (`item` None) or update it, then add, change or remove its
    counterparts and beneficiary groups: all of it or nothing.

    A refused item raises its own error (a lost update among them). Every row is tried,
    each in its own savepoint; if any is refused, RowsRefused names them all and the item
    is not saved either."""
    own = {name: relations.get(name) for name in ("organisations", "topics")}
    linked = {name: value for name, value in relations.items() if name not in own}
    if item is None:
        saved = item_create(delegation=delegation, actor=actor, linked=linked, **own, **data)
    else:
        saved = item_update(
            item=item,
            actor=actor,
            data=data,
            expected_version=expected_version,
            linked=linked,
            **own,
        )
    refusals = []
    for changes, apply in ((counterparts, _counterpart_apply), (groups, _group_apply)):
        for change in changes:
            try:
                apply(item=saved, change=change, actor=actor)
            except ValidationError as error:
                refusals.append((change, error))
    if refusals:
        raise RowsRefused(refusals)
    return saved


@transaction.atomic
def site_save(*, site: Site, actor=None) -> Site:
    return validated_save(site, actor=actor)


@transaction.atomic
def topic_save(*, topic: Topic, actor=None) -> Topic:
    return validated_save(topic, actor=actor)


def itinerary_submission_check(delegation: Delegation) -> list[str]:
    if not delegation.itinerary_items.exists():
        return [_("at least one itinerary item")]
    return []


def topic_free_slug(name: str) -> str:
    """A slug for a new topic's name, numbered when taken ("water-2")."""
    base = slugify(name)[:140] or "topic"
    taken = set(Topic.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def topic_create(*, topic: Topic, actor=None) -> Topic:
    """Save a new topic, its slug filled in from its name when left blank."""
    if not topic.slug:
        topic.slug = topic_free_slug(topic.name)
    return validated_save(topic, actor=actor)
