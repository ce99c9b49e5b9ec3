"""Place: every rule the database holds, and time zones checked against zoneinfo."""

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.forms import modelform_factory

from places.enums import PlaceKind
from places.models import Place
from places.timezones import validate_timezone
from tests.factories.places import PlaceFactory
from tests.support.constraints import (
    ConstraintCase,
    Violation,
    change,
    new,
)

NAIROBI = "Africa/Nairobi"


def _region() -> Place:
    return PlaceFactory(name="Coast Region", kind=PlaceKind.REGION, country="KE")


def _same_name_in_parent() -> Violation:
    coast = _region()
    PlaceFactory(name="Mombasa", kind=PlaceKind.COUNTY, parent=coast)
    return new(name="MOMBASA", kind=PlaceKind.COUNTY, country="KE", parent=coast, timezone=NAIROBI)


def _same_top_level_name() -> Violation:
    PlaceFactory(name="Kenya", kind=PlaceKind.COUNTRY, country="KE")
    return new(name="kenya", kind=PlaceKind.COUNTRY, country="KE", parent=None, timezone=NAIROBI)


def _own_parent() -> Violation:
    place = PlaceFactory()
    return change(place, parent=place)


CONSTRAINT_CASES = [
    ConstraintCase("places_place_unique_name_in_parent", Place, _same_name_in_parent),
    ConstraintCase("places_place_unique_top_level_name", Place, _same_top_level_name),
    ConstraintCase(
        "places_place_timezone_set",
        Place,
        lambda: new(name="Nowhere", kind=PlaceKind.CITY, country="KE", timezone=""),
    ),
    ConstraintCase("places_place_not_own_parent", Place, _own_parent),
    ConstraintCase(
        "places_place_kind_valid",
        Place,
        lambda: new(name="Olympus", kind="planet", country="KE", timezone=NAIROBI),
        form_message="Select a valid choice.",
        clean_message="is not a valid choice.",
    ),
]


@pytest.mark.django_db
def test_place_same_name_allowed_in_other_parent_or_country():
    coast = _region()
    nairobi_region = PlaceFactory(name="Nairobi Region", kind=PlaceKind.REGION)
    PlaceFactory(name="Central", parent=coast)

    PlaceFactory(name="Central", parent=nairobi_region)
    PlaceFactory(name="Central", country="MZ", timezone="Africa/Maputo")
    PlaceFactory(name="Central", country="KE")

    assert Place.objects.filter(name="Central").count() == 4


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Mars/Olympus", "+03:00", "EAT", "africa/nairobi"])
def test_place_timezone_not_in_zoneinfo_is_refused(zone):
    place = PlaceFactory.build(timezone=zone)

    with pytest.raises(ValidationError) as excinfo:
        place.full_clean()

    assert list(excinfo.value.message_dict) == ["timezone"]
    assert "is not an IANA time zone" in excinfo.value.message_dict["timezone"][0]


@pytest.mark.django_db
def test_place_form_shows_invalid_timezone_on_the_field():
    form_class = modelform_factory(Place, fields="__all__")
    form = form_class(
        data={
            "name": "Olympus Mons",
            "kind": PlaceKind.CITY,
            "country": "KE",
            "timezone": "Mars/Olympus",
        }
    )

    assert not form.is_valid()
    assert form.errors["timezone"] == [
        "“Mars/Olympus” is not an IANA time zone, such as Africa/Nairobi."
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("zone", ["Africa/Nairobi", "Africa/Maputo", "UTC", "America/New_York"])
def test_place_valid_timezone_is_accepted(zone):
    PlaceFactory.build(timezone=zone).full_clean()


def test_validate_timezone_leaves_blank_to_the_constraint():
    assert validate_timezone("") is None


@pytest.mark.django_db
def test_place_str_names_its_parent():
    coast = _region()
    mombasa = PlaceFactory(name="Mombasa", parent=coast)

    assert (str(coast), str(mombasa)) == ("Coast Region", "Mombasa, Coast Region")


@pytest.mark.django_db
def test_place_with_children_is_protected():
    coast = _region()
    PlaceFactory(name="Mombasa", parent=coast)

    with pytest.raises(ProtectedError):
        coast.delete()
    assert Place.objects.filter(pk=coast.pk).exists()
