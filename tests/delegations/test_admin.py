"""The delegations admin: saves through the services, planning and review actions, locks."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from delegations.enums import MemberRole, PlanningStatus, ReportStatus, ReviewAction
from delegations.models import Delegation, DelegationMember, Report
from delegations.services import delegation_update, report_approve, report_submit
from partners.enums import ProgrammeRole
from tests.factories.accounts import AdministratorFactory, UserFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.officials import OfficialFactory
from tests.factories.partners import ProgrammeMembershipFactory
from tests.support.admin import change_url, management_data, messages_of

ADD_URL = reverse("admin:delegations_delegation_add")
DELEGATIONS_URL = reverse("admin:delegations_delegation_changelist")
REPORTS_URL = reverse("admin:delegations_report_changelist")


def delegation_form(programme, **overrides) -> dict:
    return {
        "title": "Cabo Delgado delegation to Kenya",
        "programme": programme.pk,
        "sending_countries": ["MZ"],
        "host_country": "KE",
        "start_date": "2019-07-22",
        "end_date": "2019-07-26",
        **overrides,
    }


def member_rows(*rows: tuple) -> dict:
    data = {"members-TOTAL_FORMS": str(len(rows)), "members-INITIAL_FORMS": "0"}
    for index, (official, role) in enumerate(rows):
        data |= {
            f"members-{index}-official": official.pk,
            f"members-{index}-role": role,
            f"members-{index}-position": "",
            f"members-{index}-order": "0",
        }
    return data


@pytest.fixture
def reviewer_client(db):
    """A second administrator: four eyes need someone who did not write the report."""
    client = Client()
    client.force_login(AdministratorFactory())
    return client


@pytest.fixture
def complete_delegation(programme, manager):
    """Ready to submit, in a programme with a manager to review it."""
    delegation = DelegationFactory(programme=programme)
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    ItineraryItemFactory(delegation=delegation)
    Report.objects.filter(delegation=delegation).update(summary="What the delegation learnt.")
    delegation.report.refresh_from_db()
    return delegation


def test_delegation_add_creates_the_report_and_the_members(admin_client, administrator, programme):
    head = OfficialFactory(position="Provincial Secretary")
    data = management_data(admin_client, ADD_URL) | delegation_form(programme)
    data |= member_rows((head, MemberRole.HEAD))

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    delegation = Delegation.objects.get(title="Cabo Delgado delegation to Kenya")
    assert delegation.report.status == ReportStatus.DRAFT
    assert delegation.report.last_edited_by == administrator
    assert delegation.last_edited_by == administrator
    member = delegation.members.get()
    assert (member.official, member.role) == (head, MemberRole.HEAD)
    assert member.position == "Provincial Secretary"  # member_add's default
    assert delegation.history.get().history_user == administrator


def test_delegation_add_with_two_heads_shows_the_error_and_creates_nothing(admin_client, programme):
    first, second = OfficialFactory(), OfficialFactory()
    data = management_data(admin_client, ADD_URL) | delegation_form(programme)
    data |= member_rows((first, MemberRole.HEAD), (second, MemberRole.HEAD))

    response = admin_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert "is already the head of this delegation" in response.content.decode()
    assert response.context["adminform"].form.data["title"] == data["title"]
    assert not Delegation.objects.exists()
    assert not DelegationMember.objects.exists()


def test_delegation_change_refuses_a_lost_update(admin_client, administrator, programme):
    delegation = DelegationFactory(programme=programme, title="Original title")
    url = change_url(delegation)
    data = management_data(admin_client, url) | delegation_form(programme, title="Mine")
    data["expected_version"] = delegation.version
    delegation_update(delegation=delegation, actor=administrator, data={"purpose": "Theirs"})

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert "Someone else saved this since you opened it" in response.content.decode()
    delegation.refresh_from_db()
    assert (delegation.title, delegation.purpose) == ("Original title", "Theirs")


def test_delegation_change_goes_through_delegation_update(admin_client, administrator, programme):
    delegation = DelegationFactory(programme=programme)
    url = change_url(delegation)
    data = management_data(admin_client, url) | delegation_form(programme, title="New title")
    data["expected_version"] = delegation.version

    response = admin_client.post(url, data)

    assert response.status_code == 302
    delegation.refresh_from_db()
    assert delegation.title == "New title"
    assert delegation.version == 2
    assert delegation.last_edited_by == administrator


@pytest.mark.parametrize(
    ("start", "action", "reason", "expected", "message"),
    [
        (PlanningStatus.DRAFT, "mark_planned", "", PlanningStatus.PLANNED, "is now “Planned”"),
        (PlanningStatus.CONFIRMED, "mark_completed", "", PlanningStatus.COMPLETED, "“Completed”"),
        (PlanningStatus.PLANNED, "mark_cancelled", "", PlanningStatus.CANCELLED, "“Cancelled”"),
        (
            PlanningStatus.CANCELLED,
            "mark_completed",
            "",
            PlanningStatus.CANCELLED,
            "cannot go from",
        ),
        (PlanningStatus.CANCELLED, "mark_draft", "", PlanningStatus.CANCELLED, "Say why"),
        (PlanningStatus.CANCELLED, "mark_draft", "Rescheduled", PlanningStatus.DRAFT, "“Draft”"),
    ],
)
def test_delegation_status_actions_go_through_the_service(
    admin_client, start, action, reason, expected, message
):
    delegation = DelegationFactory(title="Cabo Delgado visit", status=start)

    response = admin_client.post(
        DELEGATIONS_URL,
        {"action": action, "_selected_action": [delegation.pk], "comment": reason},
        follow=True,
    )

    delegation.refresh_from_db()
    assert delegation.status == expected
    assert any(message in text for text in messages_of(response))


def test_locked_delegation_is_shown_read_only_and_refuses_changes(admin_client, programme):
    delegation = DelegationFactory(programme=programme, locked=True, title="Approved visit")
    url = change_url(delegation)

    page = admin_client.get(url)
    refused = admin_client.post(url, delegation_form(programme, title="Changed"))

    content = page.content.decode()
    assert page.status_code == 200
    assert "read-only until an administrator reopens the report" in content
    assert 'name="title"' not in content
    assert refused.status_code == 403
    delegation.refresh_from_db()
    assert delegation.title == "Approved visit"


def test_delegation_delete_takes_its_report_along(admin_client):
    delegation = DelegationFactory()
    url = reverse("admin:delegations_delegation_delete", args=[delegation.pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 302
    assert not Delegation.objects.filter(pk=delegation.pk).exists()
    assert not Report.objects.filter(delegation_id=delegation.pk).exists()


def test_report_submit_action_refuses_an_incomplete_report(admin_client):
    report = DelegationFactory().report

    response = admin_client.post(
        REPORTS_URL, {"action": "submit_reports", "_selected_action": [report.pk]}, follow=True
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert any("cannot be submitted yet" in text for text in messages_of(response))


def test_report_submit_action_submits_a_complete_report(
    admin_client, administrator, complete_delegation
):
    report = complete_delegation.report

    response = admin_client.post(
        REPORTS_URL, {"action": "submit_reports", "_selected_action": [report.pk]}, follow=True
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_by == administrator
    assert "1 report submitted for review." in messages_of(response)


def test_report_approve_action_refuses_the_author_four_eyes(
    admin_client, administrator, complete_delegation
):
    report = report_submit(report=complete_delegation.report, actor=administrator)

    response = admin_client.post(
        REPORTS_URL, {"action": "approve_reports", "_selected_action": [report.pk]}, follow=True
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert any("four eyes" in text for text in messages_of(response))
    assert not complete_delegation.report.events.filter(action=ReviewAction.APPROVE).exists()


@pytest.mark.parametrize(
    ("approved_first", "action", "comment", "expected", "locked", "message"),
    [
        (False, "approve_reports", "", ReportStatus.APPROVED, True, "1 report approved."),
        (False, "request_changes", "Add figures", ReportStatus.CHANGES_REQUESTED, False, "back"),
        (False, "request_changes", "", ReportStatus.SUBMITTED, False, "Say what needs to change"),
        (True, "reopen_reports", "Wrong dates", ReportStatus.DRAFT, False, "1 report reopened."),
        (True, "reopen_reports", "", ReportStatus.APPROVED, True, "Say why the report"),
    ],
)
def test_report_review_actions_move_the_report_or_say_why_not(
    administrator,
    reviewer_client,
    complete_delegation,
    approved_first,
    action,
    comment,
    expected,
    locked,
    message,
):
    report = report_submit(report=complete_delegation.report, actor=administrator)
    if approved_first:
        report = report_approve(report=report, actor=AdministratorFactory())

    response = reviewer_client.post(
        REPORTS_URL,
        {"action": action, "_selected_action": [report.pk], "comment": comment},
        follow=True,
    )

    report.refresh_from_db()
    complete_delegation.refresh_from_db()
    assert report.status == expected
    assert complete_delegation.locked is locked
    assert any(message in text for text in messages_of(response))
    if comment:
        assert report.events.latest("created_at").comment == comment


def test_report_narrative_edit_goes_through_report_update(admin_client, administrator):
    report = DelegationFactory().report
    url = change_url(report)
    data = management_data(admin_client, url) | {
        "summary": "The delegation met the County Commissioner.",
        "key_learnings": "",
        "recommendations": "",
        "expected_version": report.version,
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.summary == "The delegation met the County Commissioner."
    assert report.version == 2
    assert report.last_edited_by == administrator


def test_submitted_report_is_shown_read_only(admin_client, administrator, complete_delegation):
    report = report_submit(report=complete_delegation.report, actor=administrator)

    response = admin_client.get(change_url(report))

    content = response.content.decode()
    assert response.status_code == 200
    assert "The report is with the reviewers" in content
    assert 'name="summary"' not in content
    assert "Submitted" in content  # the review trail inline


def test_admin_lists_only_the_programmes_of_a_staff_user_who_is_not_an_administrator(
    client, programme
):
    user = UserFactory(is_staff=True)
    ProgrammeMembershipFactory(user=user, programme=programme, role=ProgrammeRole.STAFF)
    user.user_permissions.add(Permission.objects.get(codename="view_delegation"))
    mine = DelegationFactory(programme=programme, title="Zanzibar visit")
    other = DelegationFactory(title="Quelimane visit")
    client.force_login(user)

    listing = client.get(DELEGATIONS_URL)

    assert change_url(mine) in listing.content.decode()
    assert change_url(other) not in listing.content.decode()
    assert client.get(change_url(other)).status_code == 302  # the admin's "does not exist"


def test_member_add_to_a_locked_delegation_is_refused_with_the_reason(admin_client):
    locked = DelegationFactory(locked=True)
    data = {
        "delegation": locked.pk,
        "official": OfficialFactory().pk,
        "role": MemberRole.MEMBER,
        "position": "",
        "order": "0",
    }

    response = admin_client.post(reverse("admin:delegations_delegationmember_add"), data)

    assert response.status_code == 200
    assert "it is locked until an administrator reopens it" in response.content.decode()
    assert not DelegationMember.objects.exists()
