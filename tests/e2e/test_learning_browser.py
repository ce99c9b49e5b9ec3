"""Staff record what a visit taught, from the delegation page in Chromium: a learning
objective, a follow-up whose status changes in one click, a quote, and a photo; and the
same pages without JavaScript."""

import io
from io import StringIO

import pytest
from django.core.management import call_command
from PIL import Image
from playwright.sync_api import expect

from delegations.models import Delegation
from demo.story.directory import USERS
from learning.enums import AttachmentKind, FollowUpStatus, HighlightKind
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.steps import log_in, open_inline_form, pick
from tests.factories.delegations import DelegationFactory
from tests.factories.itinerary import ItineraryItemFactory, TopicFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import OrganisationFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def photo_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (960, 640), (0, 51, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def setting(programme):
    delegation = DelegationFactory(
        programme=programme,
        title="Government of Mozambique officials learn from Kenya",
    )
    ItineraryItemFactory(delegation=delegation, title="Community engagement with youth leaders")
    TopicFactory(name="Reintegration", slug="reintegration")
    OrganisationFactory(name="IOM Kenya", acronym="", country="")
    OfficialFactory(
        honorific="Mr", full_name="John Elungata", position="Regional Coordinator, Coast Region"
    )
    return delegation


def section(page, name: str):
    return page.get_by_role("region", name=name)


def test_staff_record_objective_follow_up_quote_and_photo_from_the_delegation_page(
    page, live_server, staff_user, setting, screenshot, axe_violations
):
    delegation = setting
    log_in(page, live_server, staff_user.email)
    url = f"{live_server.url}/delegations/{delegation.pk}/"
    page.goto(url)
    page.evaluate("window.notReloaded = true")  # gone if any step reloads the page
    expect(page.get_by_role("heading", name="Learning objectives")).to_be_visible()
    assert axe_violations() == []
    screenshot("learning-detail-empty")

    # A learning objective.
    objectives = section(page, "Learning objectives")
    open_inline_form(objectives, "Add objective")
    expect(objectives.get_by_label("What they want to learn")).to_be_focused()
    objectives.get_by_label("What they want to learn").fill(
        "See how to go beyond humanitarian assistance, especially involving the youth."
    )
    objectives.get_by_label("Topic").select_option(label="Reintegration")
    assert axe_violations() == []
    screenshot("learning-objective-form")
    objectives.get_by_role("button", name="Save").click()
    expect(objectives.get_by_role("status")).to_contain_text("The learning objective was added.")
    expect(objectives).to_contain_text("beyond humanitarian assistance")
    expect(objectives).to_contain_text("Reintegration")
    objective = LearningObjective.objects.get(delegation=delegation)

    # A follow-up: first forgetting the description, then done right.
    follow_ups = section(page, "Follow-ups")
    open_inline_form(follow_ups, "Add follow-up")
    pick(follow_ups, "Owner (organisation)", "IOM", "IOM Kenya")
    follow_ups.get_by_label("Due date").fill("2019-12-31")
    item = delegation.itinerary_items.get()
    follow_ups.get_by_label("Itinerary item").select_option(str(item.pk))
    follow_ups.get_by_role("button", name="Save").click()
    expect(follow_ups.locator(".invalid-feedback")).to_contain_text("This field is required.")
    expect(follow_ups.get_by_role("combobox", name="Owner (organisation)")).to_have_value(
        "IOM Kenya"
    )
    expect(follow_ups.get_by_label("Due date")).to_have_value("2019-12-31")
    screenshot("learning-follow-up-error")
    follow_ups.get_by_label("Description").fill("Potential follow-up exchange with youth leaders.")
    follow_ups.get_by_label("Learning objective").select_option(str(objective.pk))
    follow_ups.get_by_role("button", name="Save").click()
    expect(follow_ups.get_by_role("status")).to_contain_text("The follow-up was added.")
    expect(follow_ups).to_contain_text("IOM Kenya")
    expect(follow_ups.locator(".badge", has_text="Proposed")).to_be_visible()
    assert axe_violations() == []

    # Its status, in one click.
    follow_ups.get_by_role("button", name="Agreed").click()
    expect(follow_ups.get_by_role("status")).to_contain_text("is now Agreed.")
    expect(follow_ups.locator(".badge", has_text="Agreed")).to_be_visible()
    expect(follow_ups.get_by_role("button", name="Agreed")).to_have_count(0)
    follow_up = FollowUp.objects.get(delegation=delegation)
    assert (follow_up.status, follow_up.owner_organisation.name, follow_up.objective) == (
        FollowUpStatus.AGREED,
        "IOM Kenya",
        objective,
    )
    screenshot("learning-follow-up-agreed")

    # A quote.
    highlights = section(page, "Highlights and quotes")
    open_inline_form(highlights, "Add highlight")
    highlights.get_by_label("Kind").select_option(label="Quote")
    highlights.get_by_label("Text").fill("We share the Indian Ocean.")
    pick(highlights, "Speaker", "elungata", "Mr John Elungata")
    highlights.get_by_role("button", name="Save").click()
    expect(highlights.locator("blockquote")).to_contain_text("We share the Indian Ocean.")
    expect(highlights.locator("figcaption")).to_contain_text(
        "Mr John Elungata, Regional Coordinator, Coast Region"
    )
    quote = Highlight.objects.get(delegation=delegation)
    assert (quote.kind, quote.speaker.full_name) == (HighlightKind.QUOTE, "John Elungata")

    # A photo.
    attachments = section(page, "Photos and documents")
    attachments.get_by_role("link", name="Upload a file").click()
    attachments.get_by_label("File").set_input_files(
        {"name": "bongwe.png", "mimeType": "image/png", "buffer": photo_bytes()}
    )
    attachments.get_by_label("Kind").select_option(label="Photo")
    attachments.get_by_label("Caption").fill("The delegation at Bongwe Secondary School")
    attachments.get_by_label("Credit").fill("Photo: IOM")
    screenshot("learning-upload-form")
    attachments.get_by_role("button", name="Save").click()
    thumbnail = attachments.get_by_role("img", name="The delegation at Bongwe Secondary School")
    expect(thumbnail).to_be_visible()
    expect(attachments).to_contain_text("Photo: IOM")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#attachments img')].every(i => i.naturalWidth > 0)"
    )
    assert thumbnail.evaluate("img => img.naturalWidth") == 320
    photo = Attachment.objects.get(delegation=delegation)
    assert (photo.kind, photo.original_name, photo.content_type) == (
        AttachmentKind.PHOTO,
        "bongwe.png",
        "image/png",
    )

    assert page.evaluate("window.notReloaded") is True
    assert page.url == url
    assert axe_violations() == []
    screenshot("learning-detail-filled")

    # Everything survives a reload.
    page.reload()
    expect(section(page, "Follow-ups").locator(".badge", has_text="Agreed")).to_be_visible()
    expect(section(page, "Highlights and quotes").locator("blockquote")).to_be_visible()


