"""Steps the browser tests share: log in, pick from an autocomplete, add an itinerary item."""

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.factories.accounts import PASSWORD


def log_in(page, live_server, email: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def open_inline_form(scope, link: str) -> None:
    """Click `link` in a page section and wait until htmx has swapped the form in and
    focused its first field (inline_form_settled)."""
    scope.get_by_role("link", name=link).click()
    inline_form_settled(scope)


def inline_form_settled(scope) -> None:
    """Wait until an in-place form htmx swapped in (opened, or sent back with errors) has
    focused its first field. Typing earlier races that focus: htmx moves it once the form
    settles, and keys typed meanwhile land in the first field instead."""
    expect(scope.locator("form [autofocus]").first).to_be_focused()


def pick(scope, label, typed: str, option: str) -> None:
    """Type into an autocomplete combobox (`label`: text or pattern) and choose `option`.

    A box that arrived in an htmx fragment a moment ago may not listen yet (htmx wires
    new content up as it settles): if no match shows, type again, as a person would."""
    box = scope.get_by_role("combobox", name=label)
    # Not the Create "<typed>" row the list ends with: its name holds what was typed.
    wanted = (
        scope.get_by_role("listbox")
        .get_by_role("option", name=option)
        .and_(scope.locator(":not(.autocomplete-create)"))
    )
    box.fill(typed)
    try:
        wanted.wait_for(timeout=4_000)
    except PlaywrightTimeoutError:
        box.fill("")
        box.fill(typed)
    wanted.click()


def pick_field(page, label: str, typed: str, option: str, *, within=None) -> None:
    """Pick in the combobox labelled exactly `label` (a required one ends in "*")."""
    pick(within or page, re.compile(rf"^{label}\*?$"), typed, option)


def pick_with_keyboard(page, label: str, typed: str, expected: str) -> None:
    """Type into an autocomplete, then choose the first match with the keyboard."""
    box = page.get_by_role("combobox", name=label)
    box.press_sequentially(typed, delay=30)
    expect(page.get_by_role("option", name=expected)).to_be_visible()
    box.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(box).to_have_value(expected)


def pick_chip(page, label: str, typed: str, expected: str) -> None:
    """Type into a multi-autocomplete's search box (`label`: "Add a destination"), choose
    the first match with the keyboard: it becomes a ticked box named `expected`."""
    box = page.get_by_role("combobox", name=label)
    box.press_sequentially(typed, delay=30)
    expect(page.get_by_role("option", name=expected).first).to_be_visible()
    box.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(page.get_by_role("checkbox", name=expected, exact=True)).to_be_checked()
    expect(box).to_have_value("")


def fill_times(page, day: str, start: str, end: str) -> None:
    page.get_by_label("Start date").fill(day)
    page.get_by_label("Start time").fill(start)
    page.get_by_label("End date").fill(day)
    page.get_by_label("End time").fill(end)


def add_item(page, *, kind: str, title: str, day: str, start: str, end: str) -> None:
    """From the itinerary page: open the item form and fill kind, title and times."""
    page.get_by_role("link", name="Add an item", exact=True).first.click()
    expect(page.get_by_role("heading", name="Add an item to the itinerary")).to_be_visible()
    page.get_by_label("Kind").select_option(label=kind)
    page.get_by_label("Title").fill(title)
    fill_times(page, day, start, end)


def save_item(page) -> None:
    page.get_by_role("button", name="Save item").click()
    expect(page.get_by_role("heading", name="Itinerary", exact=True)).to_be_visible()
