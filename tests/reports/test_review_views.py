"""The review page: every transition through the page, allowed and refused."""

import pytest
from django.core import mail
from django.urls import reverse

from delegations.enums import MemberRole, ReportStatus, ReviewAction
from delegations.models import Delegation, Report, ReviewEvent
from delegations.services import (
    report_approve,
    report_request_changes,
    report_submit,
    report_update,
)
from partners.enums import ProgrammeRole
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.partners import ProgrammeMembershipFactory
from tests.support.queries import assert_constant_queries

TITLE = "Cabo Delgado delegation to Kenya"


@pytest.fixture
def other_manager(programme):
    user = UserFactory(email="manager2@example.org")
    ProgrammeMembershipFactory(user=user, programme=programme, role=ProgrammeRole.MANAGER)
    return user


@pytest.fixture
def delegation(programme, staff_user):
    """A delegation whose report is complete enough to submit."""
    delegation = DelegationFactory(programme=programme, title=TITLE)
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    ItineraryItemFactory(delegation=delegation)
    report_update(report=delegation.report, actor=staff_user, summary="A week of learning.")
    return Delegation.objects.get(pk=delegation.pk)


@pytest.fixture
def incomplete(programme):
    return DelegationFactory(programme=programme, title="An empty visit")


@pytest.fixture
def submitted(delegation, staff_user, manager):
    report_submit(report=delegation.report, actor=staff_user)
    return Delegation.objects.get(pk=delegation.pk)


def _url(delegation) -> str:
    return reverse("reports:review", args=[delegation.pk])


def _status(delegation) -> str:
    return Report.objects.get(delegation=delegation).status


def _text(response) -> str:
    return response.content.decode()


def test_review_anonymous_goes_to_login(client, delegation):
    response = client.get(_url(delegation))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_review_other_programme_is_404(other_staff_client, delegation):
    assert other_staff_client.get(_url(delegation)).status_code == 404
    response = other_staff_client.post(_url(delegation), {"action": "submit"})
    assert response.status_code == 404
    assert _status(delegation) == ReportStatus.DRAFT


def test_review_draft_shows_missing_pieces_and_edit_form(staff_client, incomplete):
    response = staff_client.get(_url(incomplete))
    text = _text(response)
    for piece in ("at least one delegation member", "a head of delegation", "a summary"):
        assert piece in text
    assert 'name="summary"' in text
    assert "Submit for review" in text


def test_review_submit_incomplete_lists_missing_pieces(staff_client, incomplete):
    response = staff_client.post(_url(incomplete), {"action": "submit"}, follow=True)
    text = _text(response)
    assert "cannot be submitted yet" in text
    assert "a head of delegation" in text
    assert _status(incomplete) == ReportStatus.DRAFT
    assert not ReviewEvent.objects.exists()


def test_review_submit_ok_mails_managers(
    staff_client, delegation, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_url(delegation), {"action": "submit"}, follow=True)
    assert "submitted for review" in _text(response)
    assert _status(delegation) == ReportStatus.SUBMITTED
    assert [m.to for m in mail.outbox] == [[manager.email]]
    assert TITLE in mail.outbox[0].subject


def test_review_mail_goes_to_each_recipient_separately(
    staff_client, delegation, manager, other_manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(_url(delegation), {"action": "submit"}, follow=True)

    assert sorted(m.to for m in mail.outbox) == sorted([[manager.email], [other_manager.email]])
    assert all(not m.cc and not m.bcc for m in mail.outbox)


def test_review_manager_is_read_only_on_a_draft(manager_client, delegation):
    text = _text(manager_client.get(_url(delegation)))
    assert "A week of learning." in text
    assert 'name="summary"' not in text
    assert "Submit for review" not in text
    assert "Approve the report" not in text


@pytest.mark.parametrize("action", ["save", "submit"])
def test_review_manager_cannot_write_a_draft(manager_client, delegation, action):
    data = {"action": action, "version": 2, "summary": "Changed", "key_learnings": ""}
    response = manager_client.post(_url(delegation), {**data, "recommendations": ""})
    assert response.status_code == 403
    report = Report.objects.get(delegation=delegation)
    assert report.status == ReportStatus.DRAFT
    assert report.summary == "A week of learning."


def test_review_staff_cannot_save_an_approved_report(staff_client, delegation, manager):
    report_submit(report=delegation.report, actor=delegation.report.last_edited_by)
    report_approve(report=Report.objects.get(delegation=delegation), actor=manager)
    text = _text(staff_client.get(_url(delegation)))
    assert 'name="summary"' not in text and "Submit for review" not in text
    response = staff_client.post(
        _url(delegation),
        {"action": "save", "version": 5, "summary": "Late edit", "key_learnings": ""},
    )
    assert response.status_code == 403
    assert Report.objects.get(delegation=delegation).summary == "A week of learning."


def test_review_manager_approves_and_authors_are_mailed(
    manager_client, submitted, staff_user, django_capture_on_commit_callbacks
):
    text = _text(manager_client.get(_url(submitted)))
    assert "Approve the report" in text and "Send back for changes" in text
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            _url(submitted), {"action": "approve", "approve-comment": "Well done."}, follow=True
        )
    assert "The report was approved." in _text(response)
    assert _status(submitted) == ReportStatus.APPROVED
    assert Delegation.objects.get(pk=submitted.pk).locked
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    assert "Well done." in _text(response)  # in the timeline