def test_staff_edit_and_delete_rows_in_place(
    page, live_server, staff_user, setting, screenshot, axe_violations
):
    delegation = setting
    LearningObjective.objects.create(
        delegation=delegation, description="Learn how county action plans are made", order=1
    )
    log_in(page, live_server, staff_user.email)
    page.goto(f"{live_server.url}/delegations/{delegation.pk}/")
    objectives = section(page, "Learning objectives")

    open_inline_form(objectives, "Edit")
    field = objectives.get_by_label("What they want to learn")
    expect(field).to_have_value("Learn how county action plans are made")
    field.fill("Learn how Mombasa made its county action plan")
    assert axe_violations() == []
    screenshot("learning-objective-edit")
    objectives.get_by_role("button", name="Save").click()
    expect(objectives).to_contain_text("Learn how Mombasa made its county action plan")

    objectives.get_by_role("link", name="Delete").click()
    expect(objectives).to_contain_text("Delete this learning objective?")
    assert axe_violations() == []
    screenshot("learning-objective-delete")
    objectives.get_by_role("button", name="Delete").click()
    expect(objectives).to_contain_text("No learning objectives yet.")
    assert not LearningObjective.objects.exists()


def test_staff_add_an_objective_without_javascript(
    browser, live_server, staff_user, setting, axe_violations
):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en", java_script_enabled=False
    )
    page = context.new_page()
    try:
        log_in(page, live_server, staff_user.email)
        page.goto(f"{live_server.url}/delegations/{setting.pk}/")
        section(page, "Learning objectives").get_by_role("link", name="Add objective").click()

        expect(page.get_by_role("heading", name="Add a learning objective")).to_be_visible()
        page.screenshot(path=_screenshot_path("learning-objective-page-nojs"), full_page=True)
        page.get_by_label("What they want to learn").fill("Learn without JavaScript")
        page.get_by_role("button", name="Save").click()

        expect(page).to_have_url(f"{live_server.url}/delegations/{setting.pk}/#learning-objectives")
        expect(page.get_by_role("alert").first).to_contain_text("The learning objective was added.")
        expect(section(page, "Learning objectives")).to_contain_text("Learn without JavaScript")

        section(page, "Learning objectives").get_by_role("link", name="Delete").click()
        expect(page.get_by_text("This will be deleted for good")).to_be_visible()
        page.screenshot(path=_screenshot_path("learning-confirm-page-nojs"), full_page=True)
        page.get_by_role("button", name="Delete").click()
        expect(section(page, "Learning objectives")).to_contain_text("No learning objectives yet.")
    finally:
        context.close()


