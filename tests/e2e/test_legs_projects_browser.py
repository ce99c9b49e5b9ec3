"""The pages added for recording a real visit, in Chromium: a project with a donor, a
leg added with the autocomplete, the support team by side, the zone note asked again when
the place changes; axe finds nothing on any of them."""

import datetime

import pytest
from playwright.sync_api import expect

from delegations.models import Leg
from partners.models import Project
from tests.e2e.steps import log_in, pick_chip, pick_with_keyboard
from tests.factories.delegations import DelegationFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_staff_add_a_project_a_leg_and_a_focal_point(
    page, live_server, staff_user, programme, screenshot, axe_violations
):
    OrganisationFactory(name="United States Government", country="US")
    central = {"country": "US", "timezone": "America/Chicago"}
    florida = PlaceFactory(name="Florida", kind="state", **central)
    PlaceFactory(name="Pensacola", parent=florida, **central)
    delegation = DelegationFactory(
        programme=programme,
        host_country="US",
        start_date=datetime.date(2024, 5, 6),
        end_date=datetime.date(2024, 5, 10),
    )
    log_in(page, live_server, staff_user.email)

    page.goto(f"{live_server.url}/partners/projects/new/")
    page.get_by_label("Programme").select_option(str(programme.pk))
    page.get_by_label("Name").fill("NOAH Phase IV")
    pick_chip(page, "Add a donor", "united st", "United States Government")
    assert axe_violations() == []
    screenshot("project-form")
    page.get_by_role("button", name="Add the project").click()
    expect(page.get_by_role("cell", name="United States Government")).to_be_visible()
    assert axe_violations() == []
    assert list(Project.objects.get().donors.values_list("name", flat=True)) == [
        "United States Government"
    ]

    page.goto(f"{live_server.url}/delegations/{delegation.pk}/legs/")
    pick_with_keyboard(page, "City or region", "pensa", "Pensacola, Florida")
    page.get_by_label("First day").fill("2024-05-06")
    page.get_by_label("Last day").fill("2024-05-08")
    page.get_by_role("button", name="Add the leg").click()
    expect(page.get_by_role("rowheader", name="Pensacola, Florida")).to_be_visible()
    assert axe_violations() == []
    screenshot("legs-page")
    assert Leg.objects.get().place.name == "Pensacola"

    page.goto(f"{live_server.url}/delegations/{delegation.pk}/support-team/")
    assert axe_violations() == []

    page.goto(f"{live_server.url}/visits/delegations/{delegation.pk}/itinerary/add/")
    page.get_by_label("Kind").select_option("meeting")
    page.get_by_label("Start date").fill("2024-05-07")
    place = page.get_by_role("combobox", name="Place", exact=True)
    place.press_sequentially("pensa", delay=30)
    expect(page.get_by_role("option", name="Pensacola, Florida")).to_be_visible()
    place.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.locator("#zone-note")).to_have_text("Times are local: America/Chicago (CDT).")
    assert axe_violations() == []
