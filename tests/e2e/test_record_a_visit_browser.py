"""A staff member records a whole exchange visit from nothing, in Chromium, and finds
every fact of it on the delegation page: the main job of the product, end to end."""

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from delegations.models import Delegation
from places.enums import PlaceKind
from tests.e2e.steps import (
    add_item,
    log_in,
    open_inline_form,
    pick,
    pick_chip,
    pick_field,
    pick_with_keyboard,
    save_item,
)
from tests.factories.itinerary import SiteFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TITLE = "Cabo Delgado officials learn from Kenya's Coast Region"


@pytest.fixture
def directory(programme):
    """What the directory already holds before the visit is recorded."""
    programme.name = "Programme for Human Security and Stabilization"
    programme.save()
    cabo_delgado = OrganisationFactory(name="Cabo Delgado Provincial Government", country="MZ")
    OrganisationFactory(name="IOM Kenya", acronym="", country="")
    kenya = PlaceFactory(name="Kenya", kind=PlaceKind.COUNTRY)
    PlaceFactory(name="Nairobi", parent=kenya)
    coast = PlaceFactory(name="Coast Region", kind=PlaceKind.REGION, parent=kenya)
    PlaceFactory(name="Mombasa", parent=coast)
    kwale = PlaceFactory(name="Kwale County", kind=PlaceKind.COUNTY, parent=coast)
    SiteFactory(name="Bongwe Secondary School", place=kwale)
    OfficialFactory(
        honorific="Ms",
        full_name="Nice Leonor Diogo Correia",
        position="Provincial Director of Economy and Finance",
        organisation=cabo_delgado,
        country="MZ",
    )
    OfficialFactory(
        honorific="Mr",
        full_name="Alvaro Floriano Goncalves Junior",
        position="Provincial Director of Justice, Constitutional and Religious Affairs",
        organisation=cabo_delgado,
        country="MZ",
    )
    OfficialFactory(
        honorific="Mr",
        full_name="John Elungata",
        position="Regional Coordinator",
        organisation=OrganisationFactory(name="Office of the Regional Coordinator"),
    )


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (0, 51, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_staff_record_a_whole_visit_and_see_it_on_the_delegation_page(
    page, live_server, staff_user, directory, screenshot, axe_violations
):
    log_in(page, live_server, staff_user.email)

    # 1. The delegation.
    page.get_by_role("link", name="New delegation").first.click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Programme").select_option(
        label="PHSS – Programme for Human Security and Stabilization"
    )
    page.get_by_label("Start date").fill("2019-07-22")
    page.get_by_label("End date").fill("2019-07-26")
    pick_chip(page, "Add a sending country", "mozam", "Mozambique")
    pick_chip(page, "Add a sending organisation", "cabo", "Cabo Delgado Provincial Government")
    page.get_by_label("Host country").select_option("KE")
    pick_with_keyboard(page, "Host organisation", "iom k", "IOM Kenya")
    pick_chip(page, "Add a destination", "nairo", "Nairobi, Kenya")
    page.get_by_role("button", name="Save delegation").click()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    delegation = Delegation.objects.get(title=TITLE)
    detail_url = page.url

    # 2. Three members, one created on the spot as head of delegation.
    page.get_by_role("link", name="Manage members").click()
    pick(page, "Official", "correia", "Ms Nice Leonor Diogo Correia")
    page.get_by_role("button", name="Add a member").click()
    expect(page.get_by_role("alert")).to_contain_text("was added")
    pick(page, "Official", "goncalves", "Mr Alvaro Floriano Goncalves Junior")
    page.get_by_role("button", name="Add a member").click()
    expect(page.get_by_role("alert")).to_contain_text("Goncalves Junior was added")
    page.get_by_label("Role in the delegation").select_option(label="Head of delegation")
    page.get_by_text("Not in the directory? Add a new official").click()
    page.get_by_label("Honorific").select_option("Mr")
    page.get_by_label("Full name").fill("António Domingos Mapure")
    page.get_by_label("Current position (job title)").fill("Provincial Permanent Secretary")
    pick(page, "Organisation", "cabo", "Cabo Delgado Provincial Government")
    page.get_by_role("button", name="Add a member").click()
    expect(page.get_by_role("alert")).to_contain_text("Mr António Domingos Mapure was added")

    # 3. Four itinerary items over two days: a site visit with people met and counted,
    #    and a meeting with a counterpart.
    page.goto(f"{live_server.url}/visits/delegations/{delegation.pk}/itinerary/")
    add_item(
        page,
        kind="Arrival",
        title="Arrival in Nairobi",
        day="2019-07-22",
        start="10:30",
        end="11:30",
    )
    pick_field(page, "Place", "nairo", "Nairobi")
    save_item(page)
    add_item(
        page,
        kind="Briefing",
        title="Briefing at IOM Kenya",
        day="2019-07-22",
        start="14:30",
        end="16:00",
    )
    pick_field(page, "Place", "nairo", "Nairobi")
    save_item(page)
    add_item(
        page,
        kind="Meeting",
        title="Meeting with Coast Region counterparts",
        day="2019-07-24",
        start="10:00",
        end="12:00",
    )
    pick_field(page, "Place", "mombasa", "Mombasa")
    counterpart = page.locator("#counterparts-rows fieldset").first
    pick_field(page, "Official", "elung", "Mr John Elungata", within=counterpart)
    counterpart.get_by_label("Role").select_option(label="Host")
    save_item(page)
    add_item(
        page,
        kind="Site visit",
        title="Site visit: Bongwe Secondary School",
        day="2019-07-24",
        start="14:00",
        end="15:30",
    )
    pick_field(page, "Site", "bongwe", "Bongwe Secondary School")
    group = page.locator("#groups-rows fieldset").first
    group.get_by_label("Category").select_option(label="Youth leaders")
    group.get_by_label("Description").fill("Youth leaders from Kwale")
    group.get_by_label("Women and girls").fill("4")
    group.get_by_label("Men and boys").fill("6")
    group.get_by_label("Other or not said").fill("0")
    group.get_by_label("Of whom youth").fill("10")
    save_item(page)
    assert delegation.itinerary_items.count() == 4

    # 4. A follow-up and a photo, from the delegation page.
    page.goto(detail_url)
    follow_ups = page.get_by_role("region", name="Follow-ups")
    open_inline_form(follow_ups, "Add follow-up")
    follow_ups.get_by_label("Description").fill("Follow-up exchange with youth leaders.")
    pick(follow_ups, "Owner (organisation)", "IOM", "IOM Kenya")
    follow_ups.get_by_role("button", name="Save").click()
    expect(follow_ups.get_by_role("status")).to_contain_text("The follow-up was added.")
    photos = page.get_by_role("region", name="Photos and documents")
    photos.get_by_role("link", name="Upload a file").click()
    photos.get_by_label("File").set_input_files(
        {"name": "bongwe.png", "mimeType": "image/png", "buffer": png()}
    )
    photos.get_by_label("Kind").select_option(label="Photo")
    photos.get_by_label("Caption").fill("The delegation at Bongwe Secondary School")
    photos.get_by_label("Credit").fill("Photo: IOM")
    photos.get_by_role("button", name="Save").click()
    expect(
        photos.get_by_role("img", name="The delegation at Bongwe Secondary School")
    ).to_be_visible()

    # 5. All of it on the delegation page, after a fresh load.
    page.goto(detail_url)
    body = page.locator("main")
    members = page.locator("table").filter(has_text="Role in the delegation").first
    expect(members.locator("tbody tr").first).to_contain_text("Mr António Domingos Mapure")
    expect(members.locator("tbody tr").first).to_contain_text("Head of delegation")
    for fact in (
        "Ms Nice Leonor Diogo Correia",
        "Mr Alvaro Floriano Goncalves Junior",
        "Arrival in Nairobi",
        "Briefing at IOM Kenya",
        "Meeting with Coast Region counterparts",
        "Mr John Elungata",
        "Site visit: Bongwe Secondary School",
        "Youth leaders from Kwale",
        "Follow-up exchange with youth leaders.",
        "Photo: IOM",
        "Monday 22 July 2019",
        "Wednesday 24 July 2019",
    ):
        expect(body).to_contain_text(fact)
    assert axe_violations() == []
    screenshot("record-a-visit-detail")
