"""Lists that find things: exact match first in the admin's autocompletes, searchable
country multi-selects, item history in local time with its change reason."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.urls import reverse

from itinerary.models import ItineraryItem
from itinerary.services import item_update
from places.enums import PlaceKind
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.places import PlaceFactory

pytestmark = pytest.mark.django_db


def test_autocomplete_offers_the_exact_match_first(admin_client):
    country = PlaceFactory(
        name="United States", kind=PlaceKind.COUNTRY, country="US", timezone="America/New_York"
    )
    PlaceFactory(name="New York", parent=country, country="US", timezone="America/New_York")
    PlaceFactory(name="Albany", parent=country, country="US", timezone="America/New_York")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "United States",
            "app_label": "delegations",
            "model_name": "delegation",
            "field_name": "destinations",
        },
    )

    results = [result["text"] for result in response.json()["results"]]
    assert results[0] == "United States" and len(results) == 3


@pytest.mark.parametrize(
    ("url_name", "field"),
    [
        ("admin:delegations_delegation_add", "sending_countries"),
        ("admin:partners_programme_add", "countries"),
    ],
)
def test_country_multi_selects_are_searchable(admin_client, url_name, field):
    form = admin_client.get(reverse(url_name)).context["adminform"].form
    assert isinstance(form.fields[field].widget, FilteredSelectMultiple)


def test_item_history_shows_local_times_and_the_reason(admin_client, administrator, nairobi):
    item = ItineraryItemFactory(place=nairobi)
    moment = item.starts_at - datetime.timedelta(hours=1)
    local = f"{moment.astimezone(ZoneInfo('Africa/Nairobi')):%Y-%m-%d %H:%M} (Africa/Nairobi)"
    item_update(
        item=ItineraryItem.objects.get(pk=item.pk),
        actor=administrator,
        data={"starts_at": moment},
    )

    page = admin_client.get(
        reverse("admin:itinerary_itineraryitem_history", args=[item.pk])
    ).content.decode()

    assert local in page
    assert ">\n          None\n" not in page and "–" in page
