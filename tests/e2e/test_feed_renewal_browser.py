"""A calendar address that went where it should not is renewed from the delegation page,
in Chromium: the page shows the new address, the old one stops answering."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.steps import log_in
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_staff_renew_the_calendar_subscription_address(
    page, live_server, staff_user, programme, screenshot, axe_violations
):
    delegation = DelegationFactory(  # a 2019 visit: its address works once renewed today
        programme=programme, title="Visit to Kenya", feed_renewed_on=timezone.localdate()
    )
    ItineraryItemFactory(delegation=delegation, title="Courtesy call on the governor")
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/delegations/{delegation.pk}/")
    address = page.get_by_role("textbox", name="Calendar subscription for delegates' phones")
    old = address.input_value()
    assert "Courtesy call on the governor" in page.request.get(old).text()

    exports = page.get_by_role("region", name="Report and exports")
    exports.get_by_role("button", name="Make a new address").click()

    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        "the old one no longer works"
    )
    expect(address).not_to_have_value(old)
    new = address.input_value()
    assert page.request.get(old).status == 404
    assert "Courtesy call on the governor" in page.request.get(new).text()
    assert axe_violations() == []
    screenshot("feed-address-renewed")
