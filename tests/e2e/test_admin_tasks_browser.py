"""The seven administrator tasks of issue 18, run in Chromium as a new administrator
would, each printing its page loads and posts: onboard a programme with staff and a
manager, deactivate and hand over, find and export, merge, fix a time, unlock, reopen."""

import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.models import User
from delegations.enums import MemberRole, ReportStatus
from delegations.models import Report
from delegations.services import report_approve, report_submit, report_update
from partners.enums import ProgrammeRole
from partners.models import Organisation, Programme, ProgrammeMembership
from tests.factories.accounts import PASSWORD, AdministratorFactory, UserFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.partners import OrganisationFactory, ProgrammeMembershipFactory
from tests.factories.places import PlaceFactory

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


class Counter:
    """Counts the documents the browser loads and the forms it posts."""

    def __init__(self, page):
        self.loads = self.posts = 0
        page.on("request", self.sent)
        page.on("framenavigated", self.loaded)

    def sent(self, request) -> None:
        if request.is_navigation_request() and request.method == "POST":
            self.posts += 1

    def loaded(self, frame) -> None:
        if frame.parent_frame is None:
            self.loads += 1

    def task(self, name: str):
        counter = self

        class Task:
            def __enter__(self):
                self.start = (counter.loads, counter.posts)

            def __exit__(self, *exc):
                if exc[0] is None:
                    loads, posts = counter.loads - self.start[0], counter.posts - self.start[1]
                    print(f"\n{name}: {loads} page loads, {posts} posts")

        return Task()


def choose(page, field_id: str, text: str) -> None:
    """Pick `text` in one of the admin's autocompletes (select2)."""
    page.locator(f"#select2-{field_id}-container").locator("xpath=..").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def run_action(page, action: str, comment: str | None = None) -> None:
    page.locator("select[name=action]").select_option(action)
    if comment is not None:
        page.locator("input[name=comment]").fill(comment)
    page.locator("button[name=index]").click()


def invite(page, url: str, email: str, name: str, programme: str, role: str) -> None:
    page.goto(f"{url}/admin/accounts/user/add/")
    page.locator("#id_email").fill(email)
    page.locator("#id_full_name").fill(name)
    page.get_by_text("Add another Programme role").click()
    choose(page, "id_memberships-0-programme", programme)
    page.locator("select[name='memberships-0-role']").select_option(role)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was mailed a link")


@pytest.fixture
def world(db):
    administrator = AdministratorFactory(email="root@example.org")
    other_admin = AdministratorFactory(email="second@example.org")
    OrganisationFactory(name="Kenya Ports Authority", acronym="KPA")
    kept = OrganisationFactory(name="IOM Kenya", country="KE")
    duplicate = OrganisationFactory(name="I.O.M. Kenya", country="KE")
    mombasa = PlaceFactory(name="Mombasa", country="KE", timezone="Africa/Nairobi")
    hosted = DelegationFactory(
        title="Port health study tour",
        host_country="KE",
        host_organisation=duplicate,
        start_date="2019-07-22",
    )
    hosted.destinations.add(mombasa)
    DelegationMemberFactory(delegation=hosted, role=MemberRole.HEAD)
    item = ItineraryItemFactory(delegation=hosted, title="Visit to the port clinic", place=mombasa)
    item.organisations.add(duplicate)
    # Submitting needs another active manager of the programme to review it.
    ProgrammeMembershipFactory(
        user=other_admin, programme=hosted.programme, role=ProgrammeRole.MANAGER
    )
    report = report_update(report=hosted.report, actor=administrator, summary="Learned much.")
    report_submit(report=report, actor=administrator)
    report_approve(report=Report.objects.get(pk=report.pk), actor=other_admin)
    open_visit = DelegationFactory(title="Uganda border visit", host_country="UG")
    open_item = ItineraryItemFactory(delegation=open_visit, title="Border post briefing")
    leaving = UserFactory(email="leaving@example.org", full_name="Leaving Staff")
    UserFactory(email="successor@example.org", full_name="Amani Successor")
    locked = UserFactory(email="locked@example.org", full_name="Locked Out")
    AccessAttempt.objects.create(
        username=locked.email,
        ip_address="10.1.1.1",
        user_agent="x",
        get_data="",
        post_data="",
        http_accept="",
        path_info="/accounts/login/",
        attempt_time=timezone.now(),
        failures_since_start=settings.AXES_FAILURE_LIMIT,
    )
    return {
        "kept": kept,
        "duplicate": duplicate,
        "item": item,
        "report": report,
        "leaving": leaving,
        "locked": locked,
        "hosted": hosted,
        "open_visit": open_visit,
        "open_item": open_item,
    }


