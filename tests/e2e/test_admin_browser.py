"""An administrator logs into the admin in Chromium and finds the whole demo visit."""

import io
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import User
from tests.factories.accounts import PASSWORD, AdministratorFactory
from tests.factories.itinerary import ItineraryItemFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def log_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_admin_login_rejects_a_wrong_password(page, live_server):
    AdministratorFactory(email="root@example.org")
    page.goto(f"{live_server.url}/admin/login/")
    page.get_by_label("Email address").fill("root@example.org")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".errornote")).to_contain_text("correct email address and password")


def test_administrator_finds_the_demo_delegation_in_the_admin(page, live_server, demo, screenshot):
    AdministratorFactory(email="root@example.org")
    log_in(page, live_server, "ROOT@example.org")
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    screenshot("admin-index")

    page.locator("tr.model-delegation th a").click()
    expect(page.locator("#result_list")).to_contain_text(
        "Government of Mozambique officials learn from Kenya"
    )
    screenshot("admin-delegation-list")

    page.locator("#result_list tbody th a").first.click()
    expect(page.locator("body")).to_contain_text("António Domingos Mapure")
    expect(page.locator("body")).to_contain_text("Yoko Fujimura")
    screenshot("admin-delegation-change")
    assert User.objects.filter(email="root@example.org").exists()


def test_administrator_types_an_items_time_as_the_clock_where_it_happens(
    page, live_server, screenshot
):
    """The admin shows and reads an item's times in its place's zone, as the staff pages do."""
    AdministratorFactory(email="root@example.org")
    item = ItineraryItemFactory(title="Courtesy call on the governor")  # 09:00 in Nairobi
    log_in(page, live_server, "root@example.org")
    page.goto(f"{live_server.url}/admin/itinerary/itineraryitem/{item.pk}/change/")

    start_time = page.locator("input[name=starts_at_1]")
    expect(start_time).to_have_value("09:00")
    expect(page.locator(".form-row.field-starts_at")).to_contain_text(
        "In Africa/Nairobi (EAT), the time where it happens."
    )
    screenshot("admin-item-local-times")
    start_time.fill("09:30")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    item.refresh_from_db()
    assert item.starts_at.astimezone(ZoneInfo("Africa/Nairobi")).strftime("%H:%M") == "09:30"
