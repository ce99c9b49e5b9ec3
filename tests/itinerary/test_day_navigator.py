"""The day navigator: a link to each day of the itinerary, grouped by week or by leg,
today's marked, on the itinerary page, the delegation page and the report."""

import datetime
import re

import pytest
from django.urls import reverse

from itinerary.selectors import ItineraryDay, day_navigator
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory


def days(first: datetime.date, count: int) -> list[ItineraryDay]:
    return [ItineraryDay(first + datetime.timedelta(days=n)) for n in range(count)]


def test_days_group_by_week_from_monday():
    groups = day_navigator(days(datetime.date(2019, 7, 18), 21))  # Thursday, three weeks

    assert [group.label for group in groups] == [
        "Week of 15 July",
        "Week of 22 July",
        "Week of 29 July",
        "Week of 5 August",
    ]
    assert [len(group.days) for group in groups] == [4, 7, 7, 3]


def test_legs_group_the_days_and_days_outside_them_fall_back_to_their_week():
    legs = [
        ("Nairobi", datetime.date(2019, 7, 22), datetime.date(2019, 7, 24)),
        ("Mombasa and Kwale", datetime.date(2019, 7, 25), datetime.date(2019, 7, 26)),
    ]

    groups = day_navigator(days(datetime.date(2019, 7, 21), 6), legs=legs)

    assert [(group.label, len(group.days)) for group in groups] == [
        ("Week of 15 July", 1),
        ("Nairobi", 3),
        ("Mombasa and Kwale", 2),
    ]


@pytest.fixture
def delegation(programme, nairobi):
    today = datetime.date.today()
    delegation = DelegationFactory(
        programme=programme,
        start_date=today - datetime.timedelta(days=2),
        end_date=today + datetime.timedelta(days=10),
    )
    delegation.destinations.add(nairobi)
    ItineraryItemFactory(
        delegation=delegation,
        place=nairobi,
        starts_at=datetime.datetime.combine(today, datetime.time(6), tzinfo=datetime.UTC),
    )
    return delegation


@pytest.mark.parametrize(
    "url_name", ["itinerary:itinerary", "delegations:detail", "reports:report"]
)
def test_the_navigator_links_every_day_to_its_heading_and_marks_today(
    staff_client, delegation, url_name
):
    body = staff_client.get(reverse(url_name, args=[delegation.pk])).content.decode()

    nav = re.search(r'<nav class="day-nav.*?</nav>', body, re.S).group(0)
    targets = re.findall(r'href="#(day-[0-9-]{10})"', nav)
    assert len(targets) == 13
    assert all(f'id="{target}"' in body for target in targets)
    today = datetime.date.today().isoformat()
    assert re.search(rf'href="#day-{today}" aria-current="date"', nav)
    assert nav.count('aria-current="date"') == 1
