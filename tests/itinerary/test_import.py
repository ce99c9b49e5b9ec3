"""Importing an itinerary and members from a spreadsheet: the template, the preview (what
is new, every error by row and column), nothing saved before confirming, one save."""

import datetime
import io
import re
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from delegations.enums import MemberRole
from delegations.models import DelegationMember
from itinerary.enums import ItemKind
from itinerary.imports.columns import HEADERS, ITINERARY, MEMBERS
from itinerary.imports.reading import MAX_BYTES
from itinerary.models import Counterpart, ItineraryItem
from officials.enums import Gender
from officials.models import Official
from partners.models import Organisation
from places.models import Place
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.support.spreadsheets import (
    csv_bytes,
    csv_upload,
    item_row,
    member_row,
    xlsx_bytes,
    xlsx_upload,
)


def text_of(response) -> str:
    html = response.content.decode()
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (ItineraryItem, Counterpart, DelegationMember, Official, Organisation, Place)
    }


@pytest.fixture
def delegation(programme, nairobi):
    delegation = DelegationFactory(programme=programme)  # 22–26 July 2019
    delegation.destinations.add(nairobi)
    return delegation


@pytest.fixture
def url(delegation):
    return reverse("itinerary:itinerary-import", args=[delegation.pk])


def preview(client, url, upload):
    return client.post(url, {"file": upload})


def confirm(client, url, response):
    form = response.context["form"]
    return client.post(
        url,
        {
            "content": form.data["content"],
            "filename": form.data["filename"],
            "submission_token": form.data.get("submission_token", ""),
            "confirm": "1",
        },
    )


# --- The template --------------------------------------------------------------------------------


