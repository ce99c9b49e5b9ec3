"""The Content-Security-Policy holds in a real browser: no page breaks one of its rules.

The other browser tests bypass the CSP (to inject axe-core); this one keeps it and
listens for every violation the pages report, on the staff pages and in the admin.
"""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from delegations.models import Delegation
from demo.story.directory import USERS
from tests.e2e.steps import log_in, pick_field

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


@pytest.fixture
def strict_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en")
    context.add_init_script(LISTENER)
    page = context.new_page()
    page.set_default_timeout(10_000)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.console_messages_seen = messages
    yield page
    context.close()


def violations(page) -> list[str]:
    seen = page.evaluate("window.__cspViolations")
    seen += [text for text in page.console_messages_seen if "Content Security Policy" in text]
    return seen


def test_staff_pages_and_admin_keep_the_content_security_policy(strict_page, live_server):
    page = strict_page
    call_command("load_demo", stdout=StringIO())
    delegation = Delegation.objects.get(
        programme__code="PHSS", start_date=datetime.date(2019, 7, 22)
    )
    item = delegation.itinerary_items.order_by("starts_at").first()
    manager = next(spec for spec in USERS if spec.key == "phss_manager")
    staff = next(spec for spec in USERS if spec.key == "phss_staff")
    admin = next(spec for spec in USERS if spec.key == "admin")

    page.goto(live_server.url + reverse("login"))
    assert violations(page) == []
    log_in(page, live_server, manager.email, password=manager.password)
    urls = [
        reverse("delegations:list"),
        reverse("delegations:detail", args=[delegation.pk]),
        reverse("delegations:update", args=[delegation.pk]),
        reverse("itinerary:itinerary", args=[delegation.pk]),
        reverse("itinerary:item-update", args=[item.pk]),
        reverse("reports:report", args=[delegation.pk]),
        reverse("reports:review", args=[delegation.pk]),
        reverse("reports:dashboard"),
        reverse("officials:list"),
        reverse("partners:organisation-list"),
    ]
    for url in urls:
        page.goto(live_server.url + url)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert violations(page) == [], url

    # Autocomplete (htmx requests, swapped listbox) still works under the policy.
    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, staff.email, password=staff.password)
    page.goto(live_server.url + reverse("itinerary:item-create", args=[delegation.pk]))
    page.get_by_label("Kind").select_option(label="Arrival")
    pick_field(page, "Place", "nairo", "Nairobi")
    assert violations(page) == []

    page.get_by_role("button", name="Log out").click()
    log_in(page, live_server, admin.email, password=admin.password)
    for url in [
        reverse("admin:index"),
        reverse("admin:delegations_delegation_change", args=[delegation.pk]),
        reverse("admin:itinerary_itineraryitem_change", args=[item.pk]),
    ]:
        page.goto(live_server.url + url)
        expect(page.locator("#content")).to_be_visible()
        assert violations(page) == [], url
