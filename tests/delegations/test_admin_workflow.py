"""The report's review on the admin's change pages (report and delegation): the buttons
offered are those of the staff review page, and they call the same services."""

import pytest
from django.urls import reverse

from delegations.enums import MemberRole, ReportStatus
from delegations.models import Report
from delegations.services import report_approve, report_submit, report_update
from tests.factories.accounts import AdministratorFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(programme, administrator, manager):
    # `manager`: a report is submitted only where someone can review it (issue 11).
    delegation = DelegationFactory(programme=programme, title="Mombasa port visit")
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    ItineraryItemFactory(delegation=delegation)
    return report_update(report=delegation.report, actor=administrator, summary="Learned.")


def review(client, report, action, comment="", on="report"):
    if on == "report":
        url = reverse("admin:delegations_report_review", args=[report.pk])
    else:
        url = reverse("admin:delegations_delegation_review", args=[report.delegation_id])
    return client.post(url, {"action": action, "comment": comment})


def buttons(client, report, on="report") -> list[str]:
    if on == "report":
        url = reverse("admin:delegations_report_change", args=[report.pk])
    else:
        url = reverse("admin:delegations_delegation_change", args=[report.delegation_id])
    return [name for name, _label in client.get(url).context["review_buttons"]]


@pytest.mark.parametrize("on", ["report", "delegation"])
def test_submit_then_another_administrator_approves(client, report, administrator, on):
    client.force_login(administrator)
    assert buttons(client, report, on) == ["submit"]
    review(client, report, "submit", on=on)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    # Four eyes: the one who last edited it may not decide; an administrator may reopen
    # a submitted report (with a reason) to change it (issue 11).
    assert buttons(client, report, on) == ["reopen"]
    review(client, report, "approve", on=on)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    client.force_login(AdministratorFactory())
    assert buttons(client, report, on) == ["approve", "send_back", "reopen"]
    review(client, report, "approve", on=on)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.delegation.locked


def test_send_back_needs_a_comment_and_keeps_what_was_typed(client, report, administrator):
    report_submit(report=report, actor=administrator)
    reviewer = AdministratorFactory()
    client.force_login(reviewer)

    refused = review(client, report, "send_back", comment="   ")
    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    assert "comment" in refused["Location"]

    review(client, report, "send_back", comment="Add the costs.")
    assert Report.objects.get(pk=report.pk).status == ReportStatus.CHANGES_REQUESTED


def test_reopen_with_a_reason(client, report, administrator):
    report_submit(report=report, actor=administrator)
    other = AdministratorFactory()
    report_approve(report=Report.objects.get(pk=report.pk), actor=other)
    client.force_login(other)
    assert buttons(client, report) == ["reopen"]

    response = review(client, report, "reopen", comment="Wrong date on day 2.")

    assert response["Location"] == reverse("admin:delegations_report_change", args=[report.pk])
    fresh = Report.objects.select_related("delegation").get(pk=report.pk)
    assert fresh.status == ReportStatus.DRAFT and not fresh.delegation.locked


def test_an_unknown_action_or_a_get_changes_nothing(client, report, administrator):
    client.force_login(administrator)
    url = reverse("admin:delegations_report_review", args=[report.pk])
    assert client.get(url).status_code == 405
    client.post(url, {"action": "explode"})
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_delegation_page_shows_its_itinerary_with_edit_links(admin_client, report):
    item = report.delegation.itinerary_items.get()
    page = admin_client.get(
        reverse("admin:delegations_delegation_change", args=[report.delegation_id])
    ).content.decode()
    assert reverse("admin:itinerary_itineraryitem_change", args=[item.pk]) in page
    assert "(Africa/Nairobi)" in page or "(UTC)" in page


def test_view_on_site_for_every_model_with_a_page(admin_client, report):
    delegation = report.delegation
    member = delegation.members.get()
    item = delegation.itinerary_items.get()
    for obj, page in (
        (delegation, reverse("delegations:detail", args=[delegation.pk])),
        (report, reverse("reports:report", args=[delegation.pk])),
        (member.official, reverse("officials:detail", args=[member.official_id])),
        (item, reverse("itinerary:itinerary", args=[delegation.pk]) + f"#item-{item.pk}"),
    ):
        assert obj.get_absolute_url() == page
        opts = obj._meta
        change = admin_client.get(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        )
        assert "View on site" in change.content.decode()


def test_delegation_search_finds_host_country_destination_and_member(admin_client, nairobi):
    delegation = DelegationFactory(title="A study tour", host_country="KE")
    delegation.destinations.add(nairobi)
    DelegationMemberFactory(delegation=delegation, official__full_name="Amina Wanjiru")
    DelegationFactory(title="Elsewhere", host_country="UG")
    url = reverse("admin:delegations_delegation_changelist")
    for term in ("Kenya", nairobi.name, "Wanjiru"):
        found = list(admin_client.get(url, {"q": term}).context["cl"].result_list)
        assert found == [delegation], term


def test_reports_have_a_date_bar_and_a_host_country_filter(admin_client, report):
    response = admin_client.get(
        reverse("admin:delegations_report_changelist"), {"delegation__host_country": "KE"}
    )
    assert list(response.context["cl"].result_list) == [report]
    assert response.context["cl"].date_hierarchy == "delegation__start_date"
    assert (
        not admin_client.get(
            reverse("admin:delegations_report_changelist"), {"delegation__host_country": "UG"}
        )
        .context["cl"]
        .result_list
    )


def test_admin_header_says_exchange(admin_client):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "Exchange administration" in page and "Django administration" not in page
