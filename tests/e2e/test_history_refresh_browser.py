"""The Change history section follows in-place edits in Chromium: a follow-up added (and
its status changed) in its section shows in the history at the foot of the page without a
reload, while the focus stays on the edit's message; a form with errors reloads nothing."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from learning.enums import FollowUpStatus
from learning.models import FollowUp
from tests.e2e.steps import inline_form_settled, log_in, open_inline_form, pick
from tests.factories.delegations import DelegationFactory
from tests.factories.partners import OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

DESCRIPTION = "Potential follow-up exchange with youth leaders."


@pytest.fixture
def setting(programme, staff_user):
    staff_user.full_name = "Amina Odhiambo"
    staff_user.save()
    OrganisationFactory(name="IOM Kenya", acronym="", country="")
    return DelegationFactory(
        programme=programme, title="Government of Mozambique officials learn from Kenya"
    )


def section(page, name: str):
    return page.get_by_role("region", name=name)


def test_the_history_shows_an_in_place_edit_without_a_reload(
    page, live_server, staff_user, setting, screenshot, axe_violations
):
    delegation = setting
    reloads = []  # the history section's own requests
    page.on(
        "request",
        lambda request: reloads.append(request.url) if "/history/latest/" in request.url else None,
    )
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/delegations/{delegation.pk}/")
    page.evaluate("window.notReloaded = true")  # gone if any step reloads the page
    history = section(page, "Change history")
    entries = history.locator(".history-timeline > li")
    expect(history).to_contain_text("the system created Delegation:")
    expect(history).not_to_contain_text(DESCRIPTION)
    # Deferred (core.sections): the section fetched itself once, right after the page.
    assert len(reloads) == 1, reloads

    # A form with errors saves nothing, and the history does not reload.
    follow_ups = section(page, "Follow-ups")
    open_inline_form(follow_ups, "Add follow-up")
    follow_ups.get_by_role("button", name="Save").click()
    expect(follow_ups.locator(".invalid-feedback")).to_contain_text("This field is required.")
    inline_form_settled(follow_ups)

    # The follow-up, added in place.
    follow_ups.get_by_label("Description").fill(DESCRIPTION)
    pick(follow_ups, "Owner (organisation)", "IOM", "IOM Kenya")
    follow_ups.get_by_role("button", name="Save").click()
    message = follow_ups.get_by_role("status")
    expect(message).to_contain_text("The follow-up was added.")
    expect(entries.first).to_contain_text(f"Amina Odhiambo created Follow-up: {DESCRIPTION}")
    expect(message).to_be_focused()  # the reloaded history took nothing away
    assert len(reloads) == 2, reloads

    # Its status, in one click: the reloaded section listens again.
    follow_ups.get_by_role("button", name="Agreed").click()
    expect(follow_ups.get_by_role("status")).to_contain_text("is now Agreed.")
    expect(entries.first).to_contain_text(f"Amina Odhiambo changed Follow-up: {DESCRIPTION}")
    expect(entries.first).to_contain_text(re.compile(r"Status: Proposed →\s*changed to Agreed"))
    expect(follow_ups.get_by_role("status")).to_be_focused()
    assert len(reloads) == 3, reloads

    # Still the same section: its heading, its region, its link to the whole history.
    expect(history.get_by_role("heading", level=2, name="Change history")).to_be_visible()
    expect(history.get_by_role("link", name="See the whole history")).to_have_attribute(
        "href", reverse("timeline:delegation-history", args=[delegation.pk])
    )
    expect(page.locator("#history")).to_have_count(1)
    follow_up = FollowUp.objects.get(delegation=delegation)
    assert (follow_up.description, follow_up.status, follow_up.owner_organisation.name) == (
        DESCRIPTION,
        FollowUpStatus.AGREED,
        "IOM Kenya",
    )
    assert axe_violations() == []
    screenshot("history-refreshed-after-in-place-edit")
    assert page.evaluate("window.notReloaded") is True