def test_my_own_pages_have_no_axe_violations(
    page, live_server, staff_user, setting, screenshot, axe_violations
):
    """The pages a person reaches without JavaScript: form, confirmation, section."""
    delegation = setting
    objective = LearningObjective.objects.create(delegation=delegation, description="Learn")
    log_in(page, live_server, staff_user.email)
    base = f"{live_server.url}/visits"
    for name, path in [
        ("learning-page-objective-form", f"/delegations/{delegation.pk}/objectives/add/"),
        ("learning-page-highlight-form", f"/delegations/{delegation.pk}/highlights/add/"),
        ("learning-page-follow-up-form", f"/delegations/{delegation.pk}/follow-ups/add/"),
        ("learning-page-upload-form", f"/delegations/{delegation.pk}/attachments/add/"),
        ("learning-page-confirm-delete", f"/objectives/{objective.pk}/delete/"),
        ("learning-page-section", f"/delegations/{delegation.pk}/follow-ups/"),
    ]:
        page.goto(f"{base}{path}")
        expect(page.get_by_role("main")).to_be_visible()
        assert axe_violations() == [], name
        screenshot(name)


def _screenshot_path(name: str) -> str:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return str(SCREENSHOTS / f"{name}.png")


def test_demo_delegation_sections_read_well(page, live_server, screenshot, axe_violations):
    """The story as the sections show it: the quote, the key figures, the follow-up, the photo."""
    call_command("load_demo", stdout=StringIO())
    delegation = Delegation.objects.get(programme__code="PHSS")
    staff = next(spec for spec in USERS if spec.key == "phss_staff")
    log_in(page, live_server, staff.email, password=staff.password)
    page.goto(f"{live_server.url}/delegations/{delegation.pk}/")

    highlights = section(page, "Highlights and quotes")
    expect(highlights.locator("blockquote")).to_contain_text("our 43rd tribe in Kenya")
    expect(highlights.locator("figcaption")).to_contain_text(
        "Mr John Elungata, Regional Coordinator, Coast Region"
    )
    expect(highlights).to_contain_text("185 amnestied returnees")
    expect(section(page, "Follow-ups")).to_contain_text("follow-up exchange with youth leaders")
    photo = section(page, "Photos and documents").get_by_role("img")
    photo.scroll_into_view_if_needed()  # thumbnails load lazily
    expect(photo).to_be_visible()
    page.wait_for_function(
        "() => [...document.querySelectorAll('#attachments img')].every(i => i.naturalWidth > 0)"
    )
    expect(section(page, "Photos and documents")).to_contain_text("Photo: IOM")
    assert axe_violations() == []
    screenshot("learning-demo-detail")
