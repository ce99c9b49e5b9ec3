"""Items fall into a visit's legs by place and day; the itinerary page, the delegation
page, the report and the XLSX export group the itinerary by leg; the item form's zone note
names the zone as on the item's own day; "at least N" when "other" is not counted."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar
from openpyxl import load_workbook

from itinerary.legs import leg_groups
from itinerary.selectors import itinerary_days
from tests.factories.delegations import DelegationFactory, LegFactory, SupportAssignmentFactory
from tests.factories.itinerary import BeneficiaryGroupFactory, ItineraryItemFactory, SiteFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory
from tests.support.queries import assert_constant_queries

CENTRAL = ZoneInfo("America/Chicago")


def at(day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2024, 5, day, hour, tzinfo=CENTRAL)


@pytest.fixture
def florida(programme):
    """A May visit to two Florida counties: a leg in each."""
    us = {"country": "US", "timezone": "America/Chicago"}  # the Florida panhandle: Central
    state = PlaceFactory(name="Florida", kind="state", **us)
    escambia = PlaceFactory(name="Escambia County", kind="county", parent=state, **us)
    santa_rosa = PlaceFactory(name="Santa Rosa County", kind="county", parent=state, **us)
    pensacola = PlaceFactory(name="Pensacola", kind="city", parent=escambia, **us)
    milton = PlaceFactory(name="Milton", kind="city", parent=santa_rosa, **us)
    delegation = DelegationFactory(
        programme=programme,
        host_country="US",
        start_date=datetime.date(2024, 5, 6),
        end_date=datetime.date(2024, 5, 10),
    )
    first = LegFactory(
        delegation=delegation,
        place=escambia,
        start_date=datetime.date(2024, 5, 6),
        end_date=datetime.date(2024, 5, 8),
        host_organisation=OrganisationFactory(name="Escambia County Government", country="US"),
    )
    second = LegFactory(
        delegation=delegation,
        place=santa_rosa,
        start_date=datetime.date(2024, 5, 8),
        end_date=datetime.date(2024, 5, 10),
        arranged_by=OrganisationFactory(name="Santa Rosa County Clerk", country="US"),
    )
    return {
        "delegation": delegation,
        "legs": [first, second],
        "pensacola": pensacola,
        "milton": milton,
    }


def test_items_fall_into_legs_by_place_and_day(florida):
    delegation, (first, second) = florida["delegation"], florida["legs"]
    in_pensacola = ItineraryItemFactory(
        delegation=delegation, place=florida["pensacola"], starts_at=at(8), title="Pensacola"
    )
    in_milton = ItineraryItemFactory(
        delegation=delegation, place=florida["milton"], starts_at=at(8, 15), title="Milton"
    )
    elsewhere = ItineraryItemFactory(
        delegation=delegation,
        place=PlaceFactory(name="Tallahassee", country="US", timezone="America/New_York"),
        starts_at=at(9),
        title="Tallahassee",
    )
    delegation = (
        type(delegation).objects.prefetch_related("itinerary_items__place").get(pk=delegation.pk)
    )

    groups = leg_groups(itinerary_days(delegation), [first, second])

    titles = {
        (group.leg.pk if group.leg else None): [
            entry.item.title for day in group.days for entry in day.entries
        ]
        for group in groups
    }
    # 8 May is both legs' day: the place decides. Tallahassee is in neither county: the day.
    assert titles == {first.pk: ["Pensacola"], second.pk: ["Milton", "Tallahassee"]}
    assert [day.day.day for day in groups[0].days] == [6, 7, 8]
    assert {in_pensacola.pk, in_milton.pk, elsewhere.pk}


def test_a_visit_without_legs_has_no_groups(programme):
    delegation = DelegationFactory(programme=programme)

    assert leg_groups(itinerary_days(delegation), []) == []


def test_pages_report_and_export_group_the_itinerary_by_leg(staff_client, florida):
    delegation = florida["delegation"]
    ItineraryItemFactory(delegation=delegation, place=florida["pensacola"], starts_at=at(6))
    ItineraryItemFactory(delegation=delegation, place=florida["milton"], starts_at=at(9))
    SupportAssignmentFactory(delegation=delegation, leg=florida["legs"][1])

    for name in ("itinerary:itinerary", "delegations:detail", "reports:report"):
        html = staff_client.get(reverse(name, args=[delegation.pk])).content.decode()
        html = html[html.index('class="itinerary-leg') :]  # the team section names legs too
        first = html.index("Leg: Escambia County")
        second = html.index("Leg: Santa Rosa County")
        assert first < second, name
        assert "Escambia County Government" in html[first:second], name
        assert "Santa Rosa County Clerk" in html[second:], name

    response = staff_client.get(reverse("reports:export-xlsx", args=[delegation.pk]))
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    legs = [row[-2:] for row in book["Itinerary"].iter_rows(min_row=2, values_only=True)]
    assert legs == [(1, "Escambia County, Florida"), (2, "Santa Rosa County, Florida")]
    assert len(list(book["Legs"].iter_rows(values_only=True))) == 3


def test_itinerary_page_queries_do_not_grow_with_legs(staff_client, florida):
    delegation = florida["delegation"]

    def add(n):
        for number in range(n):
            leg = LegFactory(
                delegation=delegation,
                place=PlaceFactory(),
                start_date=delegation.start_date,
                end_date=delegation.end_date,
            )
            SupportAssignmentFactory(delegation=delegation, leg=leg)
            ItineraryItemFactory(delegation=delegation, place=leg.place, starts_at=at(7, number))

    add(1)
    assert_constant_queries(staff_client, reverse("itinerary:itinerary", args=[delegation.pk]), add)


# --- The leg in the itinerary CSV and the calendar ----------------------------------------------


def csv_table(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.fixture
def three_items(florida):
    """One item in each leg (the second leg's first) and one outside both (12 May)."""
    delegation = florida["delegation"]
    return [
        ItineraryItemFactory(
            delegation=delegation, place=florida["milton"], starts_at=at(9), title="Milton"
        ),
        ItineraryItemFactory(
            delegation=delegation, place=florida["pensacola"], starts_at=at(6), title="Pensacola"
        ),
        ItineraryItemFactory(
            delegation=delegation, place=florida["milton"], starts_at=at(12), title="Debrief"
        ),
    ]


def test_the_itinerary_csv_names_each_items_leg_and_its_order(staff_client, florida, three_items):
    response = staff_client.get(reverse("reports:itinerary-csv", args=[florida["delegation"].pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].endswith('-itinerary.csv"')
    header, *rows = csv_table(response)
    assert header[-2:] == ["Leg order", "Leg"]
    assert [(row[4], row[-2], row[-1]) for row in rows] == [
        ("Pensacola", "1", "Escambia County, Florida"),
        ("Milton", "2", "Santa Rosa County, Florida"),
        ("Debrief", "", "Outside the legs"),
    ]
    assert rows[0][0] == "2024-05-06 10:00"  # local time, as in the workbook


def test_the_itinerary_csv_header_is_in_the_users_language(
    staff_client, staff_user, florida, three_items
):
    staff_user.language = "fr"
    staff_user.save(update_fields=["language"])
    url = reverse("reports:itinerary-csv", args=[florida["delegation"].pk])

    header, *_rows = csv_table(staff_client.get(url))

    with translation.override("fr"):
        expected = [translation.gettext(name) for name in ("Starts (local)", "Leg order", "Leg")]
    assert [header[0], *header[-2:]] == expected
    assert header[0] == "Début (local)" and header[-1] == "Étape"


def test_the_calendar_carries_each_items_leg(staff_client, florida, three_items):
    response = staff_client.get(reverse("reports:itinerary-ics", args=[florida["delegation"].pk]))

    events = {
        str(event["SUMMARY"]): event
        for event in Calendar.from_ical(response.content).walk("VEVENT")
    }
    assert str(events["Pensacola"]["DESCRIPTION"]).startswith("Leg: 1. Escambia County, Florida\n")
    assert str(events["Milton"]["DESCRIPTION"]).startswith("Leg: 2. Santa Rosa County, Florida\n")
    assert str(events["Debrief"]["DESCRIPTION"]).startswith("Leg: Outside the legs\n")
    assert [events[title]["CATEGORIES"].cats for title in ("Pensacola", "Milton")] == [
        ["Escambia County, Florida"],
        ["Santa Rosa County, Florida"],
    ]


def test_without_legs_the_exports_name_none(staff_client, programme):
    delegation = DelegationFactory(programme=programme)
    ItineraryItemFactory(delegation=delegation, title="Courtesy call")

    _header, row = csv_table(
        staff_client.get(reverse("reports:itinerary-csv", args=[delegation.pk]))
    )
    calendar = Calendar.from_ical(
        staff_client.get(reverse("reports:itinerary-ics", args=[delegation.pk])).content
    )

    assert row[-2:] == ["", ""]
    (event,) = calendar.walk("VEVENT")
    assert "CATEGORIES" not in event
    assert "Leg" not in str(event["DESCRIPTION"])


# --- The item form's zone note ---------------------------------------------------------------


def test_the_zone_note_names_summer_time_on_the_items_day(staff_client, florida):
    url = reverse("itinerary:zone-note", args=[florida["delegation"].pk])

    may = staff_client.get(url, {"place": florida["pensacola"].pk, "starts_at_0": "2024-05-07"})
    january = staff_client.get(url, {"place": florida["pensacola"].pk, "starts_at_0": "2024-01-07"})

    assert may.content.decode() == "Times are local: America/Chicago (CDT)."
    assert january.content.decode() == "Times are local: America/Chicago (CST)."


def test_the_item_form_asks_the_note_again_when_the_place_changes(staff_client, florida):
    delegation = florida["delegation"]

    html = staff_client.get(reverse("itinerary:item-create", args=[delegation.pk])).content
    html = html.decode()

    assert f'hx-get="{reverse("itinerary:zone-note", args=[delegation.pk])}"' in html
    assert "autocomplete:chosen from:closest form" in html


def test_the_edit_form_names_the_zone_as_on_the_items_day(staff_client, florida):
    item = ItineraryItemFactory(
        delegation=florida["delegation"], place=florida["pensacola"], starts_at=at(7)
    )

    html = staff_client.get(reverse("itinerary:item-update", args=[item.pk])).content.decode()

    assert "Times are local: America/Chicago (CDT)." in html


# --- "at least N (other not recorded)" ---------------------------------------------------------


def test_women_and_men_counted_without_other_read_at_least(staff_client, programme):
    place = PlaceFactory()
    item = ItineraryItemFactory(
        delegation=DelegationFactory(programme=programme),
        kind="site_visit",
        place=place,
        site=SiteFactory(place=place),
    )
    group = BeneficiaryGroupFactory(item=item, female=5, male=7, other=None, total=None)

    html = staff_client.get(reverse("reports:report", args=[item.delegation_id])).content.decode()

    assert group.at_least == 12
    assert "at least 12 (other not recorded)" in html
