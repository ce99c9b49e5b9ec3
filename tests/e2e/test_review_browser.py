"""The review as people live it: submit, send back with a reason, fix, resubmit, approve."""

import pytest
from playwright.sync_api import expect

from delegations.enums import MemberRole, ReportStatus
from delegations.models import Report
from partners.enums import ProgrammeRole
from tests.e2e.steps import log_in
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.partners import ProgrammeMembershipFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

TITLE = "Cabo Delgado delegation to Kenya"
WHY = "Name the county officials the delegation met in Kisumu."


def _log_out(page):
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_label("Email address")).to_be_visible()


def test_report_goes_back_and_forth_until_approved(
    page, live_server, programme, staff_user, manager, screenshot, axe_violations
):
    second_manager = UserFactory(email="manager2@example.org")
    ProgrammeMembershipFactory(user=second_manager, programme=programme, role=ProgrammeRole.MANAGER)
    delegation = DelegationFactory(programme=programme, title=TITLE)
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    ItineraryItemFactory(delegation=delegation)
    review_url = f"{live_server.url}/reports/delegations/{delegation.pk}/review/"

    # Staff: the summary is missing; the page says so, they write it and submit.
    log_in(page, live_server, staff_user.email)
    page.goto(review_url)
    expect(page.get_by_test_id("missing-pieces")).to_contain_text("a summary")
    assert axe_violations() == []
    screenshot("review-draft")
    page.get_by_label("Summary").fill("Five days with county health teams around Lake Victoria.")
    page.get_by_role("button", name="Save the narrative").click()
    expect(page.get_by_text("The report was saved.")).to_be_visible()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("Submitted")
    _log_out(page)

    # Manager: sends it back; a comment is required.
    log_in(page, live_server, manager.email)
    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_test_id("awaiting")).to_contain_text(TITLE)
    assert axe_violations() == []
    screenshot("dashboard-manager")
    page.get_by_test_id("awaiting").get_by_role("link", name=TITLE).click()
    assert axe_violations() == []
    screenshot("review-submitted-manager")
    page.get_by_role("button", name="Send back for changes").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()
    page.get_by_label("What needs to change").fill(WHY)
    page.get_by_role("button", name="Send back for changes").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("Changes requested")
    _log_out(page)

    # Staff: sees why, on the dashboard and the review page; fixes and resubmits.
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_test_id("sent-back")).to_contain_text(WHY)
    assert axe_violations() == []
    screenshot("dashboard-staff")
    page.get_by_test_id("sent-back").get_by_role("link", name=TITLE).click()
    expect(page.get_by_test_id("timeline")).to_contain_text(WHY)
    assert axe_violations() == []
    screenshot("review-changes-requested")
    page.get_by_label("Key learnings").fill("We met Dr Achieng and the Kisumu county team.")
    page.get_by_role("button", name="Save the narrative").click()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_test_id("report-status")).to_contain_text("Submitted")
    _log_out(page)

    # Another manager approves.
    log_in(page, live_server, second_manager.email)
    page.goto(review_url)
    page.get_by_label("Comment (optional)").fill("Clear and complete.")
    # Tasks run eagerly here: the approval renders and stores the report in every language
    # before answering (a worker does it in production), which takes longer than a click.
    page.get_by_role("button", name="Approve the report").click(timeout=120_000)
    expect(page.get_by_test_id("report-status")).to_contain_text("Approved")
    expect(page.get_by_test_id("timeline")).to_contain_text("Clear and complete.")
    assert axe_violations() == []
    screenshot("review-approved")
    assert Report.objects.get(delegation=delegation).status == ReportStatus.APPROVED
