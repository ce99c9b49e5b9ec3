"""The change history in Chromium: the timeline at the foot of the delegation page, and the
whole history one click away, both readable and accessible."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from delegations.models import Delegation
from delegations.services import child_delete, child_update, delegation_update
from learning.enums import FollowUpStatus
from tests.e2e.steps import log_in
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.learning import FollowUpFactory, HighlightFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def change(label: str, old: str, new: str) -> re.Pattern:
    """ "Label: old → new" as the page reads it (screen readers hear "changed to")."""
    return re.compile(rf"{re.escape(label)}: {re.escape(old)} →\s*changed to {re.escape(new)}")


@pytest.fixture
def edited(programme, staff_user):
    staff_user.full_name = "Amina Odhiambo"
    staff_user.save()
    delegation = DelegationFactory(programme=programme, title="Cabo Delgado officials to Kenya")
    DelegationMemberFactory(
        delegation=delegation, official=OfficialFactory(honorific="H.E.", full_name="Valige Tauabo")
    )
    ItineraryItemFactory(delegation=delegation, title="Courtesy call on the County Commissioner")
    follow_up = FollowUpFactory(delegation=delegation, description="Exchange visit to Pemba")
    highlight = HighlightFactory(delegation=delegation, text="Police and people meet monthly.")
    delegation_update(
        delegation=Delegation.objects.get(pk=delegation.pk),
        actor=staff_user,
        data={
            "title": "Government of Mozambique officials learn from Kenya",
            "end_date": datetime.date(2019, 7, 27),
            "host_organisation": OrganisationFactory(name="IOM Kenya", acronym=""),
        },
    )
    child_update(
        follow_up,
        actor=staff_user,
        data={"status": FollowUpStatus.AGREED, "due_date": datetime.date(2019, 12, 31)},
    )
    child_delete(highlight, actor=staff_user)
    return delegation


def test_the_timeline_reads_who_changed_what(
    page, live_server, staff_user, edited, screenshot, axe_violations
):
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/delegations/{edited.pk}/")

    history = page.get_by_role("region", name="Change history")
    entries = history.locator("ol > li")
    expect(entries.first).to_contain_text("Amina Odhiambo")
    expect(entries.first).to_contain_text("deleted")
    expect(entries.nth(1)).to_contain_text(change("Status", "Proposed", "Agreed"))
    expect(entries.nth(1)).to_contain_text(change("Due date", "—", "31 December 2019"))
    expect(entries.nth(2)).to_contain_text(
        change("Title", "Cabo Delgado officials to Kenya", "Government of Mozambique officials")
    )
    expect(entries.nth(2)).to_contain_text(change("Host organisation", "—", "IOM Kenya"))
    expect(history).to_contain_text("the system")
    history.scroll_into_view_if_needed()
    assert axe_violations() == []
    screenshot("history-section")

    history.get_by_role("link", name="See the whole history").click()
    expect(page.get_by_role("heading", name="Change history", level=1)).to_be_visible()
    expect(page.locator(".history-timeline > li").first).to_contain_text("Amina Odhiambo")
    assert axe_violations() == []
    screenshot("history-page")
