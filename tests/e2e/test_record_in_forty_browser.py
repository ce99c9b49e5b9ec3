"""Programme staff record a whole visit with two legs on their own, no administrator step,
in at most 40 page loads and posts (issue 9 / tracker 12, "Done when").

The visit: a project with a donor; eight members from three countries and eight itinerary
items imported from a spreadsheet, with new places and organisations; one counterpart
created in place from the item form; the report submitted. Every document the browser
loads and every POST it sends (htmx ones included) is counted and printed."""

import re

import pytest
from playwright.sync_api import expect

from delegations.enums import MemberRole
from delegations.models import Delegation
from places.enums import PlaceKind
from tests.e2e.conftest import AXE
from tests.e2e.steps import log_in, pick, pick_field
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory
from tests.support.spreadsheets import item_row, member_row, xlsx_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BUDGET = 40
TITLE = "Migration governance study visit to the Netherlands"

MEMBERS = [
    member_row(Name="Amina Okello", Role="Head of delegation", Organisation="Office of the Prime Minister", Country="Uganda"),
    member_row(Name="Joseph Ssemakula", Sex="Male", Organisation="Office of the Prime Minister", Country="Uganda"),
    member_row(Name="Grace Nakato", Organisation="Uganda Police Force", Country="Uganda"),
    member_row(Name="Peter Mwangi", Sex="Male", Organisation="State Department for Immigration", Country="Kenya"),
    member_row(Name="Wanjiru Kamau", Organisation="State Department for Immigration", Country="Kenya"),
    member_row(Name="Otieno Ouma", Sex="Male", Role="Technical adviser", Organisation="Kenya Police Service", Country="KE"),
    member_row(Name="Neema Mushi", Organisation="Immigration Department", Country="Tanzania"),
    member_row(Name="Baraka Mollel", Sex="Male", Organisation="Immigration Department", Country="TZ"),
]  # fmt: skip

ITEMS = [
    item_row(Date="2026-05-11", Start="09:00", End="10:00", Kind="Briefing", Title="Briefing at IOM",
             Place="The Hague", Organisations="IOM Netherlands"),
    item_row(Date="2026-05-11", Start="11:00", End="12:30", Kind="Courtesy call", Title="Call on the Mayor",
             Place="The Hague", Organisations="Municipality of The Hague",
             Counterparts="Jan van Dijk, Mayor, Municipality of The Hague"),
    item_row(Date="2026-05-12", Start="10:00", End="12:00", Kind="Meeting", Title="Border police",
             Place="Rijswijk, Netherlands", Organisations="Royal Netherlands Marechaussee"),
    item_row(Date="2026-05-12", Start="14:00", End="15:30", Kind="Meeting", Title="Reception centre",
             Place="Delft, Netherlands", Organisations="Central Agency for the Reception of Asylum Seekers"),
    item_row(Date="2026-05-13", Start="09:30", End="11:00", Kind="Workshop", Title="Data workshop",
             Place="Amsterdam", Organisations="Statistics Netherlands"),
    item_row(Date="2026-05-13", Start="14:00", End="16:00", Kind="Meeting", Title="City integration office",
             Place="Amsterdam", Organisations="Municipality of Amsterdam"),
    item_row(Date="2026-05-14", Start="10:00", End="12:00", Kind="Community engagement", Title="Diaspora forum",
             Place="Zaandam, Netherlands", Organisations="African Diaspora Network"),
    item_row(Date="2026-05-14", Start="15:00", End="16:00", Kind="Debrief", Title="Debrief with IOM",
             Place="Amsterdam", Organisations="IOM Netherlands"),
]  # fmt: skip