def test_review_four_eyes_refuses_the_author(
    client, delegation, other_manager, manager, staff_user
):
    """A manager who last edited the report cannot decide on it: the page says so."""
    report_update(report=delegation.report, actor=other_manager, summary="Edited by the manager.")
    report_submit(report=Report.objects.get(delegation=delegation), actor=staff_user)
    client.force_login(other_manager)
    text = _text(client.get(_url(delegation)))
    assert "another manager must decide (four eyes)" in text
    assert "Approve the report" not in text
    response = client.post(_url(delegation), {"action": "approve"}, follow=True)
    assert "another manager must decide (four eyes)" in _text(response)
    assert _status(delegation) == ReportStatus.SUBMITTED


def test_review_four_eyes_applies_to_administrators(client, submitted, administrator):
    report_request_changes(report=submitted.report, actor=administrator, comment="Fix it.")
    report_update(
        report=Report.objects.get(delegation=submitted), actor=administrator, summary="Mine."
    )
    report_submit(report=Report.objects.get(delegation=submitted), actor=administrator)
    client.force_login(administrator)
    assert "Approve the report" not in _text(client.get(_url(submitted)))
    response = client.post(_url(submitted), {"action": "approve"}, follow=True)
    assert "four eyes" in _text(response)
    assert _status(submitted) == ReportStatus.SUBMITTED


def test_review_send_back_without_comment_is_refused(manager_client, submitted):
    response = manager_client.post(
        _url(submitted), {"action": "send_back", "send_back-comment": "  "}
    )
    assert response.status_code == 200
    assert "This field is required." in _text(response)
    assert _status(submitted) == ReportStatus.SUBMITTED


def test_review_send_back_with_comment_and_staff_sees_why(
    client, manager, staff_user, submitted, django_capture_on_commit_callbacks
):
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            _url(submitted),
            {"action": "send_back", "send_back-comment": "Name the counterparts met."},
        )
    assert _status(submitted) == ReportStatus.CHANGES_REQUESTED
    assert [m.to for m in mail.outbox] == [[staff_user.email]]
    client.force_login(staff_user)
    text = _text(client.get(_url(submitted)))
    assert "Changes requested" in text
    assert "Name the counterparts met." in text
    assert 'name="summary"' in text


def test_review_staff_cannot_approve(staff_client, submitted):
    text = _text(staff_client.get(_url(submitted)))
    assert "Approve the report" not in text
    response = staff_client.post(_url(submitted), {"action": "approve"}, follow=True)
    assert "Only a manager of this programme can decide" in _text(response)
    assert _status(submitted) == ReportStatus.SUBMITTED


def test_review_second_decision_is_refused_with_a_message(manager_client, submitted, other_manager):
    report_approve(report=submitted.report, actor=other_manager)
    response = manager_client.post(
        _url(submitted), {"action": "send_back", "send_back-comment": "Too late?"}, follow=True
    )
    assert response.status_code == 200
    assert "someone else acted on it first" in _text(response)
    assert _status(submitted) == ReportStatus.APPROVED


@pytest.fixture
def approved(submitted, manager):
    report_approve(report=submitted.report, actor=manager)
    return Delegation.objects.get(pk=submitted.pk)


