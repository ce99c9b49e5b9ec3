"""The directory as staff meet it: find people and organisations, add someone who looks
like a person already there, confirm, land on the new page. Every page passes axe."""

from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo.story.directory import USERS
from officials.models import Official
from partners.models import Organisation

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

STAFF = next(user for user in USERS if user.key == "phss_staff")


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=StringIO())


@pytest.fixture
def staff_page(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(STAFF.email)
    page.get_by_label("Password").fill(STAFF.password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("Officials")
    return page


def test_staff_adds_a_likely_duplicate_confirms_and_sees_the_new_page(
    staff_page, live_server, screenshot, axe_violations
):
    page = staff_page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Officials").click()
    expect(page.get_by_role("heading", name="Officials", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Mr John Elungata")).to_be_visible()
    assert axe_violations() == []
    screenshot("directory-officials-list")

    page.get_by_role("link", name="Add an official").click()
    expect(page.get_by_role("heading", name="Add an official")).to_be_visible()
    assert axe_violations() == []
    screenshot("directory-official-form")

    page.get_by_label("Honorific").select_option("Mr")
    page.get_by_label("Full name").fill("Noor Abdi Gabow")
    page.get_by_label("Organisation").fill("administration")
    page.get_by_role("option", name="Administration Police Service").click()
    page.get_by_label("Country served").select_option("KE")
    page.get_by_label("Gender").select_option("male")
    page.get_by_role("button", name="Add to the directory").click()

    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("This person may already be in the directory")
    existing = warning.get_by_role("link", name="Mr Noor Gabow")
    expect(existing).to_have_attribute("target", "_blank")
    expect(page.get_by_label("Full name")).to_have_value("Noor Abdi Gabow")
    expect(page.get_by_label("Organisation")).to_have_value("Administration Police Service (APS)")
    assert Official.objects.filter(full_name__icontains="gabow").count() == 1
    assert axe_violations() == []
    screenshot("directory-official-duplicate-warning")

    page.get_by_label("This is a different person: save anyway").check()
    page.get_by_role("button", name="Add to the directory").click()

    expect(page.get_by_role("heading", name="Mr Noor Abdi Gabow", level=1)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Noor Abdi Gabow was added")
    expect(
        page.get_by_role("link", name="Administration Police Service (APS)").first
    ).to_be_visible()
    assert Official.objects.filter(full_name__icontains="gabow").count() == 2
    assert axe_violations() == []
    screenshot("directory-official-created")


def test_directory_pages_pass_axe(staff_page, live_server, screenshot, axe_violations):
    page = staff_page
    elungata = Official.objects.get(full_name="John Elungata")
    iom_kenya = Organisation.objects.get(name="IOM Kenya")
    pages = [
        ("directory-official-detail", f"/officials/{elungata.pk}/", "Mr John Elungata"),
        ("directory-official-edit", f"/officials/{elungata.pk}/edit/", "Edit Mr John Elungata"),
        ("directory-organisations-list", "/partners/organisations/", "Organisations"),
        ("directory-organisation-detail", f"/partners/organisations/{iom_kenya.pk}/", "IOM Kenya"),
        ("directory-organisation-form", "/partners/organisations/new/", "Add an organisation"),
    ]
    for name, path, heading in pages:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert axe_violations() == [], name
        screenshot(name)

    page.set_viewport_size({"width": 390, "height": 844})  # a phone
    for name, path, heading in pages[:1] + pages[2:3]:
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        assert axe_violations() == [], name
        screenshot(f"{name}-phone")


def test_officials_list_filters_by_organisation_with_the_combobox(
    staff_page, live_server, screenshot, axe_violations
):
    page = staff_page
    page.goto(f"{live_server.url}/officials/")
    page.get_by_label("Organisation").fill("iom mombasa")
    page.get_by_role("option", name="IOM Mombasa sub-office").click()
    page.get_by_label("Gender").select_option("female")
    page.get_by_role("button", name="Search").click()

    expect(page.get_by_role("status")).to_contain_text("4 officials")
    expect(page.get_by_role("link", name="Ms Yoko Fujimura")).to_be_visible()
    expect(page.get_by_role("link", name="Mr Sam Cobrado")).to_have_count(0)
    assert axe_violations() == []
    screenshot("directory-officials-filtered")


def test_organisation_duplicate_warning_in_the_browser(
    staff_page, live_server, screenshot, axe_violations
):
    page = staff_page
    page.goto(f"{live_server.url}/partners/organisations/new/")
    page.get_by_label("Name").fill("Kenya IOM")
    page.get_by_label("Kind").select_option("international")
    page.get_by_label("Country").select_option("KE")
    page.get_by_role("button", name="Add to the directory").click()

    expect(page.get_by_role("alert")).to_contain_text("IOM Kenya")
    assert axe_violations() == []
    screenshot("directory-organisation-duplicate-warning")
