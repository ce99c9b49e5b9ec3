"""Phones and keyboards in Chromium: the visit day at 390 × 844 with touch, every main
page no wider than a phone's screen and free of serious axe findings (phone and desktop),
the skip link, the focus ring, the autocomplete's Escape and Tab."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from delegations.models import Delegation
from itinerary.models import BeneficiaryGroup, Topic
from learning.enums import HighlightKind
from learning.models import Attachment, Highlight
from officials.models import Official
from tests.e2e.conftest import AXE, SCREENSHOTS
from tests.e2e.steps import inline_form_settled, log_in, pick
from tests.factories.accounts import PASSWORD
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.learning import png_bytes
from tests.factories.officials import OfficialFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale="en",
        bypass_csp=True,  # to inject axe-core
        reduced_motion="reduce",
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def serious_axe_findings(page) -> list[tuple]:
    """axe-core (served from node_modules), WCAG 2.0 and 2.1 A and AA, with the rule on an
    accessible name holding the visible label; only serious and critical findings."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'],
            rules: {'label-content-name-mismatch': {enabled: true}},
        })"""
    )
    return [
        (v["id"], [n["target"] for n in v["nodes"]])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def phone_log_in(tab, live_server, email: str, password: str = PASSWORD) -> None:
    """Log in on a phone: the Log out button hides in the folded menu, so wait for the list."""
    tab.goto(f"{live_server.url}/accounts/login/")
    tab.get_by_label("Email address").fill(email)
    tab.get_by_label("Password").fill(password)
    tab.get_by_role("button", name="Log in").tap()
    expect(tab.get_by_role("heading", name="Delegations", exact=True)).to_be_visible()


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


# --- The visit day ------------------------------------------------------------------------------


@pytest.fixture
def visit_today(programme, nairobi):
    today = datetime.date.today()
    delegation = DelegationFactory(
        programme=programme,
        title="Cabo Delgado to Kenya",
        start_date=today - datetime.timedelta(days=1),
        end_date=today + datetime.timedelta(days=1),
    )
    delegation.destinations.add(nairobi)
    noon = datetime.datetime.combine(today, datetime.time(9, 0), tzinfo=datetime.UTC)
    item = ItineraryItemFactory(
        delegation=delegation, place=nairobi, title="Meeting at the county office", starts_at=noon
    )
    OfficialFactory(full_name="Amina Hassan", position="County Commissioner")
    return item


def open_capture(card, name: str):
    card.get_by_role("link", name=name, exact=True).tap()
    inline_form_settled(card)


def save(card):
    card.get_by_role("button", name="Save").tap()
    expect(card.locator("form.visit-capture")).to_have_count(0)


def test_staff_record_a_meeting_from_the_visit_day_on_a_phone(
    phone, live_server, staff_user, visit_today, tmp_path, screenshot
):
    item = visit_today
    phone_log_in(phone, live_server, staff_user.email)
    phone.goto(f"{live_server.url}{reverse('delegations:detail', args=[item.delegation_id])}")
    phone.get_by_role("link", name="Open the visit day").tap()
    expect(phone.get_by_text("Today", exact=True)).to_be_visible()
    card = phone.locator(f"#visit-item-{item.pk}")
    expect(card.get_by_role("heading", name="Meeting at the county office")).to_be_visible()

    open_capture(card, "Summary and outcome")
    card.get_by_label("Outcome").fill("The county will share its action plan.")
    save(card)
    expect(card.get_by_text("The county will share its action plan.")).to_be_visible()

    open_capture(card, "People met")
    card.get_by_label("Category").select_option(label="Youth leaders")
    card.get_by_label("Women and girls").fill("12")
    card.get_by_label("Men and boys").fill("9")
    card.get_by_label("Other or not said").fill("0")
    card.get_by_label("Of whom youth").fill("15")
    save(card)
    expect(card.get_by_text("21 in all")).to_be_visible()

    photo = tmp_path / "courtyard.png"
    photo.write_bytes(png_bytes((40, 30)))
    open_capture(card, "Photo")
    field = card.get_by_label("Photo")
    assert field.get_attribute("accept") == "image/*"
    assert field.get_attribute("capture") == "environment"
    field.set_input_files(str(photo))
    card.get_by_label("Caption").fill("The school courtyard")
    card.get_by_label("Credit").fill("Photo: IOM")
    save(card)
    expect(card.get_by_role("img", name="The school courtyard")).to_be_visible()

    open_capture(card, "Highlight or quote")
    card.get_by_label("Kind").select_option(label="Quote")
    card.get_by_label("Text").fill("Our youth are our first responders.")
    pick(card, "Speaker", "amina", "Amina Hassan")
    save(card)
    expect(card.get_by_text("Our youth are our first responders.")).to_be_visible()

    item.refresh_from_db()
    assert item.outcome == "The county will share its action plan."
    group = BeneficiaryGroup.objects.get(item=item)
    assert (group.total, group.youth) == (21, 15)
    assert Attachment.objects.get(item=item).caption == "The school courtyard"
    quote = Highlight.objects.get(item=item)
    assert quote.kind == HighlightKind.QUOTE and quote.speaker.full_name == "Amina Hassan"
    assert page_width(phone) <= PHONE["width"]
    assert serious_axe_findings(phone) == []
    screenshot("visit-day-phone")


# --- Every main page ----------------------------------------------------------------------------


def main_pages() -> dict[str, str]:
    delegation = Delegation.objects.get()
    item = delegation.itinerary_items.order_by("starts_at").first()
    official = Official.objects.filter(itinerary_items__delegation=delegation).first()
    organisation = delegation.host_organisation
    topic = Topic.objects.filter(itinerary_items__delegation=delegation).first()
    pk = delegation.pk
    return {
        "list": reverse("delegations:list"),
        "delegation": reverse("delegations:detail", args=[pk]),
        "delegation-form": reverse("delegations:update", args=[pk]),
        "members": reverse("delegations:members", args=[pk]),
        "support-team": reverse("delegations:support-team", args=[pk]),
        "itinerary": reverse("itinerary:itinerary", args=[pk]),
        "item-form": reverse("itinerary:item-update", args=[item.pk]),
        "visit-day": reverse("visits:today", args=[pk]),
        "capture": reverse("visits:capture", args=[item.pk, "counterpart"]),
        "history": reverse("timeline:delegation-history", args=[pk]),
        "topics": reverse("learning:topic-list"),
        "topic": topic.get_absolute_url(),
        "officials": reverse("officials:list"),
        "official": reverse("officials:detail", args=[official.pk]),
        "organisations": reverse("partners:organisation-list"),
        "organisation": reverse("partners:organisation-detail", args=[organisation.pk]),
        "report": reverse("reports:report", args=[pk]),
        "review": reverse("reports:review", args=[pk]),
        "dashboard": reverse("reports:dashboard"),
        "search": reverse("search:results") + "?q=kenya",
    }


# Every link, button and field shown, at least 44 × 44 px; a checkbox or radio at least
# 24 px (its label, a 44 px row, is the rest of the target).
SMALL_CONTROLS = """() => [...document.querySelectorAll(
    'header a, header button, main a, main button, main input:not([type=hidden]), main select')]
  .filter((el) => el.offsetParent !== null && !el.closest('.visually-hidden-focusable'))
  .map((el) => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => el.matches('.form-check-input')
    ? r.height < 24 || r.width < 24 : r.height < 44 || r.width < 44)
  .map(([el, r]) => `${el.textContent.trim() || el.name} ${Math.round(r.width)}×${Math.round(r.height)}`)"""

SMALL_CHART_TEXT = """() => [...document.querySelectorAll('svg text')]
  .filter((el) => el.getClientRects().length && el.getBoundingClientRect().height > 0)
  .map((el) => parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a)
  .filter((size) => size < 11)"""


def test_every_main_page_fits_a_phone_and_passes_axe(browser, live_server, phone, page):
    call_command("load_demo", stdout=io.StringIO())
    pages = main_pages()
    findings = {}
    for tab, viewport in ((phone, PHONE), (page, DESKTOP)):
        enter = phone_log_in if tab is phone else log_in
        enter(tab, live_server, "admin@exchange.example", "baobab-lighthouse-2019")
        for name, url in pages.items():
            tab.goto(f"{live_server.url}{url}")
            problems = serious_axe_findings(tab)
            if page_width(tab) > viewport["width"]:
                problems.append(("wider than the screen", page_width(tab)))
            if viewport is PHONE:
                problems += [("too small to tap", s) for s in tab.evaluate(SMALL_CONTROLS)]
                problems += [("chart text under 11 px", s) for s in tab.evaluate(SMALL_CHART_TEXT)]
            if problems:
                findings[f"{name} at {viewport['width']}"] = problems

    assert findings == {}


def test_list_filters_fold_behind_a_button_on_a_phone(phone, live_server, staff_user):
    phone_log_in(phone, live_server, staff_user.email)
    search = phone.get_by_label("Search", exact=True)

    expect(search).to_be_hidden()
    phone.get_by_role("button", name="Filters").tap()
    expect(search).to_be_visible()


# --- The delegation page's folds ---------------------------------------------------------------

OPEN_FOLDS = "() => [...document.querySelectorAll('details.page-fold')].map((d) => d.open)"


def test_delegation_sections_fold_on_a_phone_and_open_from_the_contents(
    browser, live_server, phone, page, staff_user
):
    call_command("load_demo", stdout=io.StringIO())
    url = f"{live_server.url}{reverse('delegations:detail', args=[Delegation.objects.get().pk])}"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    phone_log_in(phone, live_server, "admin@exchange.example", "baobab-lighthouse-2019")
    phone.goto(url)
    folds = phone.evaluate(OPEN_FOLDS)
    assert len(folds) >= 5 and folds == [True] + [False] * (len(folds) - 1)
    folded_height = phone.evaluate("document.documentElement.scrollHeight")
    phone.screenshot(path=str(SCREENSHOTS / "delegation-folds-390.png"), full_page=True)
    assert serious_axe_findings(phone) == []
    assert page_width(phone) <= PHONE["width"]

    # The contents' link opens the folded section and brings it into view.
    phone.locator("nav.page-toc").get_by_role("link", name="Itinerary").tap()
    itinerary = phone.locator("details[data-fold=itinerary]")
    expect(itinerary).to_have_attribute("open", "")
    expect(phone.locator("#itinerary-heading")).to_be_in_viewport()

    # The keyboard: a summary is a button that toggles with Enter, with a visible ring.
    summary = phone.locator("details[data-fold=follow-ups] > summary")
    phone.locator("details[data-fold=highlights] > summary").focus()
    phone.keyboard.press("Tab")  # past the folded highlights, to the next summary
    expect(summary).to_be_focused()
    ring = phone.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert ring[0] != "none" and ring[1] >= 2
    phone.keyboard.press("Enter")
    expect(phone.locator("details[data-fold=follow-ups]")).to_have_attribute("open", "")
    box = summary.bounding_box()
    assert box["height"] >= 44

    # An address with the anchor opens its section on arrival.
    phone.goto(f"{url}#attachments")
    expect(phone.locator("details[data-fold=attachments]")).to_have_attribute("open", "")
    expect(phone.locator("#attachments")).to_be_in_viewport()

    # On a wide screen every section is open and the summaries are hidden.
    log_in(page, live_server, "admin@exchange.example", "baobab-lighthouse-2019")
    page.goto(url)
    assert all(page.evaluate(OPEN_FOLDS))
    expect(page.locator("summary.page-fold-summary").first).to_be_hidden()
    page.screenshot(path=str(SCREENSHOTS / "delegation-folds-desktop.png"), full_page=True)
    assert serious_axe_findings(page) == []
    unfolded = page.evaluate("document.documentElement.scrollHeight")
    print(f"delegation page at 390 px: {folded_height} px folded; at 1280 px: {unfolded} px")


# --- Keyboard -----------------------------------------------------------------------------------


def test_skip_link_shows_above_the_navbar_with_a_visible_focus_ring(page, live_server, staff_user):
    log_in(page, live_server, staff_user.email)
    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    box = skip.bounding_box()
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).textContent.trim()",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top == "Skip to main content"
    page.keyboard.press("Tab")  # the brand, on the dark navigation bar
    ring = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor]; }"
    )
    assert ring == ["solid", 3.0, "rgb(255, 212, 59)"]


def test_escape_closes_an_autocomplete_and_tab_away_too(page, live_server, staff_user, visit_today):
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}{reverse('visits:capture', args=[visit_today.pk, 'counterpart'])}")
    box = page.get_by_role("combobox", name="Someone in the directory")
    listbox = page.get_by_role("listbox")

    box.press_sequentially("amina", delay=30)
    expect(listbox.get_by_role("option", name="Amina Hassan")).to_be_visible()
    box.press("ArrowDown")
    page.keyboard.press("Escape")
    expect(listbox.get_by_role("option")).to_have_count(0)
    expect(box).to_be_focused()
    expect(box).to_have_attribute("aria-expanded", "false")

    box.fill("")
    box.press_sequentially("amin", delay=30)
    expect(listbox.get_by_role("option", name="Amina Hassan")).to_be_visible()
    page.get_by_label("Or a new person: full name").focus()
    expect(listbox.get_by_role("option")).to_have_count(0)
