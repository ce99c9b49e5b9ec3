"""The places admin saves through place_save: a blank time zone gets its default."""

import pytest
from django.urls import reverse

from places.models import Place
from tests.factories.places import PlaceFactory

ADD_URL = reverse("admin:places_place_add")


def place_form(**overrides) -> dict:
    return {"name": "Mombasa", "kind": "city", "country": "KE", "timezone": "", **overrides}


@pytest.mark.parametrize(
    ("parent_zone", "country", "expected"),
    [
        (None, "KE", "Africa/Nairobi"),  # the country's only zone
        ("America/Chicago", "US", "America/Chicago"),  # the parent's
    ],
    ids=["country-zone", "parent-zone"],
)
def test_place_add_fills_the_default_time_zone(admin_client, parent_zone, country, expected):
    parent = PlaceFactory(country=country, timezone=parent_zone) if parent_zone else None
    data = place_form(country=country, parent=parent.pk if parent else "")

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Place.objects.get(name="Mombasa").timezone == expected


def test_place_add_asks_for_a_zone_where_the_country_has_several(admin_client):
    response = admin_client.post(ADD_URL, place_form(name="Chicago", country="US"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["timezone"] == [
        "This country has several time zones: choose one."
    ]
    assert not Place.objects.filter(name="Chicago").exists()


def test_place_add_refuses_an_unknown_time_zone(admin_client):
    response = admin_client.post(ADD_URL, place_form(timezone="Africa/Atlantis"))

    assert response.status_code == 200
    assert "is not an IANA time zone" in response.content.decode()
    assert not Place.objects.exists()