def test_the_seven_administrator_tasks(page, live_server, world, screenshot, mailoutbox):
    url = live_server.url
    mailoutbox.clear()  # the review mails of the world's set-up
    count = Counter(page)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{url}/admin/login/")
    page.get_by_label("Email address").fill("root@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#site-name")).to_contain_text("Exchange administration")

    with count.task("1. Onboard a programme with staff and manager"):
        page.goto(f"{url}/admin/partners/programme/add/")
        page.locator("#id_code").fill("KPH")
        page.locator("#id_name").fill("Kenya Port Health")
        choose(page, "id_lead_organisation", "Kenya Ports Authority")
        page.locator("#id_countries_input").fill("Kenya")
        page.locator("#id_countries_from option", has_text="Kenya").first.dblclick()
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")
        invite(page, url, "neema@example.org", "Neema Otieno", "KPH", ProgrammeRole.STAFF)
        invite(page, url, "baraka@example.org", "Baraka Mwangi", "KPH", ProgrammeRole.MANAGER)
    programme = Programme.objects.get(code="KPH")
    assert list(programme.countries) == ["KE"]
    assert set(programme.memberships.values_list("user__email", "role")) == {
        ("neema@example.org", ProgrammeRole.STAFF),
        ("baraka@example.org", ProgrammeRole.MANAGER),
    }
    assert len(mailoutbox) == 2

    with count.task("2. Deactivate and hand over"):
        ProgrammeMembershipFactory(user=world["leaving"], programme=programme)
        page.goto(f"{url}/admin/accounts/user/?q=leaving")
        page.locator("input[name=_selected_action]").first.check()
        run_action(page, "deactivate")
        expect(page.locator(".messagelist")).to_contain_text("1 user deactivated")
        page.goto(f"{url}/admin/partners/programme/{programme.pk}/change/")
        page.get_by_text("Add another Programme membership").click()
        rows = page.locator("tr.dynamic-memberships")
        last = rows.last.get_attribute("id")
        index = re.search(r"(\d+)$", last).group(1)
        choose(page, f"id_memberships-{index}-user", "Amani Successor")
        page.locator(f"select[name='memberships-{index}-role']").select_option(ProgrammeRole.STAFF)
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    assert not User.objects.get(email="leaving@example.org").is_active
    assert ProgrammeMembership.objects.filter(
        programme=programme, user__email="successor@example.org"
    ).exists()

    with count.task("3. Find and export (hosted in Kenya in 2019, report approved)"):
        page.goto(f"{url}/admin/delegations/delegation/")
        page.locator("#changelist-filter").get_by_role("link", name="Kenya", exact=True).click()
        page.locator("#changelist-filter").get_by_role("link", name="Approved", exact=True).click()
        page.locator("#action-toggle").check()
        page.locator("select[name=action]").select_option("export_xlsx")
        with page.expect_download() as download:
            page.locator("button[name=index]").click()
        assert download.value.suggested_filename == "delegations.xlsx"
        titles = [
            row[0]
            for row in load_workbook(
                io.BytesIO(Path(download.value.path()).read_bytes())
            ).active.values
        ]
        assert titles == ["Title", "Port health study tour"]
    screenshot("admin-18-delegation-list")

    with count.task("4. Merge a duplicate organisation"):
        page.goto(f"{url}/admin/partners/organisation/")
        page.get_by_role("link", name="Possible duplicates").click()
        page.get_by_role("link", name="Merge into the first…").click()
        expect(page.locator("#merge-by-delegation")).to_contain_text("Port health study tour")
        screenshot("admin-18-merge")
        page.get_by_role("button", name="Merge and delete the duplicate").click()
        expect(page.locator(".messagelist")).to_contain_text("Merged")
    assert not Organisation.objects.filter(pk=world["duplicate"].pk).exists()
    assert list(world["item"].organisations.all()) == [world["kept"]]

    with count.task("5. Fix a time"):
        page.goto(f"{url}/admin/delegations/delegation/{world['open_visit'].pk}/change/")
        screenshot("admin-18-delegation-change")
        page.get_by_role("link", name="Border post briefing").click()
        page.locator("input[name=starts_at_1]").fill("09:30")
        page.get_by_role("button", name="Save", exact=True).click()
        expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    world["open_item"].refresh_from_db()
    zone = ZoneInfo("Africa/Nairobi")
    assert world["open_item"].starts_at.astimezone(zone).strftime("%H:%M") == "09:30"

    with count.task("6. Unlock a locked-out user"):
        page.goto(f"{url}/admin/accounts/user/?locked_out=yes")
        expect(page.locator("#result_list")).to_contain_text("locked@example.org")
        screenshot("admin-18-user-list")
        page.locator("input[name=_selected_action]").first.check()
        run_action(page, "unlock")
        expect(page.locator(".messagelist")).to_contain_text("1 user unlocked")
    assert not AccessAttempt.objects.filter(username="locked@example.org").exists()

    with count.task("7. Reopen an approved report"):
        page.goto(f"{url}/admin/delegations/report/{world['report'].pk}/change/")
        page.locator("#review-comment").fill("The port visit time was wrong.")
        screenshot("admin-18-report-review")
        page.get_by_role("button", name="Reopen").click()
        expect(page.locator(".messagelist")).to_contain_text("reopened")
    assert Report.objects.get(pk=world["report"].pk).status == ReportStatus.DRAFT
