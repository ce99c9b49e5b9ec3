"""The delegation pages in Chromium: record a visit, fix a wrong date, read the demo visit."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from delegations.models import Delegation
from tests.e2e.steps import log_in, pick_chip, pick_with_keyboard
from tests.factories.accounts import AdministratorFactory
from tests.factories.partners import OrganisationFactory
from tests.factories.places import PlaceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TITLE = "Cabo Delgado officials learn from Kenya"


def fill_the_form(page, *, start: str, end: str) -> None:
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Programme").select_option(
        label="PHSS – Programme for Human Security and Stabilization"
    )
    page.get_by_label("Start date").fill(start)
    page.get_by_label("End date").fill(end)
    page.get_by_label("Purpose").fill("Learn from Kenya's whole-of-society approach.")
    page.get_by_label("Background").fill("About 50,000 people displaced since 2017.")
    pick_chip(page, "Add a sending country", "mozam", "Mozambique")
    pick_chip(page, "Add a sending organisation", "cabo", "Cabo Delgado Provincial Government")
    page.get_by_label("Host country").select_option("KE")
    pick_with_keyboard(page, "Host organisation", "iom k", "IOM Kenya")
    pick_chip(page, "Add a destination", "nairo", "Nairobi")


@pytest.fixture
def directory(programme):
    programme.name = "Programme for Human Security and Stabilization"
    programme.save()
    OrganisationFactory(name="Cabo Delgado Provincial Government", country="MZ")
    OrganisationFactory(name="IOM Kenya", country="")
    PlaceFactory(name="Nairobi")
    PlaceFactory(name="Mombasa")


def test_staff_records_a_delegation_in_the_browser(
    page, live_server, staff_user, directory, screenshot, axe_violations
):
    log_in(page, live_server, staff_user.email)
    expect(page.get_by_text("No delegations yet.")).to_be_visible()
    assert axe_violations() == []
    page.get_by_role("link", name="New delegation").first.click()
    expect(page.get_by_role("heading", name="New delegation")).to_be_visible()

    fill_the_form(page, start="2019-07-22", end="2019-07-26")
    pick_chip(page, "Add a sending country", "tanz", "Tanzania")  # one more: a second chip
    assert axe_violations() == []
    screenshot("delegation-form")
    page.get_by_role("button", name="Save delegation").click()

    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(page.locator(".alert-success")).to_contain_text(f"Delegation “{TITLE}” created.")
    facts = page.locator(".delegation-facts")
    expect(facts).to_contain_text("22 July 2019 – 26 July 2019")
    expect(facts).to_contain_text("Cabo Delgado Provincial Government")
    expect(facts).to_contain_text("Hosted by IOM Kenya")
    expect(facts).to_contain_text("Nairobi")
    assert axe_violations() == []
    screenshot("delegation-detail-new")
    delegation = Delegation.objects.get(title=TITLE)
    assert delegation.host_organisation.name == "IOM Kenya"
    assert [str(code) for code in delegation.sending_countries] == ["MZ", "TZ"]
    assert delegation.report.status == "draft"

    page.get_by_role("button", name="Mark as Planned").click()
    expect(page.locator(".alert-success")).to_contain_text("Planning status is now “Planned”.")
    expect(page.locator("#history-heading + ol")).to_contain_text("Planning status:")

    # Cancelling asks first; saying no leaves the visit as it was.
    asked = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    page.get_by_role("button", name="Cancel the visit").click()
    assert asked == ["Cancel this visit? Only an administrator can reopen it."]
    expect(page.get_by_text("Planning: Planned")).to_be_visible()
    delegation.refresh_from_db()
    assert delegation.status == "planned"


def test_an_end_before_the_start_is_explained_next_to_the_field_and_nothing_is_lost(
    page, live_server, staff_user, directory, screenshot, axe_violations
):
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/delegations/new/")
    fill_the_form(page, start="2019-07-26", end="2019-07-22")
    page.get_by_role("button", name="Save delegation").click()

    end = page.get_by_label("End date")
    expect(end).to_have_attribute("aria-invalid", "true")
    error = page.locator(f"#{end.get_attribute('aria-describedby')}")  # read out with the field
    expect(error).to_contain_text("The end date cannot be before the start date.")
    expect(page.get_by_label("Title")).to_have_value(TITLE)
    expect(page.get_by_label("Start date")).to_have_value("2019-07-26")
    expect(end).to_have_value("2019-07-22")
    expect(page.get_by_label("Purpose")).to_have_value(
        "Learn from Kenya's whole-of-society approach."
    )
    expect(page.get_by_label("Background")).to_have_value(
        "About 50,000 people displaced since 2017."
    )
    expect(page.get_by_role("checkbox", name="Mozambique")).to_be_checked()
    expect(page.get_by_label("Host country")).to_have_value("KE")
    expect(page.get_by_role("checkbox", name="Cabo Delgado Provincial Government")).to_be_checked()
    expect(page.get_by_role("combobox", name="Host organisation")).to_have_value("IOM Kenya")
    expect(page.get_by_role("checkbox", name="Nairobi")).to_be_checked()
    expect(page.get_by_role("checkbox", name="Mombasa")).to_have_count(0)
    assert axe_violations() == []
    screenshot("delegation-form-invalid")
    assert not Delegation.objects.exists()


def test_the_demo_visit_reads_well_in_the_list_the_page_and_the_form(
    page, live_server, screenshot, axe_violations
):
    call_command("load_demo", stdout=io.StringIO())
    AdministratorFactory(email="root@example.org")
    log_in(page, live_server, "root@example.org")
    rows = page.locator("table tbody tr")
    expect(rows.first).to_contain_text("Government of Mozambique officials learn from Kenya")
    expect(rows.first).to_contain_text(re.compile(r"Mozambique\W+(to )?Kenya"))
    assert axe_violations() == []
    screenshot("delegation-list")

    page.get_by_label("Search").fill("nothing of the sort")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("No delegation matches these filters.")).to_be_visible()
    assert axe_violations() == []
    page.get_by_label("Search").fill("whole-of-society")
    page.get_by_role("button", name="Filter").click()
    page.get_by_role("link", name="Government of Mozambique officials learn from Kenya").click()

    header = page.locator(".delegation-facts")
    expect(header).to_contain_text("22 July 2019 – 26 July 2019")
    expect(header).to_contain_text("Cabo Delgado Provincial Government")
    expect(header).to_contain_text("IOM Kenya")
    expect(header).to_contain_text("IOM Mozambique")
    expect(page.get_by_text("Planning: Completed")).to_be_visible()
    assert axe_violations() == []
    screenshot("delegation-detail")

    page.get_by_role("link", name="Edit delegation").click()
    expect(page.get_by_label("Title")).to_have_value(
        "Government of Mozambique officials learn from Kenya on whole-of-society approach to "
        "violent extremism"
    )
    expect(page.get_by_role("combobox", name="Arranged by")).to_have_value("IOM Mozambique")
    assert axe_violations() == []
    screenshot("delegation-form-demo")
