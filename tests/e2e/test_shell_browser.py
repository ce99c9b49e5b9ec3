"""The shell as a person meets it: log in with the keyboard, navigate, log out."""

import pytest
from playwright.sync_api import expect

from tests.factories.accounts import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_staff_logs_in_with_the_keyboard_and_out_again(
    page, live_server, staff_user, screenshot, axe_violations
):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/delegations/")
    assert axe_violations() == []
    screenshot("login")

    page.get_by_label("Email address").fill(staff_user.email)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Delegations")
    expect(page).to_have_url(f"{live_server.url}/delegations/")
    assert axe_violations() == []

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")


def test_login_with_a_wrong_password_says_so_and_keeps_the_email(page, live_server, staff_user):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(staff_user.email)
    page.get_by_label("Password").fill("wrong password here")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator(".alert-danger")).to_contain_text("do not match an active account")
    expect(page.get_by_label("Email address")).to_have_value(staff_user.email)