def test_template_has_two_sheets_with_the_exact_headers_and_one_example(staff_client):
    response = staff_client.get(reverse("itinerary:itinerary-template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == [ITINERARY, MEMBERS]
    for name in (ITINERARY, MEMBERS):
        rows = list(book[name].iter_rows(values_only=True))
        assert rows[0] == HEADERS[name]
        assert len(rows) == 2 and all(rows[1][:2])


# --- Preview, then save --------------------------------------------------------------------------


def test_preview_marks_what_is_new_and_saves_nothing(staff_client, url, nairobi):
    upload = xlsx_upload(
        itinerary=[
            item_row(
                Place="Mombasa, Kenya",
                Organisations="Kenya Ports Authority; IOM",
                Counterparts="Grace Wanjiru, Harbour Master, Kenya Ports Authority",
            )
        ],
        members=[member_row()],
    )
    OrganisationFactory(name="International Organization for Migration", acronym="IOM")
    before = counts()
    response = preview(staff_client, url, upload)
    text = text_of(response)
    assert "Mombasa new" in text
    assert "Kenya Ports Authority new" in text
    assert "International Organization for Migration (IOM)" in text
    assert "Grace Wanjiru new" in text and "Amina Okello new" in text
    assert "New: 1 places, 1 organisations, 3 officials." not in text  # 2 officials
    assert "New: 1 places, 1 organisations, 2 officials." in text
    assert "Confirm and import" in text
    assert counts() == before


def test_confirm_saves_every_row_matching_names_without_accents_or_case(
    staff_client, url, delegation, nairobi
):
    ministry = OrganisationFactory(name="Ministério do Interior", country="MZ")
    known = OfficialFactory(full_name="José Manuel", organisation=ministry)
    upload = xlsx_upload(
        itinerary=[
            item_row(
                Place="NAIROBI",
                Organisations="ministerio do interior; Kenya Red Cross",
                Counterparts="jose manuel, Director, Ministerio do Interior\nWanjiku Kamau, Officer",
                Summary="Talked about the border.",
            ),
            item_row(
                Title="Visit to the port",
                Date=datetime.datetime(2019, 7, 24),
                Start=datetime.time(14, 0),
                End="16:30",
                Kind="courtesy_call",
                Place="Mombasa, Kenya",
                Organisations="Kenya Red Cross",
            ),
        ],
        members=[
            member_row(Role="Head of delegation", Organisation="Ministerio do interior"),
            member_row(Name="JOSÉ MANUEL", Role="", Sex="M", Country="MZ"),
        ],
    )
    response = preview(staff_client, url, upload)
    assert response.context["plan"].errors == []
    response = confirm(staff_client, url, response)
    assert response.status_code == 302
    assert response.url == reverse("itinerary:itinerary", args=[delegation.pk])

    first, second = ItineraryItem.objects.filter(delegation=delegation).order_by("starts_at")
    assert first.place == nairobi and first.summary == "Talked about the border."
    assert first.starts_at == datetime.datetime(2019, 7, 23, 9, tzinfo=ZoneInfo("Africa/Nairobi"))
    red_cross = Organisation.objects.get(name="Kenya Red Cross")
    assert set(first.organisations.all()) == {ministry, red_cross}
    assert list(second.organisations.all()) == [red_cross]
    assert second.kind == ItemKind.COURTESY_CALL
    mombasa = Place.objects.get(name="Mombasa")
    assert (second.place, mombasa.country, mombasa.timezone) == (mombasa, "KE", "Africa/Nairobi")
    assert second.ends_at.astimezone(ZoneInfo("Africa/Nairobi")).time() == datetime.time(16, 30)
    links = {link.official.full_name: link.position for link in first.counterpart_links.all()}
    assert links == {"José Manuel": "Director", "Wanjiku Kamau": "Officer"}
    assert Official.objects.filter(full_name__iexact="josé manuel").count() == 1
    members = {m.official.full_name: m for m in delegation.members.select_related("official")}
    assert members["José Manuel"].official == known
    amina = members["Amina Okello"]
    assert amina.role == MemberRole.HEAD and amina.position == "Commissioner"
    assert (amina.official.gender, amina.official.country, amina.official.organisation) == (
        Gender.FEMALE,
        "UG",
        ministry,
    )
    assert first.history.first().history_user.email == "staff@example.org"


@pytest.mark.parametrize("bom", [False, True], ids=["utf8", "utf8-bom"])
def test_csv_sheets_import_with_or_without_bom(staff_client, url, delegation, bom):
    items = csv_upload(HEADERS[ITINERARY], [item_row(Title="Café with the governor")], bom=bom)
    response = confirm(staff_client, url, preview(staff_client, url, items))
    assert response.status_code == 302
    assert delegation.itinerary_items.get().title == "Café with the governor"
    members = csv_upload(HEADERS[MEMBERS], [member_row(Name="Zoë Mutua")], bom=bom)
    confirm(staff_client, url, preview(staff_client, url, members))
    assert delegation.members.get().official.full_name == "Zoë Mutua"


def test_a_second_confirmation_saves_nothing_more(staff_client, url, delegation):
    response = preview(staff_client, url, xlsx_upload(itinerary=[item_row()]))
    confirm(staff_client, url, response)
    confirm(staff_client, url, response)
    assert delegation.itinerary_items.count() == 1


def test_preview_queries_do_not_grow_with_rows(staff_client, url, nairobi):
    def rows(n):
        return [
            item_row(
                Title=f"Meeting {i}",
                Organisations=f"Org {i}; Other {i}",
                Counterparts=f"Person {i}, Officer, Org {i}",
            )
            for i in range(n)
        ]

    def queries(n):
        upload = xlsx_upload(itinerary=rows(n))
        with CaptureQueriesContext(connection) as captured:
            response = preview(staff_client, url, upload)
        assert len(response.context["plan"].items) == n
        return len(captured)

    assert queries(1) == queries(5)


# --- Bad input: every error gets its message, and nothing is saved ---------------------------------

ROW_ERRORS = [
    ("bad date", {"Date": "23/07/2019"}, "Date", "“23/07/2019” is not a date: write it YYYY-MM-DD"),
    ("bad time", {"Start": "9h"}, "Start", "“9h” is not a time: write it HH:MM"),
    (
        "unknown kind",
        {"Kind": "Picnic"},
        "Kind",
        "“Picnic” is not a kind of item. The kinds are: Arrival, Departure, Travel, Briefing",
    ),
    ("end before start", {"Start": "11:00", "End": "10:00"}, "End", "The end, 10:00, is not after"),
    ("place missing", {"Place": ""}, "Place", "The place is missing: write it “City, Country”."),
    (
        "unknown country",
        {"Place": "Springfield, Freedonia"},
        "Place",
        "“Freedonia” is not a country Exchange knows",
    ),
    ("unknown place", {"Place": "Atlantis"}, "Place", "“Atlantis” is not a place Exchange knows"),
    (
        "zone to choose",
        {"Place": "Orlando, United States"},
        "Place",
        "United States has several time zones",
    ),
    (
        "outside the dates",
        {"Date": "2019-08-01"},
        "Date",
        "2019-08-01 (local time in Africa/Nairobi) is outside the delegation's dates",
    ),
    ("title missing", {"Title": ""}, "Title", "The title is missing."),
    ("travel", {"Kind": "Travel"}, "Kind", "Travel needs a place of departure and a destination"),
]


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [case[1:] for case in ROW_ERRORS],
    ids=[case[0] for case in ROW_ERRORS],
)
def test_each_row_error_is_named_by_row_and_column(
    staff_client, url, nairobi, values, column, message
):
    upload = xlsx_upload(itinerary=[item_row(Title="Fine"), item_row(**values)])
    before = counts()
    response = preview(staff_client, url, upload)
    text = text_of(response)
    assert f"Itinerary, row 3, column {column}: {message}" in text
    assert "Confirm and import" not in text
    assert confirm(staff_client, url, response).status_code == 200  # sent anyway: refused
    assert counts() == before


MEMBER_ERRORS = [
    ("unknown role", {"Role": "Chief"}, "Role", "“Chief” is not a role in a delegation."),
    ("unknown sex", {"Sex": "x"}, "Sex", "“x” is not understood"),
    ("unknown country", {"Country": "Narnia"}, "Country", "“Narnia” is not a country"),
    ("name missing", {"Name": ""}, "Name", "The name is missing."),
]


@pytest.mark.parametrize(
    ("values", "column", "message"),
    [case[1:] for case in MEMBER_ERRORS],
    ids=[case[0] for case in MEMBER_ERRORS],
)
def test_each_member_error_is_named_by_row_and_column(staff_client, url, values, column, message):
    upload = xlsx_upload(members=[member_row(**values)])
    before = counts()
    text = text_of(preview(staff_client, url, upload))
    assert f"Members, row 2, column {column}: {message}" in text
    assert counts() == before


def test_people_already_there_or_twice_are_refused(staff_client, url, delegation):
    DelegationMemberFactory(
        delegation=delegation,
        role=MemberRole.HEAD,
        official=OfficialFactory(full_name="Ana Lima", honorific=""),
    )
    upload = xlsx_upload(
        members=[
            member_row(Name="Ana Lima"),
            member_row(Name="Rui Costa", Role="Head of delegation"),
            member_row(Name="rui costa"),
        ]
    )
    text = text_of(preview(staff_client, url, upload))
    assert "Members, row 2, column Name: Ana Lima is already a member" in text
    assert "Members, row 3, column Role: The delegation already has a head." in text
    assert "Members, row 4, column Name: Row 3 names the same person." in text


def test_an_item_already_there_is_refused(staff_client, url, delegation, nairobi):
    upload = xlsx_upload(itinerary=[item_row()])
    confirm(staff_client, url, preview(staff_client, url, upload))
    text = text_of(preview(staff_client, url, xlsx_upload(itinerary=[item_row(), item_row()])))
    assert "Itinerary, row 2, column Title: This item is already on the itinerary" in text
    assert delegation.itinerary_items.count() == 1


FILE_ERRORS = [
    (
        "not a spreadsheet",
        lambda: SimpleUploadedFile("visit.xlsx", b"%PDF-1.4 not a workbook"),
        "This file is not a spreadsheet Exchange can read.",
    ),
    (
        "other extension",
        lambda: SimpleUploadedFile("visit.docx", xlsx_bytes()),
        "This file is not a spreadsheet Exchange can read.",
    ),
    (
        "too large",
        lambda: SimpleUploadedFile("visit.csv", b"a" * (MAX_BYTES + 1)),
        "an import takes at most 1024 KB",
    ),
    ("empty", lambda: SimpleUploadedFile("visit.csv", b""), "The submitted file is empty."),
    (
        "not utf-8",
        lambda: SimpleUploadedFile("visit.csv", "Date;Café".encode("latin-1")),
        "This CSV file is not in UTF-8",
    ),
    (
        "wrong xlsx header",
        lambda: SimpleUploadedFile("visit.xlsx", xlsx_bytes(headers={ITINERARY: ("Day", "Start")})),
        "The header row of the Itinerary sheet must read exactly: Date, Start, End, Kind, Title, "
        "Place, Organisations, Counterparts, Summary, Outcome. It reads: Day, Start.",
    ),
    (
        "wrong csv header",
        lambda: SimpleUploadedFile("visit.csv", csv_bytes(["date", "start"], [["x", "y"]])),
        "The header row of a CSV file must read exactly",
    ),
    ("no file", lambda: None, "Choose a spreadsheet to import."),
    (
        "too many rows",
        lambda: csv_upload(HEADERS[MEMBERS], [member_row(Name=f"P {i}") for i in range(501)]),
        "The Members sheet has more than 500 rows",
    ),
    (
        "too many blank rows",
        lambda: SimpleUploadedFile(
            "visit.xlsx", xlsx_bytes(itinerary=[*[[None] * 10] * 3000, item_row()])
        ),
        "The Itinerary sheet has more than 500 rows",
    ),
]


@pytest.mark.parametrize(
    ("make", "message"), [case[1:] for case in FILE_ERRORS], ids=[case[0] for case in FILE_ERRORS]
)
def test_a_file_that_cannot_be_read_gets_a_message(staff_client, url, make, message):
    upload = make()
    before = counts()
    response = staff_client.post(url, {"file": upload} if upload else {})
    assert response.status_code == 200
    assert message in text_of(response)
    assert counts() == before


def test_a_damaged_carried_file_gets_a_message(staff_client, url):
    response = staff_client.post(url, {"content": "not base64!", "confirm": "1"})
    assert "The file sent back was damaged: upload it again." in text_of(response)


def test_locked_delegation_refuses_the_import(admin_client, url, delegation):
    delegation.locked = True
    delegation.save()
    response = preview(admin_client, url, xlsx_upload(itinerary=[item_row()]))
    response = confirm(admin_client, url, response)
    assert response.status_code == 200
    assert not delegation.itinerary_items.exists()
