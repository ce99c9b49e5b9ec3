""" "What did our delegations learn about community policing?" is one click from the
navigation: Topics -> Community policing -> the lessons, the meeting and the people met.
From there, the organisation and the person met show their history. Every page passes axe."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.story.directory import USERS

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

STAFF = next(user for user in USERS if user.key == "phss_staff")


@pytest.fixture
def staff_page(page, live_server):
    call_command("load_demo", stdout=StringIO())
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(STAFF.email)
    page.get_by_label("Password").fill(STAFF.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Topics")
    return page


def test_staff_finds_what_delegations_learned_about_community_policing(
    staff_page, screenshot, axe_violations
):
    page = staff_page
    navigation = page.get_by_role("navigation", name="Main")
    navigation.get_by_role("link", name="Topics").click()

    expect(page.get_by_role("heading", name="Topics", level=1)).to_be_visible()
    expect(navigation.get_by_role("link", name="Topics")).to_have_attribute("aria-current", "page")
    policing_row = page.get_by_role("row").filter(has_text="Community policing")
    expect(policing_row).to_contain_text("1")
    assert axe_violations() == []
    screenshot("topics-list")

    page.get_by_role("link", name="Community policing").click()

    expect(page.get_by_role("heading", name="Community policing", level=1)).to_be_visible()
    lessons = page.get_by_role("region", name="Lessons and quotes")
    expect(lessons).to_contain_text("Community policing and local peace and conflict management")
    covered = page.get_by_role("region", name="Where it was covered")
    expect(covered).to_contain_text("Meeting with the office of the Deputy Inspector General")
    expect(covered.get_by_role("link", name="Mr Noor Gabow")).to_be_visible()
    delegations = page.get_by_role("region", name="Delegations")
    expect(delegations).to_contain_text("Understand how community policing involves communities")
    assert axe_violations() == []
    screenshot("topic-community-policing")

    covered.get_by_role("link", name="Administration Police Service").click()
    expect(
        page.get_by_role("heading", name="Administration Police Service", level=1)
    ).to_be_visible()
    expect(page.get_by_role("region", name="Delegations")).to_contain_text("Met")
    assert axe_violations() == []
    screenshot("organisation-history-aps")

    page.go_back()
    covered.get_by_role("link", name="Mr Noor Gabow").click()
    expect(page.get_by_role("heading", name="Mr Noor Gabow", level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Where delegations met them")).to_contain_text(
        "Represented the office"
    )
    assert axe_violations() == []
    screenshot("official-history-gabow")


def test_organisation_and_official_history_pages_pass_axe(
    staff_page, live_server, screenshot, axe_violations
):
    page = staff_page
    page.goto(f"{live_server.url}/partners/organisations/")
    page.get_by_role("link", name="IOM Mombasa sub-office").click()
    expect(page.get_by_role("region", name="Delegations")).to_contain_text(
        "Site visit: Jitoni Resource Center"
    )
    assert axe_violations() == []
    screenshot("organisation-history-iom-mombasa")

    page.goto(f"{live_server.url}/officials/?q=elungata")
    page.get_by_role("link", name="Mr John Elungata").click()
    expect(page.get_by_role("region", name="What they said")).to_contain_text("43rd tribe")
    assert axe_violations() == []
    screenshot("official-history-elungata")
