"""The itinerary feed's address can be renewed: every older address stops working at once."""

import datetime

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from delegations.models import Delegation
from reports.views.exports import FEED_SALT, feed_token
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.timeline.test_selectors import delegation_form, timeline


@pytest.fixture
def delegation(programme):
    # A 2019 visit whose address was renewed today: it works (test_feed_expiry).
    delegation = DelegationFactory(
        programme=programme, title="Visit to Kenya", feed_renewed_on=timezone.localdate()
    )
    ItineraryItemFactory(delegation=delegation, title="Courtesy call")
    return delegation


def feed(client, token: str):
    return client.get(reverse("reports:itinerary-feed", args=[token]))


def renew(client, delegation):
    return client.post(reverse("reports:itinerary-feed-renew", args=[delegation.pk]))


def test_renewing_voids_the_old_address_and_serves_the_new_one(delegation, staff_client, client):
    old = feed_token(delegation)

    response = renew(staff_client, delegation)

    delegation.refresh_from_db()
    assert delegation.feed_generation == 2
    assert response.status_code == 302
    assert response["Location"].endswith(
        reverse("delegations:detail", args=[delegation.pk]) + "#report-links-heading"
    )
    assert feed(client, old).status_code == 404
    new = feed(client, feed_token(delegation))
    assert new.status_code == 200 and b"Courtesy call" in new.content


def test_an_address_from_before_generations_is_the_first_one(delegation, staff_client, client):
    legacy = signing.Signer(salt=FEED_SALT).sign(str(delegation.pk))
    assert feed(client, legacy).status_code == 200

    renew(staff_client, delegation)

    assert feed(client, legacy).status_code == 404


@pytest.mark.parametrize("value", ["{pk}.x", "{pk}.0", "{pk}.", "x.1", "{pk}.1.1"])
def test_a_signed_address_with_a_bad_generation_is_404(value, delegation, client):
    token = signing.Signer(salt=FEED_SALT).sign(value.format(pk=delegation.pk))
    if value == "{pk}.":
        assert feed(client, token).status_code == 200  # no generation given: the first
    else:
        assert feed(client, token).status_code == 404


def test_the_page_shows_the_new_address_and_says_the_old_one_is_gone(delegation, staff_client):
    old = feed_token(delegation)

    page = staff_client.get(
        reverse("delegations:detail", args=[delegation.pk]), follow=False
    ).content.decode()
    assert old in page and "Make a new address" in page

    response = renew(staff_client, delegation)
    page = staff_client.get(response["Location"]).content.decode()

    delegation.refresh_from_db()
    assert old not in page and feed_token(delegation) in page
    assert "the old one no longer works" in page


def test_renewing_is_recorded_in_the_history_with_who_and_why(delegation, staff_client, staff_user):
    renew(staff_client, delegation)

    row = delegation.history.order_by("-history_id").first()
    assert (row.history_user, row.history_change_reason) == (
        staff_user,
        "Calendar subscription address renewed",
    )
    section = reverse("timeline:history-section", args=[delegation.pk])  # the page's, deferred
    newest = timeline(staff_client.get(section))[0]
    assert "changed Delegation: Visit to Kenya" in newest
    assert "Calendar subscription address renewed" in newest
    assert "generation" not in newest  # bookkeeping, not a field change to read


def test_renewing_leaves_open_forms_valid_and_works_on_a_locked_delegation(
    delegation, staff_client
):
    form = delegation_form(delegation, title="Visit to Kenya and Tanzania")
    Delegation.objects.filter(pk=delegation.pk).update(locked=True)
    renew(staff_client, delegation)
    Delegation.objects.filter(pk=delegation.pk).update(locked=False)

    response = staff_client.post(reverse("delegations:update", args=[delegation.pk]), form)

    delegation.refresh_from_db()
    assert response.status_code == 302  # no "someone else saved this"
    assert (delegation.title, delegation.feed_generation) == ("Visit to Kenya and Tanzania", 2)


def test_renewing_is_a_post(delegation, staff_client):
    response = staff_client.get(reverse("reports:itinerary-feed-renew", args=[delegation.pk]))

    delegation.refresh_from_db()
    assert response.status_code == 405
    assert delegation.feed_generation == 1


@pytest.mark.parametrize(("ended_days_ago", "works"), [(0, True), (14, True), (15, False)])
def test_the_feed_expires_fourteen_days_after_the_visit(programme, client, ended_days_ago, works):
    end = timezone.localdate() - datetime.timedelta(days=ended_days_ago)
    delegation = DelegationFactory(
        programme=programme, start_date=end - datetime.timedelta(days=3), end_date=end
    )

    assert (feed(client, feed_token(delegation)).status_code == 200) is works


def test_renewing_an_expired_address_makes_it_work_again(programme, staff_client, client):
    end = timezone.localdate() - datetime.timedelta(days=60)
    delegation = DelegationFactory(programme=programme, start_date=end, end_date=end)
    assert feed(client, feed_token(delegation)).status_code == 404

    renew(staff_client, delegation)

    delegation.refresh_from_db()
    assert delegation.feed_renewed_on == timezone.localdate()
    assert delegation.feed_expires_on == timezone.localdate() + datetime.timedelta(days=14)
    assert feed(client, feed_token(delegation)).status_code == 200
    page = staff_client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()
    assert "It works until" in page
