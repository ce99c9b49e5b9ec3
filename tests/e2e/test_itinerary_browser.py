"""Staff build an itinerary in Chromium: items on two days, a site visit with people met
and a counterpart picked with the autocomplete; a wrong date keeps everything typed."""

import datetime

import pytest
from playwright.sync_api import expect

from itinerary.enums import ItemKind
from itinerary.models import ItineraryItem
from places.enums import PlaceKind
from tests.e2e.steps import add_item, fill_times, log_in, pick_field, save_item
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import SiteFactory, TopicFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

UTC = datetime.UTC


@pytest.fixture
def setting(programme):
    kenya = PlaceFactory(name="Kenya", kind=PlaceKind.COUNTRY, timezone="Africa/Nairobi")
    nairobi = PlaceFactory(name="Nairobi", parent=kenya)
    coast = PlaceFactory(name="Coast Region", kind=PlaceKind.REGION, parent=kenya)
    mombasa = PlaceFactory(name="Mombasa", parent=coast)
    kwale = PlaceFactory(name="Kwale County", kind=PlaceKind.COUNTY, parent=coast)
    PlaceFactory(name="Kilifi County", kind=PlaceKind.COUNTY, parent=coast)
    SiteFactory(name="Bongwe Secondary School", place=kwale)
    iom = OrganisationFactory(name="IOM Kenya", acronym="IOM", country="")
    OfficialFactory(
        honorific="Mr",
        full_name="John Elungata",
        position="Regional Coordinator",
        organisation=OrganisationFactory(name="Office of the Regional Commissioner"),
    )
    OfficialFactory(
        honorific="Mr",
        full_name="Charles Muendo",
        position="Assistant Director of Immigration",
        organisation=OrganisationFactory(name="Department of Immigration Services"),
    )
    TopicFactory(name="Community policing")
    delegation = DelegationFactory(
        programme=programme,
        title="Government of Mozambique officials learn from Kenya",
        host_organisation=iom,
    )
    delegation.destinations.add(nairobi, coast)
    return {"delegation": delegation, "mombasa": mombasa}


def day_section(page, heading: str):
    return page.locator("li.itinerary-day").filter(has=page.get_by_role("heading", name=heading))


