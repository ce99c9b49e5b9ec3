"""Two people edit the same delegation in Chromium; a double click saves once."""

import pytest
from playwright.sync_api import expect

from delegations.models import Delegation
from partners.enums import ProgrammeRole
from tests.e2e.steps import log_in, pick_chip
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory
from tests.factories.partners import ProgrammeMembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TITLE = "Cabo Delgado officials learn from Kenya"


@pytest.fixture
def colleague(programme):
    user = UserFactory(email="colleague@example.org", full_name="Amina Colleague")
    ProgrammeMembershipFactory(user=user, programme=programme, role=ProgrammeRole.STAFF)
    return user


@pytest.fixture
def other_tab(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def test_the_second_save_is_refused_and_shows_what_changed(
    page, other_tab, live_server, staff_user, colleague, programme, screenshot, axe_violations
):
    delegation = DelegationFactory(programme=programme, title=TITLE, purpose="Learn.")
    edit = f"{live_server.url}/delegations/{delegation.pk}/edit/"
    log_in(other_tab, live_server, colleague.email)
    log_in(page, live_server, staff_user.email)
    other_tab.goto(edit)
    page.goto(edit)

    other_tab.get_by_label("Title").fill(f"{TITLE} (revised)")
    other_tab.get_by_role("button", name="Save delegation").click()
    expect(other_tab.get_by_text(f"Delegation “{TITLE} (revised)” saved.")).to_be_visible()

    page.get_by_label("Purpose").fill("See how county action plans are made.")
    page.get_by_role("button", name="Save delegation").click()

    alert = page.locator(".alert-danger").filter(has_text="Someone else saved this")
    expect(alert).to_contain_text("Saved by Amina Colleague")
    expect(alert).to_contain_text(f"Title is now: {TITLE} (revised)")
    expect(page.get_by_label("Purpose")).to_have_value("See how county action plans are made.")
    expect(page.get_by_label("Title")).to_have_value(f"{TITLE} (revised)")  # theirs, merged
    delegation.refresh_from_db()
    assert (delegation.title, delegation.purpose) == (f"{TITLE} (revised)", "Learn.")
    screenshot("two-tabs-conflict")
    assert axe_violations() == []

    page.get_by_role("button", name="Save delegation").click()
    expect(page.get_by_text(f"Delegation “{TITLE} (revised)” saved.")).to_be_visible()
    delegation.refresh_from_db()
    assert delegation.purpose == "See how county action plans are made."
    assert delegation.title == f"{TITLE} (revised)"


def test_a_double_click_on_save_creates_one_delegation(page, live_server, staff_user, programme):
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/delegations/new/")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Programme").select_option(str(programme.pk))
    page.get_by_label("Start date").fill("2019-07-22")
    page.get_by_label("End date").fill("2019-07-26")
    pick_chip(page, "Add a sending country", "mozam", "Mozambique")
    page.get_by_label("Host country").select_option("KE")

    save = page.get_by_role("button", name="Save delegation")
    save.dblclick()

    expect(page.get_by_text(f"Delegation “{TITLE}” created.")).to_be_visible()
    assert Delegation.objects.filter(title=TITLE).count() == 1
