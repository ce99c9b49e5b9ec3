"""The dashboard's programme figures in Chromium: the demo story as a manager reads it,
charts and tables, filtered by year, accessible, and on paper."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from delegations.enums import PlanningStatus
from demo.story.directory import USERS
from partners.models import Programme
from tests.e2e.steps import log_in
from tests.factories.delegations import DelegationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _later_delegations():
    """Two more PHSS delegations (2021, 2022), so the year chart has more than one bar."""
    phss = Programme.objects.get(code="PHSS")
    for year, status in ((2021, PlanningStatus.COMPLETED), (2022, PlanningStatus.PLANNED)):
        DelegationFactory(
            programme=phss,
            title=f"Coast county officials visit Pemba ({year})",
            start_date=datetime.date(year, 3, 7),
            end_date=datetime.date(year, 3, 11),
            status=status,
        )


def test_dashboard_figures_read_well_and_pass_axe(page, live_server, screenshot, axe_violations):
    call_command("load_demo", stdout=StringIO())
    _later_delegations()
    manager = next(spec for spec in USERS if spec.key == "phss_manager")
    log_in(page, live_server, manager.email, password=manager.password)

    page.goto(live_server.url + reverse("reports:dashboard"))
    figures = page.locator("#figures")
    expect(figures.get_by_role("heading", name="Programme figures")).to_be_visible()
    expect(page.get_by_test_id("figures-scope")).to_contain_text("Counted over 3 delegations")
    for name in (
        "Delegations per year, by planning status",
        "People taking part, share by sex",
        "Organisations engaged most often",
        "Follow-ups by status",
    ):
        expect(figures.get_by_role("img", name=name)).to_be_visible()
    expect(page.get_by_test_id("figures-people")).to_contain_text("Delegation members")
    expect(page.get_by_role("table", name="Follow-ups by status")).to_be_visible()
    assert axe_violations() == []
    whole = screenshot("dashboard-figures")
    figures.screenshot(path=str(whole.with_name("dashboard-figures-section.png")))

    # Only the 2019 visit: the filter is labelled and keeps its choice.
    page.get_by_label("Year the delegation started").select_option("2019")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_test_id("figures-scope")).to_contain_text("Counted over 1 delegation")
    expect(page.get_by_label("Year the delegation started")).to_have_value("2019")
    years = page.get_by_test_id("figures-years")
    expect(years).to_contain_text("2019")
    expect(years).not_to_contain_text("2021")
    assert axe_violations() == []

    # On paper: an A4 page's width, print styles, the filter form left out.
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    expect(page.locator("#figures-filter")).to_be_hidden()
    expect(figures.get_by_role("img", name="People taking part, share by sex")).to_be_visible()
    screenshot("dashboard-figures-print")
