"""Bad input (issue 5): script and HTML typed into every free-text field is shown escaped
on every page and in the admin, and literally (never interpreted) in the PDF and the
exports; text that a spreadsheet would run as a formula stays text in XLSX and CSV."""

import csv
import io

import pytest
from django.contrib import admin
from django.urls import reverse
from icalendar import Calendar
from openpyxl import load_workbook

from delegations.models import Delegation, DelegationMember, SupportAssignment
from itinerary.models import ItineraryItem, Topic
from itinerary.selectors import itinerary_entry
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from officials.models import Official
from partners.models import Organisation
from reports.exports.cells import FORMULA_PREFIXES
from tests.security.bad_input import (
    ESCAPED_IMG,
    ESCAPED_SCRIPT,
    MARKUP,
    SCRIPT,
    build_world,
    markup_text,
    pdf_text,
)
from tests.support.admin import admin_url

RAW_IMG = "<img src=x onerror=alert(1)>"


@pytest.fixture
def world(programme, administrator, staff_user):
    return build_world(programme=programme, users=[administrator, staff_user], text=markup_text)


def first(world, model):
    return world.of(model)[0]


# Pages: (name, a function of the world giving the URL).
PAGES = {
    "delegation-list": lambda w: reverse("delegations:list"),
    "delegation-search": lambda w: reverse("delegations:list") + "?q=script",
    "delegation-detail": lambda w: reverse("delegations:detail", args=[w.delegation.pk]),
    "delegation-update": lambda w: reverse("delegations:update", args=[w.delegation.pk]),
    "members": lambda w: reverse("delegations:members", args=[w.delegation.pk]),
    "member-update": lambda w: reverse(
        "delegations:member-update", args=[first(w, DelegationMember).pk]
    ),
    "support-team": lambda w: reverse("delegations:support-team", args=[w.delegation.pk]),
    "support-update": lambda w: reverse(
        "delegations:support-update", args=[first(w, SupportAssignment).pk]
    ),
    "itinerary": lambda w: reverse("itinerary:itinerary", args=[w.delegation.pk]),
    "item-update": lambda w: reverse("itinerary:item-update", args=[first(w, ItineraryItem).pk]),
    "item-delete": lambda w: reverse("itinerary:item-delete", args=[first(w, ItineraryItem).pk]),
    "objective-update": lambda w: reverse(
        "learning:objective-update", args=[first(w, LearningObjective).pk]
    ),
    "highlight-update": lambda w: reverse(
        "learning:highlight-update", args=[first(w, Highlight).pk]
    ),
    "followup-update": lambda w: reverse("learning:followup-update", args=[first(w, FollowUp).pk]),
    "attachment-update": lambda w: reverse(
        "learning:attachment-update", args=[first(w, Attachment).pk]
    ),
    "visit-day": lambda w: (
        reverse("visits:today", args=[w.delegation.pk])
        + f"?day={itinerary_entry(first(w, ItineraryItem)).start.local.date().isoformat()}"
    ),
    "visit-day-capture": lambda w: reverse(
        "visits:capture", args=[first(w, ItineraryItem).pk, "counterpart"]
    ),
    "report": lambda w: reverse("reports:report", args=[w.delegation.pk]),
    "review": lambda w: reverse("reports:review", args=[w.delegation.pk]),
    "dashboard": lambda w: reverse("reports:dashboard"),
    "official-list": lambda w: reverse("officials:list") + "?q=script",
    "official-detail": lambda w: reverse("officials:detail", args=[first(w, Official).pk]),
    "official-update": lambda w: reverse("officials:update", args=[first(w, Official).pk]),
    "organisation-list": lambda w: reverse("partners:organisation-list") + "?q=script",
    "organisation-detail": lambda w: reverse(
        "partners:organisation-detail", args=[first(w, Organisation).pk]
    ),
    "organisation-update": lambda w: reverse(
        "partners:organisation-update", args=[first(w, Organisation).pk]
    ),
    "delegation-history": lambda w: reverse("timeline:delegation-history", args=[w.delegation.pk]),
    "topic-list": lambda w: reverse("learning:topic-list"),
    "topic-detail": lambda w: reverse("learning:topic-detail", args=[first(w, Topic).pk]),
    "search": lambda w: reverse("search:results") + "?q=script",
    "search-alert": lambda w: reverse("search:results") + "?q=alert(1)",
    "official-autocomplete": lambda w: reverse("officials:autocomplete") + "?q=script",
    "organisation-autocomplete": lambda w: (
        reverse("partners:organisation-autocomplete") + "?q=script"
    ),
    "place-autocomplete": lambda w: reverse("places:autocomplete") + "?q=script",
    "site-autocomplete": lambda w: reverse("itinerary:site-autocomplete") + "?q=script",
    "topic-autocomplete": lambda w: reverse("itinerary:topic-autocomplete") + "?q=script",
}

SEARCH_KINDS = ("delegations", "officials", "organisations", "items", "highlights")
SEARCH_KINDS += ("follow_ups", "sites", "places")
PAGES |= {
    f"search-{kind}": lambda w, kind=kind: f"{reverse('search:results')}?q=script&type={kind}"
    for kind in SEARCH_KINDS
}