class Counter:
    """Page loads (documents) and posts (forms and htmx alike) the browser sends."""

    def __init__(self, page):
        self.loads, self.posts = [], []
        page.on("request", self.seen)

    def seen(self, request) -> None:
        if request.method == "POST":
            self.posts.append(request.url)
        elif request.resource_type == "document":
            self.loads.append(request.url)
        elif request.resource_type in {"xhr", "fetch"} and "autocomplete" not in request.url:
            self.loads.append(request.url)  # a form opened in place counts as a page

    @property
    def total(self) -> int:
        return len(self.loads) + len(self.posts)


@pytest.fixture
def directory(programme, manager):
    """What is there before: the programme (with a manager to review the report), the
    donor, the host's office and two cities."""
    programme.name = "Migration Governance"
    programme.save()
    OrganisationFactory(name="Government of the Netherlands", country="NL")
    OrganisationFactory(name="IOM Netherlands", country="NL")
    netherlands = PlaceFactory(
        name="Netherlands", kind=PlaceKind.COUNTRY, country="NL", timezone="Europe/Amsterdam"
    )
    PlaceFactory(name="The Hague", parent=netherlands, country="NL", timezone="Europe/Amsterdam")


def test_staff_record_a_visit_with_two_legs_in_forty_loads_and_posts(
    page, live_server, staff_user, directory, screenshot
):
    counter = Counter(page)
    log_in(page, live_server, staff_user.email)

    # 1. The project, with its donor.
    page.goto(f"{live_server.url}/partners/projects/new/")
    page.get_by_label("Programme").select_option(label=f"{staff_user.memberships.get().programme}")
    page.get_by_label("Name").fill("Migration Governance Phase II")
    page.get_by_label("Code").fill("MG-2")
    pick(page, "Add a donor", "government of the neth", "Government of the Netherlands")
    page.get_by_role("button", name="Add the project").click()
    expect(page.get_by_role("alert")).to_be_visible()

    # 2. The delegation; Amsterdam is added in place from the destinations' search.
    page.goto(f"{live_server.url}/delegations/new/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Programme").select_option(index=1)
    page.get_by_label("Project").select_option(index=1)
    page.get_by_label("Start date").fill("2026-05-11")
    page.get_by_label("End date").fill("2026-05-15")
    for country in ("Uganda", "Kenya", "Tanzania"):
        pick(page, "Add a sending country", country, country)
    page.get_by_label("Host country").select_option("NL")
    pick(page, "Add a destination", "hague", "The Hague, Netherlands")
    destinations = page.get_by_role("combobox", name="Add a destination")
    destinations.fill("Amsterdam")
    page.get_by_role("option", name="Create “Amsterdam”").click()
    dialog = page.locator("dialog.inplace-dialog")
    expect(dialog.get_by_label("Name")).to_have_value("Amsterdam")
    dialog.get_by_label("Country").select_option("NL")
    assert serious_axe(page) == []
    screenshot("12b-inplace-place")
    dialog.get_by_role("button", name="Create and pick it").click()
    expect(dialog).to_have_count(0)
    expect(page.get_by_role("checkbox", name="Amsterdam")).to_be_checked()
    page.get_by_role("button", name="Save delegation").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    delegation = Delegation.objects.get(title=TITLE)

    # 3. Two legs, each with its local host.
    page.goto(f"{live_server.url}/delegations/{delegation.pk}/legs/")
    for place, first, last in (
        ("The Hague", "2026-05-11", "2026-05-12"),
        ("Amsterdam", "2026-05-13", "2026-05-15"),
    ):
        pick_field(page, "City or region", place.lower(), re.compile(f"^{place}"))
        page.get_by_label("First day").fill(first)
        page.get_by_label("Last day").fill(last)
        page.get_by_role("button", name="Add the leg").click()
        expect(page.get_by_role("alert")).to_be_visible()
    assert delegation.legs.count() == 2

    # 4. Members and itinerary from one spreadsheet: preview, then confirm.
    page.goto(f"{live_server.url}/visits/delegations/{delegation.pk}/itinerary/import/")
    assert serious_axe(page) == []
    page.get_by_label("Spreadsheet").set_input_files(
        {
            "name": "visit.xlsx",
            "mimeType": "application/octet-stream",
            "buffer": xlsx_bytes(itinerary=ITEMS, members=MEMBERS),
        }
    )
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("8 itinerary items")).to_be_visible()
    expect(page.get_by_text("new").first).to_be_visible()
    assert serious_axe(page) == []
    screenshot("import-preview")
    page.get_by_role("button", name="Confirm and import").click()
    expect(page.get_by_role("alert")).to_contain_text("Imported 8 itinerary items and 8 members")
    assert delegation.itinerary_items.count() == 8
    assert set(delegation.members.values_list("official__country", flat=True)) == {"UG", "KE", "TZ"}
    assert delegation.members.filter(role=MemberRole.HEAD).count() == 1

    # 5. A counterpart created in place from the item form.
    item = delegation.itinerary_items.get(title="Border police")
    page.goto(f"{live_server.url}/visits/items/{item.pk}/edit/")
    row = page.locator("#counterparts-rows fieldset").first
    row.get_by_role("combobox", name="Official").fill("Anouk Visser")
    row.get_by_role("option", name="Create “Anouk Visser”").click()
    dialog = page.locator("dialog.inplace-dialog")
    expect(dialog.get_by_label("Full name")).to_have_value("Anouk Visser")
    dialog.get_by_role("button", name="Create and pick it").click()
    expect(dialog).to_have_count(0)
    expect(row.get_by_role("combobox", name="Official")).to_have_value("Anouk Visser")
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_role("alert")).to_contain_text("Saved")
    assert item.counterpart_links.get().official.full_name == "Anouk Visser"

    # 6. The narrative, then the report submitted.
    page.goto(f"{live_server.url}/reports/delegations/{delegation.pk}/review/")
    page.get_by_label("Summary").fill(
        "Eight officials from three countries studied migration governance."
    )
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.get_by_role("alert")).to_contain_text("The report was saved.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("alert")).to_contain_text("submitted")
    delegation.report.refresh_from_db()
    assert delegation.report.is_submitted

    print(f"\nRecorded in {counter.total} page loads and posts "
          f"({len(counter.loads)} loads, {len(counter.posts)} posts).")  # fmt: skip
    assert counter.total <= BUDGET, (counter.loads, counter.posts)


def serious_axe(page) -> list:
    """axe-core's serious and critical violations on the page (WCAG 2 A/AA)."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa']})")
    return [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_the_new_pages_have_no_serious_accessibility_problem(
    page, live_server, staff_user, directory, screenshot
):
    """The pages this issue adds, beside the import (checked above): copy a visit, add a
    place, a site, a topic, an organisation from a link (no JavaScript needed)."""
    source = Delegation.objects.create(
        title="Earlier visit",
        programme=staff_user.memberships.get().programme,
        sending_countries=["UG"],
        host_country="NL",
        start_date="2025-05-11",
        end_date="2025-05-15",
    )
    log_in(page, live_server, staff_user.email)
    for name, path in (
        ("copy", f"/visits/delegations/{source.pk}/copy/"),
        ("place", "/places/new/?name=Zaandam, Netherlands"),
        ("site", "/visits/sites/new/?name=Reception centre"),
        ("topic", "/visits/topics/new/?name=Return migration"),
        ("organisation", "/partners/organisations/new/?name=Hague Police"),
        ("import", f"/visits/delegations/{source.pk}/itinerary/import/"),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("main h1")).to_be_visible()
        screenshot(f"12b-{name}")
        assert serious_axe(page) == [], name
    page.goto(f"{live_server.url}/visits/delegations/{source.pk}/copy/")
    page.get_by_label("First day of the new visit").fill("2026-05-11")
    page.get_by_role("button", name="Preview the copy").click()
    expect(
        page.get_by_role("heading", name="The new visit: 11 May 2026 – 15 May 2026")
    ).to_be_visible()
    assert serious_axe(page) == []
