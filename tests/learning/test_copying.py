"""New delegation from this one: a preview that writes nothing, then one save that copies
the objectives, the legs and the itinerary to the new dates, and the members if asked."""

import datetime
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegations.enums import MemberRole
from delegations.models import Delegation
from itinerary.enums import ItemKind
from learning.models import LearningObjective
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory, LegFactory
from tests.factories.itinerary import CounterpartFactory, ItineraryItemFactory
from tests.factories.learning import HighlightFactory, LearningObjectiveFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def text_of(response) -> str:
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def hague(db):
    return PlaceFactory(name="The Hague", country="NL", timezone="Europe/Amsterdam")


@pytest.fixture
def source(programme, hague):
    """A visit in January (winter time), 20-24 January 2025, approved and locked."""
    delegation = DelegationFactory(
        programme=programme,
        title="Study visit 2025",
        start_date=datetime.date(2025, 1, 20),
        end_date=datetime.date(2025, 1, 24),
        host_country="NL",
        locked=True,
    )
    delegation.destinations.add(hague)
    police = OrganisationFactory(name="Hague Police", country="NL")
    item = ItineraryItemFactory(
        delegation=delegation,
        kind=ItemKind.MEETING,
        title="Community policing briefing",
        place=hague,
        starts_at=datetime.datetime(2025, 1, 21, 9, 30, tzinfo=AMSTERDAM),
        ends_at=datetime.datetime(2025, 1, 21, 11, 0, tzinfo=AMSTERDAM),
        summary="What they said",
        outcome="What came of it",
    )
    item.organisations.add(police)
    CounterpartFactory(item=item)
    objective = LearningObjectiveFactory(delegation=delegation, description="How police listen")
    objective.itinerary_items.add(item)
    HighlightFactory(delegation=delegation)
    LegFactory(
        delegation=delegation,
        place=hague,
        start_date=datetime.date(2025, 1, 20),
        end_date=datetime.date(2025, 1, 22),
    )
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    DelegationMemberFactory(delegation=delegation)
    return delegation


def post(client, source, **data):
    return client.post(
        reverse("learning:delegation-copy", args=[source.pk]),
        {"title": "Study visit 2026", "start_date": "2026-06-01", **data},
    )


def test_the_preview_shows_the_new_dates_and_writes_nothing(staff_client, source):
    count = Delegation.objects.count()
    text = text_of(post(staff_client, source))
    assert "The new visit: 1 June 2026 – 5 June 2026" in text
    assert "2026-06-02 09:30–11:00 CEST Meeting Community policing briefing" in text
    assert "How police listen" in text
    assert Delegation.objects.count() == count


def test_confirming_copies_objectives_legs_and_itinerary_to_the_new_dates(staff_client, source):
    response = post(staff_client, source, confirm="1")
    copy = Delegation.objects.get(title="Study visit 2026")
    assert response.url == reverse("delegations:detail", args=[copy.pk])
    assert (copy.start_date, copy.end_date, copy.locked) == (
        datetime.date(2026, 6, 1),
        datetime.date(2026, 6, 5),
        False,
    )
    assert copy.report.summary == "" and not copy.highlights.exists()
    item = copy.itinerary_items.get()
    # Summer time now: the same wall clock, 09:30 in The Hague.
    assert item.starts_at == datetime.datetime(2026, 6, 2, 9, 30, tzinfo=AMSTERDAM)
    assert (item.summary, item.outcome, item.counterpart_links.count()) == ("", "", 0)
    assert [org.name for org in item.organisations.all()] == ["Hague Police"]
    objective = LearningObjective.objects.get(delegation=copy)
    assert list(objective.itinerary_items.all()) == [item]
    leg = copy.legs.get()
    assert (leg.start_date, leg.end_date) == (datetime.date(2026, 6, 1), datetime.date(2026, 6, 3))
    assert not copy.members.exists()
    assert copy.history.first().history_user.email == "staff@example.org"


def test_members_come_along_when_asked(staff_client, source):
    post(staff_client, source, confirm="1", with_members="on")
    copy = Delegation.objects.get(title="Study visit 2026")
    assert sorted(copy.members.values_list("role", flat=True)) == sorted(
        source.members.values_list("role", flat=True)
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"start_date": "2026-02-30"}, "Enter a valid date."),
        ({"start_date": ""}, "This field is required."),
        ({"title": "   "}, "This field is required."),
        ({"title": "x" * 301}, "Ensure this value has at most 300 characters"),
    ],
    ids=["impossible-date", "no-date", "blank-title", "long-title"],
)
def test_bad_input_is_refused_and_nothing_is_copied(staff_client, source, data, message):
    count = Delegation.objects.count()
    response = post(staff_client, source, confirm="1", **data)
    assert response.status_code == 200 and message in text_of(response)
    assert Delegation.objects.count() == count


def test_the_delegation_page_offers_the_copy_to_staff(staff_client, source):
    url = reverse("delegations:detail", args=[source.pk])
    assert "New delegation from this one" in text_of(staff_client.get(url))


def test_managers_may_not_copy(manager_client, source):
    url = reverse("delegations:detail", args=[source.pk])
    assert "New delegation from this one" not in text_of(manager_client.get(url))
    assert post(manager_client, source).status_code == 403


def test_preview_queries_do_not_grow_with_items(staff_client, source, hague):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            post(staff_client, source)
        return len(captured)

    few = queries()
    for day in (22, 23):
        ItineraryItemFactory(
            delegation=source,
            place=hague,
            starts_at=datetime.datetime(2025, 1, day, 9, tzinfo=AMSTERDAM),
            ends_at=datetime.datetime(2025, 1, day, 10, tzinfo=AMSTERDAM),
        ).organisations.add(OrganisationFactory())
    assert queries() == few
