"""Steps the browser tests share: log in, pick from an autocomplete."""

from playwright.sync_api import expect

from tests.factories.accounts import PASSWORD


def log_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def pick(scope, label, typed: str, option: str) -> None:
    """Type into an autocomplete combobox (`label`: text or pattern) and choose `option`."""
    scope.get_by_role("combobox", name=label).fill(typed)
    scope.get_by_role("option", name=option).click()
