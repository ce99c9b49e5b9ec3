"""A person who mistypes their password too often sees why and when to come back."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_repeated_wrong_passwords_lead_to_a_readable_lockout_page(
    page, live_server, screenshot, axe_violations
):
    user = UserFactory(email="typo@example.org")
    page.goto(f"{live_server.url}/accounts/login/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Email address").fill(user.email)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Too many failed log-ins")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("Try again in 15 minutes")
    assert axe_violations() == []
    screenshot("login-locked-out")

    # The right password does not get through while the lock holds.
    page.get_by_role("link", name="Back to log-in").click()
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Too many failed log-ins")).to_be_visible()


def test_a_network_guessing_many_accounts_is_paused_with_its_own_message(
    page, live_server, screenshot, axe_violations, settings
):
    settings.LOGIN_ADDRESS_FAILURE_LIMIT = 3
    page.goto(f"{live_server.url}/accounts/login/")
    for n in range(3):
        page.get_by_label("Email address").fill(f"guess{n}@example.org")
        page.get_by_label("Password").fill("Summer2019!")
        page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Too many log-ins failed from your network, for several email addresses"
    )
    assert axe_violations() == []
    screenshot("login-locked-out-address")
