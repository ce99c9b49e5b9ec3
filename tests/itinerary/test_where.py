"""itinerary.where: where an item happens and in which zone its times are typed, each once."""

from zoneinfo import ZoneInfo

import pytest
from django.db.models import CheckConstraint, Q

from itinerary.enums import ItemKind
from itinerary.models import ItineraryItem, Site
from itinerary.where import WHERE_RULES, item_place, item_where_errors, item_zones
from places.models import Place
from tests.factories.itinerary import SiteFactory
from tests.factories.places import PlaceFactory

NAIROBI = Place(name="Nairobi", timezone="Africa/Nairobi")
MAPUTO = Place(name="Pemba", timezone="Africa/Maputo")
SCHOOL = Site(name="Pemba school", place=MAPUTO)


def _messages(errors: dict) -> dict[str, list[str]]:
    return {name: [str(message) for message in error.messages] for name, error in errors.items()}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"kind": ItemKind.MEETING, "place": NAIROBI}, {}),
        ({"kind": ItemKind.MEETING}, {"place": ["Say where this takes place."]}),
        ({"kind": ItemKind.COMMUNITY_ENGAGEMENT, "site": SCHOOL}, {}),
        ({"kind": ItemKind.SITE_VISIT, "site": SCHOOL}, {}),
        ({"kind": ItemKind.SITE_VISIT, "place": NAIROBI}, {"site": ["A site visit needs a site."]}),
        ({"kind": ItemKind.SITE_VISIT}, {"site": ["A site visit needs a site."]}),
        ({"kind": ItemKind.TRAVEL, "origin": NAIROBI, "destination": MAPUTO}, {}),
        (
            {"kind": ItemKind.TRAVEL, "place": NAIROBI},
            {
                "origin": ["Say where the journey starts."],
                "destination": ["Say where the journey ends."],
            },
        ),
        (
            {"kind": ItemKind.TRAVEL, "origin": NAIROBI},
            {"destination": ["Say where the journey ends."]},
        ),
        ({"kind": None}, {}),
    ],
    ids=[
        "meeting-with-place",
        "meeting-without-place",
        "engagement-at-a-site",
        "site-visit-with-site",
        "site-visit-with-place-only",
        "site-visit-with-nothing",
        "travel-with-route",
        "travel-without-route",
        "travel-without-destination",
        "no-kind-yet",
    ],
)
def test_item_where_errors_names_each_missing_field(where, expected):
    assert _messages(item_where_errors(where)) == expected


def test_item_where_errors_carry_the_rule_code():
    errors = item_where_errors({"kind": ItemKind.TRAVEL, "destination": MAPUTO})

    assert [error.code for error in errors.values()] == ["route_required"]


@pytest.mark.django_db
def test_item_where_errors_reads_an_item_by_its_ids():
    site = SiteFactory()
    complete = ItineraryItem(kind=ItemKind.SITE_VISIT, site=site)
    travel = ItineraryItem(kind=ItemKind.TRAVEL, origin=PlaceFactory())

    assert item_where_errors(complete) == {}
    assert _messages(item_where_errors(travel)) == {"destination": ["Say where the journey ends."]}


def test_item_place_follows_the_site():
    assert item_place(place=NAIROBI, site=SCHOOL) is MAPUTO
    assert item_place(place=NAIROBI, site=None) is NAIROBI
    assert item_place(place=None, site=None) is None


def test_where_constraints_are_the_models_and_say_the_rules_messages():
    constraints = {
        constraint.name: constraint
        for constraint in ItineraryItem._meta.constraints
        if isinstance(constraint, CheckConstraint)
    }

    for rule in WHERE_RULES:
        constraint = constraints[rule.constraint]
        assert constraint.condition == rule.condition()
        assert constraint.violation_error_message == rule.message
    assert constraints["itinerary_item_travel_has_route"].condition == ~Q(kind="travel") | Q(
        origin__isnull=False, destination__isnull=False
    )
    assert constraints["itinerary_item_has_place"].condition == Q(kind="travel") | Q(
        place__isnull=False
    )


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ({"kind": ItemKind.MEETING, "place": NAIROBI}, ("Africa/Nairobi", "Africa/Nairobi")),
        (
            {"kind": ItemKind.SITE_VISIT, "place": NAIROBI, "site": SCHOOL},
            ("Africa/Maputo", "Africa/Maputo"),
        ),
        (
            {"kind": ItemKind.TRAVEL, "origin": NAIROBI, "destination": MAPUTO},
            ("Africa/Nairobi", "Africa/Maputo"),
        ),
        (
            {"kind": ItemKind.TRAVEL, "place": MAPUTO, "origin": NAIROBI},
            ("Africa/Nairobi", "Africa/Maputo"),
        ),
        (
            {"kind": ItemKind.MEETING, "place": NAIROBI, "destination": MAPUTO},
            ("Africa/Nairobi", "Africa/Nairobi"),
        ),
        ({"kind": ItemKind.MEETING}, (None, None)),
        ({}, (None, None)),
    ],
    ids=[
        "place",
        "site-place-wins",
        "travel-each-end",
        "travel-falls-back-to-place",
        "route-ignored-off-travel",
        "nowhere",
        "nothing-typed",
    ],
)
def test_item_zones_reads_the_start_and_end_where_they_happen(where, expected):
    zones = item_zones(where)

    assert tuple(zone.key if zone else None for zone in zones) == expected


@pytest.mark.django_db
def test_item_zones_of_a_travel_item():
    item = ItineraryItem(
        kind=ItemKind.TRAVEL,
        origin=PlaceFactory(timezone="Africa/Nairobi"),
        destination=PlaceFactory(timezone="Africa/Maputo", country="MZ"),
    )

    assert item_zones(item) == (ZoneInfo("Africa/Nairobi"), ZoneInfo("Africa/Maputo"))
