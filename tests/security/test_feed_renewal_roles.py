"""Finding 8: renewing the calendar address cuts off every delegate's subscription, so
only the programme's staff and administrators may do it; a manager (read-only) may not,
locked delegation or not, and is not offered the button."""

import pytest
from django.urls import reverse

from tests.factories.delegations import DelegationFactory

RENEW_BUTTON = "Make a new address"


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme, title="Visit to Kenya")


def renew(client, delegation):
    return client.post(reverse("reports:itinerary-feed-renew", args=[delegation.pk]))


@pytest.mark.parametrize("locked", [False, True])
def test_a_manager_cannot_renew_the_calendar_address(locked, delegation, manager_client):
    delegation.locked = locked
    delegation.save(update_fields=["locked"])

    response = renew(manager_client, delegation)

    assert response.status_code == 403
    delegation.refresh_from_db()
    assert delegation.feed_generation == 1
    page = manager_client.get(reverse("delegations:detail", args=[delegation.pk]))
    assert RENEW_BUTTON not in page.content.decode()


@pytest.mark.parametrize("who", ["staff_client", "admin_client"])
def test_staff_and_administrators_renew_it_even_when_locked(who, delegation, request):
    client = request.getfixturevalue(who)
    delegation.locked = True
    delegation.save(update_fields=["locked"])
    assert (
        RENEW_BUTTON
        in client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()
    )

    assert renew(client, delegation).status_code == 302

    delegation.refresh_from_db()
    assert delegation.feed_generation == 2