@pytest.mark.parametrize("who", ["staff", "manager"])
def test_review_only_administrators_reopen(client, approved, staff_user, manager, who):
    client.force_login(staff_user if who == "staff" else manager)
    assert "Reopen the report" not in _text(client.get(_url(approved)))
    response = client.post(
        _url(approved), {"action": "reopen", "reopen-comment": "Because."}, follow=True
    )
    assert "Only an administrator can reopen" in _text(response)
    assert _status(approved) == ReportStatus.APPROVED


def test_review_reopen_needs_a_reason(admin_client, approved):
    response = admin_client.post(_url(approved), {"action": "reopen", "reopen-comment": ""})
    assert "This field is required." in _text(response)
    assert _status(approved) == ReportStatus.APPROVED


def test_review_admin_reopens_with_a_reason(
    admin_client, approved, manager, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            _url(approved), {"action": "reopen", "reopen-comment": "A date was wrong."}, follow=True
        )
    assert "The report was reopened." in _text(response)
    assert _status(approved) == ReportStatus.DRAFT
    assert not Delegation.objects.get(pk=approved.pk).locked
    assert manager.email in {address for m in mail.outbox for address in m.to}
    event = ReviewEvent.objects.get(action=ReviewAction.REOPEN)
    assert event.comment == "A date was wrong."


def test_review_save_narrative(staff_client, delegation):
    report = Report.objects.get(delegation=delegation)
    response = staff_client.post(
        _url(delegation),
        {
            "action": "save",
            "version": report.version,
            "summary": "New summary.",
            "key_learnings": "Listen first.",
            "recommendations": "",
        },
        follow=True,
    )
    assert "The report was saved." in _text(response)
    report.refresh_from_db()
    assert (report.summary, report.key_learnings) == ("New summary.", "Listen first.")


def test_review_save_stale_version_keeps_what_was_typed(staff_client, delegation, staff_user):
    report = Report.objects.get(delegation=delegation)
    stale = report.version
    report_update(report=report, actor=staff_user, summary="Someone else's text.")
    response = staff_client.post(
        _url(delegation),
        {
            "action": "save",
            "version": stale,
            "summary": "My careful text.",
            "key_learnings": "",
            "recommendations": "",
        },
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Someone else saved this since you opened it" in text
    assert "My careful text." in text
    assert Report.objects.get(delegation=delegation).summary == "Someone else's text."


def test_review_unknown_action_is_a_message(staff_client, delegation):
    response = staff_client.post(_url(delegation), {"action": "explode"}, follow=True)
    assert "Choose an action." in _text(response)


def test_review_timeline_newest_first_with_comments(
    manager_client, submitted, other_manager, staff_user
):
    report_request_changes(report=submitted.report, actor=other_manager, comment="First round.")
    report_submit(report=Report.objects.get(delegation=submitted), actor=staff_user)
    report_request_changes(
        report=Report.objects.get(delegation=submitted),
        actor=other_manager,
        comment="Second round.",
    )
    text = _text(manager_client.get(_url(submitted)))
    timeline = text[text.index('data-testid="timeline"') :]
    assert timeline.index("Second round.") < timeline.index("First round.")
    assert str(other_manager) in timeline


def test_review_query_count_is_constant(manager_client, submitted, other_manager, staff_user):
    def add_rows(n):
        # Each round sends the report back, adds a member and submits it again: the page
        # always shows a submitted report with its timeline and what changed since.
        for i in range(n):
            report = Report.objects.get(delegation=submitted)
            report_request_changes(report=report, actor=other_manager, comment=f"Round {i}")
            DelegationMemberFactory(delegation=submitted)
            report_submit(report=Report.objects.get(delegation=submitted), actor=staff_user)

    add_rows(1)  # submitted again once: "what changed" is on the page from the start
    assert_constant_queries(manager_client, _url(submitted), add_rows)


def test_review_save_with_a_broken_version_is_a_message_not_a_500(staff_client, delegation):
    response = staff_client.post(
        _url(delegation),
        {"action": "save", "version": "x", "summary": "Kept text.", "key_learnings": ""},
    )
    assert response.status_code == 200
    text = _text(response)
    assert "Please correct the errors below." in text
    assert "Kept text." in text
    assert Report.objects.get(delegation=delegation).summary == "A week of learning."