def test_staff_add_four_items_over_two_days_with_a_site_visit_and_a_counterpart(
    page, live_server, staff_user, setting, screenshot, axe_violations
):
    delegation = setting["delegation"]
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/visits/delegations/{delegation.pk}/itinerary/")
    expect(page.get_by_text("Nothing planned")).to_have_count(5)
    assert axe_violations() == []
    screenshot("itinerary-empty")

    # 1. Arrival in Nairobi on 22 July.
    add_item(
        page,
        kind="Arrival",
        title="Arrival in Nairobi",
        day="2019-07-22",
        start="10:30",
        end="11:30",
    )
    expect(page.get_by_role("combobox", name="Site")).to_be_hidden()
    expect(page.get_by_role("combobox", name="From", exact=True)).to_be_hidden()
    pick_field(page, "Place", "nairo", "Nairobi")
    assert axe_violations() == []
    screenshot("item-form-arrival")
    save_item(page)

    # 2. A meeting the same day, with a counterpart picked in the directory.
    add_item(
        page,
        kind="Meeting",
        title="Meeting with Coast Region counterparts",
        day="2019-07-22",
        start="14:00",
        end="16:00",
    )
    pick_field(page, "Place", "nairo", "Nairobi")
    page.get_by_label("IOM Kenya (IOM)").check()
    page.get_by_label("Community policing").check()
    first = page.locator("#counterparts-rows fieldset").nth(0)
    pick_field(page, "Official", "elung", "Mr John Elungata", within=first)
    first.get_by_label("Role").select_option(label="Host")
    page.get_by_role("button", name="Add another counterpart").click()
    second = page.locator("#counterparts-rows fieldset").nth(1)
    pick_field(page, "Official", "muendo", "Mr Charles Muendo", within=second)
    second.get_by_label("Position at the time").fill("Assistant Director, Coast")
    save_item(page)

    # 3. A site visit on 23 July with the people met, counted.
    add_item(
        page,
        kind="Site visit",
        title="Site visit: Bongwe Secondary School",
        day="2019-07-23",
        start="09:00",
        end="10:30",
    )
    expect(page.get_by_role("combobox", name="Place", exact=True)).to_be_hidden()
    pick_field(page, "Site", "bongwe", "Bongwe Secondary School")
    group = page.locator("#groups-rows fieldset").first
    group.get_by_label("Category").select_option(label="Programme beneficiaries")
    group.get_by_label("Description").fill("PHSS beneficiaries from the coast counties")
    group.get_by_label("Kwale County").check()
    pick_field(page, "Add another place", "mombasa", "Mombasa", within=group)
    expect(group.get_by_label("Mombasa, Coast Region", exact=True)).to_be_checked()
    group.get_by_label("Women and girls").fill("7")
    group.get_by_label("Men and boys").fill("9")
    group.get_by_label("Other or not said").fill("0")
    group.get_by_label("Of whom youth").fill("9")
    screenshot("item-form-site-visit")
    save_item(page)

    # 4. Travel to Mombasa the same day.
    add_item(
        page,
        kind="Travel",
        title="Flight Nairobi to Mombasa",
        day="2019-07-23",
        start="15:00",
        end="16:05",
    )
    pick_field(page, "From", "nairo", "Nairobi")
    pick_field(page, "To", "mombasa", "Mombasa")
    save_item(page)

    assert ItineraryItem.objects.filter(delegation=delegation).count() == 4
    monday = day_section(page, "Monday 22 July 2019")
    expect(monday).to_contain_text("10:30–11:30 EAT (Africa/Nairobi)")
    expect(monday).to_contain_text("Arrival in Nairobi")
    expect(monday).to_contain_text("Mr John Elungata, Regional Coordinator")
    expect(monday).to_contain_text("Mr Charles Muendo, Assistant Director, Coast")
    expect(monday).to_contain_text("IOM Kenya (IOM)")
    tuesday = day_section(page, "Tuesday 23 July 2019")
    expect(tuesday).to_contain_text("Bongwe Secondary School")
    expect(tuesday).to_contain_text("Nairobi, Kenya → Mombasa, Coast Region")
    row = tuesday.locator("table tbody tr").first
    expect(row).to_contain_text("Kwale County, Mombasa")
    expect(row.locator("td.text-end")).to_have_text(["7", "9", "0", "16", "9"])
    expect(page.get_by_text("Nothing planned")).to_have_count(3)
    site_visit = ItineraryItem.objects.get(kind=ItemKind.SITE_VISIT)
    assert site_visit.starts_at == datetime.datetime(2019, 7, 23, 6, tzinfo=UTC)
    assert axe_violations() == []
    screenshot("itinerary-four-items")


def test_an_item_outside_the_dates_shows_the_message_and_keeps_everything(
    page, live_server, staff_user, setting, screenshot, axe_violations
):
    delegation = setting["delegation"]
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/visits/delegations/{delegation.pk}/itinerary/add/")
    page.get_by_label("Kind").select_option(label="Meeting")
    page.get_by_label("Title").fill("A meeting after they left")
    pick_field(page, "Place", "nairo", "Nairobi")
    fill_times(page, "2019-07-28", "09:00", "10:00")
    page.get_by_label("IOM Kenya (IOM)").check()
    pick_field(page, "Official", "elung", "Mr John Elungata")
    page.get_by_label("Position at the time").fill("Regional Coordinator, Coast")
    page.get_by_label("Summary").fill("Typed before the mistake was seen.")

    page.get_by_role("button", name="Save item").click()

    starts = page.locator("#div_id_starts_at")
    expect(starts.locator(".invalid-feedback")).to_contain_text(
        "2019-07-28 (local time in Africa/Nairobi) is outside the delegation's dates"
    )
    expect(starts.locator(".invalid-feedback")).to_be_visible()
    expect(page.get_by_label("Kind")).to_have_value(ItemKind.MEETING)
    expect(page.get_by_label("Title")).to_have_value("A meeting after they left")
    expect(page.get_by_role("combobox", name="Place", exact=True)).to_have_value("Nairobi, Kenya")
    expect(page.get_by_label("Start date")).to_have_value("2019-07-28")
    expect(page.get_by_label("Start time")).to_have_value("09:00")
    expect(page.get_by_label("End time")).to_have_value("10:00")
    expect(page.get_by_label("IOM Kenya (IOM)")).to_be_checked()
    expect(page.get_by_role("combobox", name="Official")).to_have_value("Mr John Elungata")
    expect(page.get_by_label("Position at the time")).to_have_value("Regional Coordinator, Coast")
    expect(page.get_by_label("Summary")).to_have_value("Typed before the mistake was seen.")
    assert not ItineraryItem.objects.exists()
    assert axe_violations() == []
    screenshot("item-form-outside-dates")
