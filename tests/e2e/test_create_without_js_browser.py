"""Without JavaScript, Create "…" under a search field leaves the form for the create
page and comes back to it with everything typed and the new entry picked (core.pending);
Enter in a field still sends the form itself. With JavaScript the same control opens
the create form in place."""

import re

import pytest
from playwright.sync_api import expect

from partners.models import Organisation
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.steps import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def no_js_page(browser):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def fill_the_delegation_form(page, programme) -> None:
    page.get_by_label("Title").fill("Study visit on local government")
    page.get_by_label("Programme").select_option(str(programme.pk))
    page.get_by_label("Purpose").fill("Learn how counties budget with citizens.")
    page.get_by_label("Background").fill("Third visit of the series.")
    page.get_by_label("Host country").select_option("US")
    page.get_by_label("Start date").fill("2024-05-06")
    page.get_by_label("End date").fill("2024-05-10")
    page.locator("#div_id_host_organisation [role=combobox]").fill("Santa Rosa County")


def test_the_form_survives_a_create_page_without_javascript(
    no_js_page, live_server, staff_user, programme
):
    page = no_js_page
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/delegations/new/")
    fill_the_delegation_form(page, programme)

    host = page.locator("#div_id_host_organisation")
    host.get_by_role("button", name="Not in the list? Create it").click()

    expect(page.get_by_role("heading", name="Add an organisation")).to_be_visible()
    expect(page.locator("#id_name")).to_have_value("Santa Rosa County")
    page.get_by_label("Kind").select_option("government")
    page.get_by_label("Country").select_option("US")
    page.screenshot(path=str(SCREENSHOTS / "pending-form-page-nojs.png"), full_page=True)
    page.get_by_role("button", name="Add to the directory").click()

    expect(page).to_have_url(
        re.compile(rf"^{re.escape(live_server.url)}/delegations/new/\?restore=")
    )
    county = Organisation.objects.get(name="Santa Rosa County")
    expect(page.get_by_label("Title")).to_have_value("Study visit on local government")
    expect(page.get_by_label("Programme")).to_have_value(str(programme.pk))
    expect(page.get_by_label("Purpose")).to_have_value("Learn how counties budget with citizens.")
    expect(page.get_by_label("Background")).to_have_value("Third visit of the series.")
    expect(page.get_by_label("Host country")).to_have_value("US")
    expect(page.get_by_label("Start date")).to_have_value("2024-05-06")
    expect(page.get_by_label("End date")).to_have_value("2024-05-10")
    expect(host.locator("[role=combobox]")).to_have_value("Santa Rosa County")
    expect(host.locator("input[type=hidden][name=host_organisation]")).to_have_value(str(county.pk))
    expect(page.locator(".invalid-feedback")).to_have_count(0)
    page.screenshot(path=str(SCREENSHOTS / "pending-form-restored-nojs.png"), full_page=True)


def test_enter_in_a_field_still_sends_the_form_without_javascript(
    no_js_page, live_server, staff_user, programme
):
    """The form's default button stays its own: Enter sends the form, which the server
    answers (the end before the start), and never opens a create page."""
    page = no_js_page
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/delegations/new/")
    page.get_by_label("Programme").select_option(str(programme.pk))
    page.get_by_label("Host country").select_option("US")
    page.get_by_label("Start date").fill("2024-05-10")
    page.get_by_label("End date").fill("2024-05-06")
    page.get_by_label("Title").fill("Study visit on local government")

    page.get_by_label("Title").press("Enter")

    expect(page.locator("#div_id_end_date")).to_contain_text(
        "The end date cannot be before the start date."
    )
    assert page.url == f"{live_server.url}/delegations/new/"
    expect(page.get_by_label("Title")).to_have_value("Study visit on local government")


def test_with_javascript_the_create_control_opens_the_form_in_place(
    page, live_server, staff_user, programme
):
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/delegations/new/")
    page.get_by_label("Title").fill("Study visit on local government")

    host = page.locator("#div_id_host_organisation")
    host.get_by_role("button", name="Not in the list? Create it").click()

    dialog = page.locator("dialog.inplace-dialog")
    expect(dialog).to_be_visible()
    assert page.url == f"{live_server.url}/delegations/new/"
    expect(page.get_by_label("Title")).to_have_value("Study visit on local government")
