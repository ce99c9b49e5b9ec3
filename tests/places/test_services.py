"""places.services: a place always leaves with a valid time zone."""

import pytest
from django.core.exceptions import ValidationError

from places.enums import PlaceKind
from places.models import Place
from places.services import place_get_or_create, place_save
from places.timezones import country_zones, single_zone_of_country
from tests.factories.places import PlaceFactory


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("country", "zone"),
    [("KE", "Africa/Nairobi"), ("MZ", "Africa/Maputo"), ("mz", "Africa/Maputo")],
)
def test_place_save_defaults_to_the_countrys_only_zone(country, zone):
    place = place_save(place=Place(name="Capital", kind=PlaceKind.CITY, country=country))

    place.refresh_from_db()
    assert place.timezone == zone


@pytest.mark.django_db
def test_place_save_defaults_to_the_parents_zone():
    cabo_delgado = PlaceFactory(
        name="Cabo Delgado", kind=PlaceKind.PROVINCE, country="MZ", timezone="Africa/Maputo"
    )
    # The parent's zone wins even over a country that would give another.
    border_town = Place(name="Border town", kind=PlaceKind.TOWN, country="TZ", parent=cabo_delgado)

    place_save(place=border_town)

    assert Place.objects.get(pk=border_town.pk).timezone == "Africa/Maputo"


@pytest.mark.django_db
def test_place_save_keeps_a_zone_given():
    coast = PlaceFactory(name="Coast", kind=PlaceKind.REGION, country="KE")
    place = Place(name="Odd", kind=PlaceKind.TOWN, country="KE", parent=coast, timezone="UTC")

    place_save(place=place)

    assert Place.objects.get(pk=place.pk).timezone == "UTC"


@pytest.mark.django_db
def test_place_save_refuses_multi_zone_country_without_zone():
    with pytest.raises(ValidationError) as excinfo:
        place_save(place=Place(name="Washington", kind=PlaceKind.CITY, country="US"))

    assert excinfo.value.message_dict == {
        "timezone": ["This country has several time zones: choose one."]
    }
    assert not Place.objects.exists()


@pytest.mark.django_db
def test_place_save_accepts_multi_zone_country_with_zone():
    place = place_save(
        place=Place(
            name="Washington", kind=PlaceKind.CITY, country="US", timezone="America/New_York"
        )
    )

    assert Place.objects.get(pk=place.pk).timezone == "America/New_York"


@pytest.mark.django_db
def test_place_save_refuses_unknown_zone():
    with pytest.raises(ValidationError) as excinfo:
        place_save(
            place=Place(name="Olympus", kind=PlaceKind.CITY, country="KE", timezone="Mars/Olympus")
        )

    assert list(excinfo.value.message_dict) == ["timezone"]
    assert not Place.objects.exists()


@pytest.mark.django_db
def test_place_get_or_create_finds_existing_in_any_case():
    coast = PlaceFactory(name="Coast Region", kind=PlaceKind.REGION, country="KE")
    mombasa = PlaceFactory(name="Mombasa", kind=PlaceKind.COUNTY, country="KE", parent=coast)

    found = place_get_or_create(name="MOMBASA", kind=PlaceKind.COUNTY, country="KE", parent=coast)

    assert found == mombasa
    assert Place.objects.count() == 2


@pytest.mark.django_db
def test_place_get_or_create_creates_with_default_zone():
    coast = PlaceFactory(name="Coast Region", kind=PlaceKind.REGION, country="KE")

    kwale = place_get_or_create(name="Kwale", kind=PlaceKind.COUNTY, country="KE", parent=coast)
    kenya = place_get_or_create(name="Kenya", kind=PlaceKind.COUNTRY, country="KE")

    assert (kwale.parent, kwale.timezone) == (coast, "Africa/Nairobi")
    assert (kenya.parent, kenya.timezone) == (None, "Africa/Nairobi")
    assert kwale.history.get().history_type == "+"


@pytest.mark.parametrize(
    ("country", "expected"),
    [("KE", "Africa/Nairobi"), ("MZ", "Africa/Maputo"), ("US", ""), ("", ""), ("XX", "")],
)
def test_single_zone_of_country(country, expected):
    assert single_zone_of_country(country) == expected


def test_country_zones_lists_every_zone_of_a_country():
    assert "America/New_York" in country_zones("us")
    assert len(country_zones("US")) > 1
