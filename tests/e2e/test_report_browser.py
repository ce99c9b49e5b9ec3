"""The delegation report of the demo story, as a manager reads it in Chromium."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from delegations.models import Delegation
from demo.story.directory import USERS
from tests.e2e.steps import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_demo_report_reads_well_and_passes_axe(page, live_server, screenshot, axe_violations):
    call_command("load_demo", stdout=StringIO())
    delegation = Delegation.objects.get(
        programme__code="PHSS", start_date=datetime.date(2019, 7, 22)
    )
    manager = next(spec for spec in USERS if spec.key == "phss_manager")
    log_in(page, live_server, manager.email, password=manager.password)

    page.goto(live_server.url + reverse("reports:report", args=[delegation.pk]))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mozambique")
    expect(page.get_by_role("table", name="People taking part, by sex")).to_be_visible()
    expect(page.locator("figure img").first).to_be_visible()
    assert axe_violations() == []
    screenshot("report-demo")

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    screenshot("report-demo-print")