def assert_escaped(body: str) -> None:
    assert SCRIPT not in body
    assert RAW_IMG not in body
    assert ESCAPED_SCRIPT in body  # the text is there, escaped


@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_markup_in_free_text_is_escaped_on_every_page(world, admin_client, page):
    response = admin_client.get(page(world))

    assert response.status_code == 200
    assert_escaped(response.content.decode())


def test_markup_in_attributes_is_escaped_too(world, admin_client):
    """The payload that closes an attribute ("><img ...) stays inside it."""
    body = admin_client.get(reverse("delegations:update", args=[world.delegation.pk]))
    content = body.content.decode()

    assert ESCAPED_IMG in content
    assert RAW_IMG not in content


@pytest.mark.parametrize("view", ["changelist", "change"])
def test_markup_is_escaped_in_the_admin(world, admin_client, view):
    checked = []
    for obj in world.objects:
        model = type(obj)
        if model not in admin.site._registry:
            continue
        url = admin_url(model, view) if view == "changelist" else admin_url(model, view, obj.pk)
        response = admin_client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert SCRIPT not in body, url
        assert RAW_IMG not in body, url
        assert ESCAPED_SCRIPT in body, url
        checked.append(model.__name__)
    assert {"Delegation", "ItineraryItem", "Official", "Report", "Attachment"} <= set(checked)


def test_markup_is_literal_text_in_the_pdf(world, admin_client):
    response = admin_client.get(reverse("reports:report-pdf", args=[world.delegation.pk]))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert world.texts[("Delegation", "title")] in text
    assert world.texts[("Report", "summary")] in text
    assert "&lt;" not in text and "&gt;" not in text  # not escaped twice either


def workbook_strings(content: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(content))
    return [
        cell.value
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def streamed(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8").removeprefix("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def test_markup_is_literal_text_in_the_exports(world, admin_client):
    pk = world.delegation.pk
    title = world.texts[("Delegation", "title")]
    xlsx = workbook_strings(streamed(admin_client.get(reverse("reports:export-xlsx", args=[pk]))))
    listed = workbook_strings(streamed(admin_client.get(reverse("reports:delegations-xlsx"))))
    delegations_csv = csv_cells(streamed(admin_client.get(reverse("reports:delegations-csv"))))
    followups_csv = csv_cells(streamed(admin_client.get(reverse("reports:followups-csv"))))
    itinerary_csv = csv_cells(
        streamed(admin_client.get(reverse("reports:itinerary-csv", args=[pk])))
    )
    ics = Calendar.from_ical(admin_client.get(reverse("reports:itinerary-ics", args=[pk])).content)

    for cells in (xlsx, listed, delegations_csv, followups_csv):
        assert title in cells
        assert not any("&lt;" in cell or "&gt;" in cell for cell in cells)
    assert world.texts[("ItineraryItem", "title")] in xlsx
    assert world.texts[("ItineraryItem", "title")] in itinerary_csv
    assert not any("&lt;" in cell or "&gt;" in cell for cell in itinerary_csv)
    assert world.texts[("FollowUp", "description")] in followups_csv
    summaries = {str(event["SUMMARY"]) for event in ics.walk("VEVENT")}
    assert world.texts[("ItineraryItem", "title")] in summaries
    descriptions = " ".join(str(event["DESCRIPTION"]) for event in ics.walk("VEVENT"))
    assert world.texts[("ItineraryItem", "summary")] in descriptions
    assert "&lt;" not in descriptions and MARKUP in descriptions


# --- Formula injection --------------------------------------------------------------------------


def formula_text(prefix: str):
    def text(n: int, max_length: int | None) -> str:
        return f"{prefix}SUM(1+{n})"[: max_length or None]

    return text


@pytest.mark.parametrize(
    "prefix", FORMULA_PREFIXES, ids=["equals", "plus", "minus", "at", "tab", "cr"]
)
def test_formula_text_stays_text_in_every_exported_column(programme, administrator, client, prefix):
    """Every text column of every export: a string cell in XLSX, quoted in CSV."""
    world = build_world(programme=programme, users=[administrator], text=formula_text(prefix))
    client.force_login(administrator)
    pk = world.delegation.pk
    formulas = set(world.texts.values())
    # XML reads a carriage return back as a line feed (the cell was written with "\r").
    read_back = "\n" if prefix == "\r" else prefix

    for name, args in (("reports:export-xlsx", [pk]), ("reports:delegations-xlsx", [])):
        book = load_workbook(io.BytesIO(streamed(client.get(reverse(name, args=args)))))
        typed = [
            cell
            for sheet in book.worksheets
            for row in sheet.iter_rows()
            for cell in row
            if isinstance(cell.value, str) and cell.value.startswith(read_back)
        ]
        assert typed, name
        assert all(cell.data_type == "s" for cell in typed), name
        assert any(prefix + cell.value[1:] in formulas for cell in typed), name
    for name in ("reports:delegations-csv", "reports:followups-csv"):
        cells = csv_cells(streamed(client.get(reverse(name))))
        assert not [cell for cell in cells if cell.startswith(FORMULA_PREFIXES)], name
        assert any(cell.startswith("'" + prefix) and cell[1:] in formulas for cell in cells), name
    assert Delegation.objects.get(pk=pk).title == world.texts[("Delegation", "title")]
