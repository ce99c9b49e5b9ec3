import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from delegations.enums import PlanningStatus
from delegations.models import Delegation
from itinerary.enums import ItemKind
from itinerary.models import ItineraryItem
from learning.models import FollowUp
from reports.exports.cells import safe_cell_value
from reports.views.exports import feed_token
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import (
    BeneficiaryGroupFactory,
    CounterpartFactory,
    ItineraryItemFactory,
)
from tests.factories.learning import FollowUpFactory
from tests.factories.places import PlaceFactory

FORMULA = '=HYPERLINK("http://x")'
NAIROBI = ZoneInfo("Africa/Nairobi")


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())
    return Delegation.objects.get(title__startswith="Government of Mozambique officials")


@pytest.fixture
def delegation(programme):
    # A 2019 visit whose calendar address was renewed today, so that its feed works.
    return DelegationFactory(
        programme=programme, title="Visit to Kenya", feed_renewed_on=timezone.localdate()
    )


def events(response):
    return Calendar.from_ical(response.content).walk("VEVENT")


def workbook(response):
    return load_workbook(io.BytesIO(b"".join(response.streaming_content)))


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (None, ""),
        (3, 3),
    ],
)
def test_safe_cell_value_quotes_formula_text(value, expected):
    assert safe_cell_value(value) == expected


