"""Global search as staff meet it: type a half-remembered name in the navigation bar,
land on the grouped results, click through to the right page. Every page passes axe."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from delegations.models import Delegation
from demo.story.directory import USERS
from learning.models import Highlight
from tests.e2e.steps import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

STAFF = next(user for user in USERS if user.key == "phss_staff")
NAVBAR_BOX = "Find anything"


@pytest.fixture
def staff_page(page, live_server):
    call_command("load_demo", stdout=StringIO())
    log_in(page, live_server, STAFF.email, STAFF.password)
    return page


def test_a_misspelt_name_in_the_navbar_finds_the_person(
    staff_page, live_server, screenshot, axe_violations
):
    page = staff_page
    box = page.get_by_role("searchbox", name=NAVBAR_BOX)
    box.fill("elungatta")  # the name is Elungata
    box.press("Enter")

    expect(page.get_by_role("heading", name="Search", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("for “elungatta”")
    officials = page.get_by_role("region", name="Officials")
    person = officials.get_by_role("link", name="Mr John Elungata")
    expect(person.locator("mark")).to_have_text("Elungata")
    expect(page.get_by_role("searchbox", name=NAVBAR_BOX)).to_have_value("elungatta")
    assert axe_violations() == []
    screenshot("search-results-typo")
    navigation = page.get_by_role("navigation", name="Main")
    for width in (800, 1000):  # no room for the box: a link to the search page
        page.set_viewport_size({"width": width, "height": 700})
        expect(page.get_by_role("searchbox", name=NAVBAR_BOX)).to_be_hidden()
        expect(navigation.get_by_role("link", name="Find", exact=True)).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        screenshot(f"search-navbar-{width}")
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: the box in the menu
    page.get_by_role("button", name="Toggle navigation").click()
    expect(page.get_by_role("searchbox", name=NAVBAR_BOX)).to_be_visible()
    screenshot("search-navbar-phone-menu")
    page.set_viewport_size({"width": 1280, "height": 900})

    person.click()
    expect(page.get_by_role("heading", name="Mr John Elungata", level=1)).to_be_visible()


def test_accents_word_order_and_acronyms_then_a_quote_on_the_delegation_page(
    staff_page, live_server, screenshot, axe_violations
):
    page = staff_page
    box = page.get_by_role("searchbox", name=NAVBAR_BOX)
    box.fill("mombasa")
    box.press("Enter")
    expect(page.get_by_role("navigation", name="Kinds of result")).to_be_visible()
    assert axe_violations() == []
    screenshot("search-results-groups")

    page.get_by_label("Search for").fill("nctc")
    page.get_by_role("button", name="Search", exact=True).click()
    organisations = page.get_by_role("region", name="Organisations")
    expect(
        organisations.get_by_role("link", name="National Counter Terrorism Centre (NCTC)")
    ).to_be_visible()

    page.get_by_label("Search for").fill("makonde brothers")
    page.get_by_role("button", name="Search", exact=True).click()
    quote = page.get_by_role("region", name="Highlights and quotes").get_by_role("link").first
    quote.click()
    delegation = Delegation.objects.get(programme__code="PHSS")
    makonde = Highlight.objects.get(text__contains="Makonde brothers")
    anchor = f"highlight-{makonde.pk}"
    expect(page).to_have_url(f"{live_server.url}/delegations/{delegation.pk}/#{anchor}")
    expect(page.locator(f"#{anchor}")).to_contain_text("Makonde brothers")
    expect(page.locator(f"#{anchor}")).to_be_in_viewport()

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    page.goto(f"{live_server.url}/search/?q=antonio")
    expect(page.get_by_role("link", name="Mr António Domingos Mapure")).to_be_visible()
    assert axe_violations() == []
    screenshot("search-results-phone")
