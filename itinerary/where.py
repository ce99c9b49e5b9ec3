"""Where an itinerary item happens, and in which zone its times are typed: each rule once.

Where: a site visit needs a site, travel a place of departure and a destination, any
other kind a place; the place is taken from the site when there is one. `WHERE_RULES`
declares it; the model's CheckConstraints (`where_constraints`), the services, the staff
form and the admin all read it (`item_where_errors`).

When: times are typed as the wall clock where they happen: in the zone of the item's
place (its site's place when there is a site); travel starts in the zone of its origin
and ends in that of its destination (`item_zones`).

`where` is an item or a mapping (a form's cleaned data) with any of kind, place, site,
origin and destination. This module imports no model: the model imports it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import CheckConstraint, Q
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from itinerary.enums import ItemKind

WHERE_FIELDS = ("place", "site", "origin", "destination")


@dataclass(frozen=True)
class WhereRule:
    """Items of `kind` (or, with `every_kind_but`, of every other kind) need `fields`."""

    constraint: str  # the name of its CheckConstraint
    kind: str
    fields: tuple[str, ...]
    message: Promise  # the rule in one sentence (the constraint's message)
    code: str
    every_kind_but: bool = False
    field_messages: dict[str, Promise] = field(default_factory=dict)  # one per field

    def applies_to(self, kind: str | None) -> bool:
        if not kind:
            return False
        return (kind != self.kind) if self.every_kind_but else (kind == self.kind)

    def condition(self) -> Q:
        """The database's copy: the rule does not apply, or every field is filled."""
        filled = Q(**{f"{name}__isnull": False for name in self.fields})
        applies_not = Q(kind=self.kind) if self.every_kind_but else ~Q(kind=self.kind)
        return applies_not | filled

    def message_for(self, name: str) -> Promise:
        return self.field_messages.get(name, self.message)


WHERE_RULES = (
    WhereRule(
        constraint="itinerary_item_site_visit_has_site",
        kind=ItemKind.SITE_VISIT,
        fields=("site",),
        message=_("A site visit needs a site."),
        code="site_required",
    ),
    WhereRule(
        constraint="itinerary_item_travel_has_route",
        kind=ItemKind.TRAVEL,
        fields=("origin", "destination"),
        message=_("Travel needs a place of departure and a destination."),
        code="route_required",
        field_messages={
            "origin": _("Say where the journey starts."),
            "destination": _("Say where the journey ends."),
        },
    ),
    WhereRule(
        constraint="itinerary_item_has_place",
        kind=ItemKind.TRAVEL,
        every_kind_but=True,
        fields=("place",),
        message=_("Say where this takes place."),
        code="place_required",
    ),
)


def where_constraints() -> list[CheckConstraint]:
    """The rules as the item's CheckConstraints (ItineraryItem.Meta.constraints)."""
    return [
        CheckConstraint(
            condition=rule.condition(),
            name=rule.constraint,
            violation_error_message=rule.message,
        )
        for rule in WHERE_RULES
    ]


def _get(where: Any, name: str) -> Any:
    if isinstance(where, Mapping):
        return where.get(name)
    return getattr(where, name)


def _given(where: Any, name: str) -> bool:
    if isinstance(where, Mapping):
        return bool(where.get(name))
    return getattr(where, f"{name}_id") is not None  # an item: no query to know


def item_place(*, place, site):
    """Where a non-travel item is: its site's place when there is a site, else `place`."""
    return site.place if site is not None else place


def item_where_errors(where: Any) -> dict[str, ValidationError]:
    """Each field the item's kind needs and `where` lacks, with the error to show there.

    The place follows the site: a site counts as a place, and a site visit without a
    site is told about the site only."""
    kind = _get(where, "kind")
    given = {name: _given(where, name) for name in WHERE_FIELDS}
    given["place"] = given["place"] or given["site"]
    errors: dict[str, ValidationError] = {}
    for rule in WHERE_RULES:
        if not rule.applies_to(kind):
            continue
        for name in rule.fields:
            if not given[name] and not (name == "place" and "site" in errors):
                errors[name] = ValidationError(rule.message_for(name), code=rule.code)
    return errors


def _zone(place) -> ZoneInfo | None:
    return ZoneInfo(place.timezone) if place is not None and place.timezone else None


def _places(where: Any) -> tuple[Any, Any]:
    """The places the item starts and ends at: travel's origin and destination, else
    its site's place, else its place (None where nothing says)."""
    kind = _get(where, "kind")
    if kind == ItemKind.TRAVEL and _given(where, "origin"):
        start = _get(where, "origin")
    else:
        start = item_place(place=_get(where, "place"), site=_get(where, "site"))
    if kind == ItemKind.TRAVEL and _given(where, "destination"):
        end = _get(where, "destination")
    else:
        end = item_place(place=_get(where, "place"), site=_get(where, "site"))
    return start, end


def item_zones(where: Any) -> tuple[ZoneInfo | None, ZoneInfo | None]:
    """The zones the item's start and end are typed in; None where no place says it (each
    caller has its fallback: UTC to show a stored moment, the server's zone in the admin)."""
    start, end = _places(where)
    return _zone(start), _zone(end)