def test_itinerary_ics_has_one_event_per_item_of_the_demo(demo, administrator, client):
    client.force_login(administrator)
    response = client.get(reverse("reports:itinerary-ics", args=[demo.pk]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="government-of-')
    calendar = Calendar.from_ical(response.content)
    found = calendar.walk("VEVENT")
    items = list(demo.itinerary_items.all())
    assert len(found) == len(items) > 0
    assert {str(event["UID"]) for event in found} == {f"item-{i.pk}@exchange" for i in items}
    assert all(event["DTSTART"].params.get("TZID") for event in found)
    assert "Africa/Nairobi" in {str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")}
    titles = {str(event["SUMMARY"]) for event in found}
    assert {item.title for item in items} == titles


def test_itinerary_ics_describes_the_item(delegation, staff_client):
    item = ItineraryItemFactory(
        delegation=delegation, title="Courtesy call", summary="Talked about schools."
    )
    CounterpartFactory(item=item, official__full_name="Amina Yusuf", position="Governor")

    (event,) = events(staff_client.get(reverse("reports:itinerary-ics", args=[delegation.pk])))

    description = str(event["DESCRIPTION"])
    assert "Meeting" in description
    assert "Amina Yusuf" in description
    assert "Governor" in description
    assert "Talked about schools." in description
    assert str(item.place.name) in str(event["LOCATION"])
    assert event["DTSTART"].dt == item.starts_at.astimezone(NAIROBI)


def test_itinerary_ics_travel_starts_and_ends_in_two_zones(delegation, staff_client):
    origin = PlaceFactory(name="Maputo", country="MZ", timezone="Africa/Maputo")
    destination = PlaceFactory(name="Nairobi", timezone="Africa/Nairobi")
    ItineraryItemFactory(
        delegation=delegation,
        kind=ItemKind.TRAVEL,
        title="Flight",
        place=None,
        origin=origin,
        destination=destination,
    )

    response = staff_client.get(reverse("reports:itinerary-ics", args=[delegation.pk]))

    (event,) = events(response)
    assert event["DTSTART"].params["TZID"] == "Africa/Maputo"
    assert event["DTEND"].params["TZID"] == "Africa/Nairobi"
    zones = {str(tz["TZID"]) for tz in Calendar.from_ical(response.content).walk("VTIMEZONE")}
    assert zones == {"Africa/Maputo", "Africa/Nairobi"}


def test_itinerary_ics_escapes_commas_semicolons_and_newlines(delegation, staff_client):
    title = "Briefing, part 1; with\nthe county"
    ItineraryItemFactory(delegation=delegation, title=title)

    response = staff_client.get(reverse("reports:itinerary-ics", args=[delegation.pk]))

    assert b"Briefing\\, part 1\\; with\\nthe county" in response.content.replace(b"\r\n ", b"")
    (event,) = events(response)
    assert str(event["SUMMARY"]) == title


@pytest.mark.parametrize(
    "name", ["reports:itinerary-ics", "reports:itinerary-csv", "reports:export-xlsx"]
)
def test_delegation_export_outside_scope_is_404(name, delegation, other_staff_client):
    response = other_staff_client.get(reverse(name, args=[delegation.pk]))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("reports:itinerary-ics", True),
        ("reports:itinerary-csv", True),
        ("reports:export-xlsx", True),
        ("reports:delegations-xlsx", False),
        ("reports:delegations-csv", False),
        ("reports:followups-csv", False),
    ],
)
def test_export_anonymous_is_sent_to_login(name, args, delegation, client):
    response = client.get(reverse(name, args=[delegation.pk] if args else []))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_itinerary_feed_serves_the_calendar_without_login(delegation, client):
    ItineraryItemFactory(delegation=delegation, title="Courtesy call")

    response = client.get(reverse("reports:itinerary-feed", args=[feed_token(delegation)]))

    assert response.status_code == 200
    assert [str(event["SUMMARY"]) for event in events(response)] == ["Courtesy call"]


@pytest.mark.parametrize(
    "token",
    [
        "forged",
        "1:abc",
        signing.Signer(salt="another").sign("1"),
        signing.Signer(salt="itinerary-feed").sign("999999"),
    ],
)
def test_itinerary_feed_bad_token_is_404(token, delegation, client):
    response = client.get(reverse("reports:itinerary-feed", args=[token]))
    assert response.status_code == 404


def test_export_xlsx_has_every_sheet_of_the_demo(demo, administrator, client):
    client.force_login(administrator)

    response = client.get(reverse("reports:export-xlsx", args=[demo.pk]))

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    book = workbook(response)
    assert book.sheetnames == [
        "Overview",
        "Members",
        "Itinerary",
        "Organisations and counterparts",
        "Beneficiaries",
        "Follow-ups",
    ]
    overview = dict(book["Overview"].iter_rows(values_only=True))
    assert overview["Title"] == demo.title
    assert overview["Host country"] == "Kenya"
    members = [row[1] for row in book["Members"].iter_rows(min_row=2, values_only=True)]
    assert "Mr António Domingos Mapure" in members
    itinerary = list(book["Itinerary"].iter_rows(min_row=2, values_only=True))
    assert len(itinerary) == demo.itinerary_items.count()
    assert "Africa/Nairobi" in {row[2] for row in itinerary}
    follow_ups = list(book["Follow-ups"].iter_rows(min_row=2, values_only=True))
    assert len(follow_ups) == FollowUp.objects.filter(delegation=demo).count()


def test_export_xlsx_leaves_unknown_counts_empty(delegation, staff_client):
    item = ItineraryItemFactory(delegation=delegation, title="School visit")
    BeneficiaryGroupFactory(item=item, female=4, male=None, other=None, total=None, youth=None)

    book = workbook(staff_client.get(reverse("reports:export-xlsx", args=[delegation.pk])))

    (row,) = book["Beneficiaries"].iter_rows(min_row=2, values_only=True)
    assert row[0] == "School visit"
    assert row[3:8] == (4, None, None, None, None)


def test_export_xlsx_keeps_a_formula_as_text(delegation, staff_client):
    ItineraryItemFactory(delegation=delegation, title=FORMULA)
    Delegation.objects.filter(pk=delegation.pk).update(title=FORMULA)

    book = workbook(staff_client.get(reverse("reports:export-xlsx", args=[delegation.pk])))

    title = book["Overview"]["B1"]
    assert title.value == FORMULA
    assert title.data_type == "s"
    cell = book["Itinerary"]["E2"]
    assert cell.value == FORMULA
    assert cell.data_type == "s"


def test_delegations_exports_keep_a_formula_as_text(programme, staff_client):
    DelegationFactory(programme=programme, title=FORMULA)

    book = workbook(staff_client.get(reverse("reports:delegations-xlsx")))
    rows = csv_rows(staff_client.get(reverse("reports:delegations-csv")))

    assert book.active["A2"].value == FORMULA
    assert book.active["A2"].data_type == "s"
    assert rows[1][0] == "'" + FORMULA


def test_delegations_csv_lists_the_scope_with_counts(delegation, other_programme, staff_client):
    DelegationMemberFactory(delegation=delegation)
    ItineraryItemFactory.create_batch(2, delegation=delegation)
    DelegationFactory(programme=other_programme, title="Elsewhere")

    response = staff_client.get(reverse("reports:delegations-csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="delegations.csv"'
    header, *rows = csv_rows(response)
    assert header[0] == "Title"
    assert rows == [
        [
            "Visit to Kenya",
            "PHSS",
            "2019-07-22",
            "2019-07-26",
            "Mozambique",
            "Kenya",
            delegation.get_status_display(),
            delegation.report.get_status_display(),
            "1",
            "2",
            "",  # no sending organisation, project or donor
            "",
            "",
        ]
    ]


@pytest.mark.parametrize("name", ["reports:delegations-csv", "reports:delegations-xlsx"])
def test_delegations_exports_apply_the_list_filters(name, programme, other_programme, staff_client):
    DelegationFactory(programme=programme, title="Planned one", status=PlanningStatus.PLANNED)
    DelegationFactory(programme=programme, title="Draft one", status=PlanningStatus.DRAFT)
    DelegationFactory(programme=other_programme, title="Elsewhere", status=PlanningStatus.PLANNED)

    response = staff_client.get(reverse(name), {"status": PlanningStatus.PLANNED})

    if name.endswith("csv"):
        titles = [row[0] for row in csv_rows(response)[1:]]
    else:
        titles = [
            row[0] for row in workbook(response).active.iter_rows(min_row=2, values_only=True)
        ]
    assert titles == ["Planned one"]


def test_followups_csv_lists_follow_ups_in_scope(delegation, other_programme, staff_client):
    FollowUpFactory(delegation=delegation, description="Share the curriculum")
    FollowUpFactory(delegation=DelegationFactory(programme=other_programme), description="Not ours")

    header, *rows = csv_rows(staff_client.get(reverse("reports:followups-csv")))

    assert header[:2] == ["Delegation", "Description"]
    assert [row[:2] for row in rows] == [["Visit to Kenya", "Share the curriculum"]]


def test_followups_csv_of_the_demo(demo, administrator, client):
    client.force_login(administrator)
    rows = csv_rows(client.get(reverse("reports:followups-csv")))
    assert len(rows) - 1 == FollowUp.objects.count() > 0
    assert {row[0] for row in rows[1:]} == {demo.title}


def queries_for(client, url: str) -> int:
    """Queries of one download, the streamed body included (a streamed export reads the
    database while it streams)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(captured)


def assert_constant_queries(client, url: str, add_rows, *, more: int = 4) -> None:
    before = queries_for(client, url)
    add_rows(more)
    assert queries_for(client, url) == before


def _add_items(delegation):
    def add(n):
        for _ in range(n):
            item = ItineraryItemFactory(delegation=delegation)
            CounterpartFactory(item=item)
            BeneficiaryGroupFactory(item=item)
            FollowUpFactory(delegation=delegation, item=item)
            DelegationMemberFactory(delegation=delegation)

    return add


@pytest.mark.parametrize(
    "name", ["reports:itinerary-ics", "reports:itinerary-csv", "reports:export-xlsx"]
)
def test_delegation_exports_constant_queries(name, delegation, staff_client):
    add = _add_items(delegation)
    add(1)
    assert_constant_queries(staff_client, reverse(name, args=[delegation.pk]), add)


def test_itinerary_feed_constant_queries(delegation, client):
    add = _add_items(delegation)
    add(1)
    assert_constant_queries(
        client, reverse("reports:itinerary-feed", args=[feed_token(delegation)]), add
    )


@pytest.mark.parametrize(
    "name", ["reports:delegations-xlsx", "reports:delegations-csv", "reports:followups-csv"]
)
def test_list_exports_constant_queries(name, programme, staff_client):
    def add(n):
        for _ in range(n):
            delegation = DelegationFactory(programme=programme)
            _add_items(delegation)(1)

    add(1)
    assert_constant_queries(staff_client, reverse(name), add)


def test_itinerary_item_times_are_local(delegation, staff_client):
    ItineraryItemFactory(
        delegation=delegation,
        starts_at=datetime.datetime(2019, 7, 22, 6, 0, tzinfo=datetime.UTC),
    )
    book = workbook(staff_client.get(reverse("reports:export-xlsx", args=[delegation.pk])))
    (row,) = book["Itinerary"].iter_rows(min_row=2, values_only=True)
    assert row[0] == datetime.datetime(2019, 7, 22, 9, 0)
    assert ItineraryItem.objects.count() == 1


@pytest.mark.parametrize("name", ["reports:itinerary-ics", "reports:export-xlsx"])
def test_delegation_export_manager_may_download(name, delegation, manager_client):
    ItineraryItemFactory(delegation=delegation, title="Courtesy call")
    response = manager_client.get(reverse(name, args=[delegation.pk]))
    assert response.status_code == 200
    if response.streaming:
        titles = [
            row[4] for row in workbook(response)["Itinerary"].iter_rows(min_row=2, values_only=True)
        ]
    else:
        titles = [str(event["SUMMARY"]) for event in events(response)]
    assert titles == ["Courtesy call"]
