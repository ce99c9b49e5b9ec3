"""The report's review: submit, approve, send back, reopen; four eyes, mail and races."""

import threading
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction

from delegations.enums import MemberRole, ReportStatus, ReviewAction
from delegations.models import Delegation, Report, ReviewEvent
from delegations.services import (
    SUBMISSION_CHECKS,
    ConflictError,
    delegation_update,
    register_submission_check,
    report_approve,
    report_missing_pieces,
    report_reopen,
    report_request_changes,
    report_submit,
    report_update,
)
from itinerary.services import itinerary_submission_check
from partners.enums import ProgrammeRole
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.partners import ProgrammeMembershipFactory

TITLE = "Cabo Delgado delegation to Kenya"
# A head of delegation is no longer one: a group may travel without (head_is_missing).
MISSING = {
    "member": "at least one delegation member",
    "summary": "a summary",
    "item": "at least one itinerary item",
}
ACTED_FIRST = "someone else acted on it first"


def _member_of(programme, role, **user_fields):
    user = UserFactory(**user_fields)
    ProgrammeMembershipFactory(user=user, programme=programme, role=role)
    return user


@pytest.fixture
def other_manager(programme):
    return _member_of(programme, ProgrammeRole.MANAGER, email="manager2@example.org")


@pytest.fixture
def outsider_manager(db):
    """A manager, but of another programme."""
    return _member_of(
        ProgrammeMembershipFactory().programme, ProgrammeRole.MANAGER, email="elsewhere@example.org"
    )


@pytest.fixture
def delegation(programme, staff_user):
    """A delegation whose report is complete enough to submit."""
    delegation = DelegationFactory(programme=programme, title=TITLE)
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    ItineraryItemFactory(delegation=delegation)
    report_update(report=delegation.report, actor=staff_user, summary="A week of learning.")
    return Delegation.objects.get(pk=delegation.pk)


@pytest.fixture
def report(delegation):
    return Report.objects.get(delegation=delegation)


@pytest.fixture
def submitted(report, staff_user, manager):
    return report_submit(report=report, actor=staff_user)


@pytest.fixture
def approved(submitted, manager):
    return report_approve(report=submitted, actor=manager)


def _fresh(report) -> Report:
    return Report.objects.select_related("delegation").get(pk=report.pk)


def _actions(report) -> list[str]:
    return list(ReviewEvent.objects.filter(report=report).values_list("action", flat=True))


# --- what is missing -----------------------------------------------------------------------


def test_report_missing_pieces_names_each_piece(programme):
    delegation = DelegationFactory(programme=programme)

    assert report_missing_pieces(delegation) == list(MISSING.values())


@pytest.mark.parametrize(
    ("spoil", "missing"),
    [
        (lambda d: d.members.update(role=MemberRole.MEMBER), []),
        (lambda d: d.members.all().delete(), ["member"]),
        (lambda d: d.itinerary_items.all().delete(), ["item"]),
        (lambda d: Report.objects.filter(delegation=d).update(summary="  \n "), ["summary"]),
        (lambda d: None, []),
    ],
    ids=["no-head", "no-member", "no-item", "blank-summary", "complete"],
)
def test_report_missing_pieces_for_one_gap(delegation, spoil, missing):
    spoil(delegation)

    fresh = Delegation.objects.get(pk=delegation.pk)
    assert report_missing_pieces(fresh) == [MISSING[piece] for piece in missing]


def test_submission_check_registered_once():
    register_submission_check(itinerary_submission_check)
    register_submission_check(itinerary_submission_check)

    assert SUBMISSION_CHECKS.count(itinerary_submission_check) == 1


# --- submit ----------------------------------------------------------------------------------


def test_report_submit_incomplete_is_refused_naming_the_pieces(programme, staff_user, mailoutbox):
    delegation = DelegationFactory(programme=programme)
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)

    with pytest.raises(ValidationError) as excinfo:
        report_submit(report=delegation.report, actor=staff_user)

    assert excinfo.value.messages == [
        "The report cannot be submitted yet. Missing: a summary; at least one itinerary item."
    ]
    assert _fresh(delegation.report).status == ReportStatus.DRAFT
    assert not ReviewEvent.objects.exists()
    assert mailoutbox == []


def test_report_submit_by_staff_mails_the_managers(
    report,
    staff_user,
    manager,
    other_manager,
    outsider_manager,
    programme,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    _member_of(programme, ProgrammeRole.MANAGER, email="gone@example.org", is_active=False)

    with django_capture_on_commit_callbacks(execute=True):
        report_submit(report=report, actor=staff_user)

    fresh = _fresh(report)
    assert (fresh.status, fresh.submitted_by, fresh.version) == (
        ReportStatus.SUBMITTED,
        staff_user,
        report.version + 1,
    )
    assert fresh.submitted_at is not None
    event = ReviewEvent.objects.get()
    assert (event.action, event.actor, event.from_status, event.to_status) == (
        ReviewAction.SUBMIT,
        staff_user,
        ReportStatus.DRAFT,
        ReportStatus.SUBMITTED,
    )
    # One message per manager: neither learns who else was told.
    assert [m.to for m in mailoutbox] == [["manager2@example.org"], ["manager@example.org"]]
    assert {m.subject for m in mailoutbox} == {f"[Exchange] Report submitted: {TITLE}"}
    history = fresh.history.order_by("-history_id").first()
    assert (history.status, history.history_user) == (ReportStatus.SUBMITTED, staff_user)


def test_report_submit_by_administrator(report, administrator, manager):
    report_submit(report=report, actor=administrator)

    assert _fresh(report).submitted_by == administrator


@pytest.mark.parametrize(
    "make_actor",
    [
        lambda programme: _member_of(programme, ProgrammeRole.MANAGER),
        lambda programme: _member_of(ProgrammeMembershipFactory().programme, ProgrammeRole.STAFF),
        lambda programme: UserFactory(),
        lambda programme: AnonymousUser(),
    ],
    ids=["manager", "staff-of-other-programme", "no-role", "anonymous"],
)
def test_report_submit_refused_for_non_staff(report, programme, make_actor, mailoutbox):
    with pytest.raises(PermissionDenied, match="Only the programme's staff"):
        report_submit(report=report, actor=make_actor(programme))

    assert _fresh(report).status == ReportStatus.DRAFT
    assert not ReviewEvent.objects.exists()
    assert mailoutbox == []


def test_report_submit_twice_is_refused(submitted, staff_user):
    with pytest.raises(ValidationError, match=ACTED_FIRST):
        report_submit(report=submitted, actor=staff_user)

    assert _actions(submitted) == [ReviewAction.SUBMIT]


def test_report_submit_refused_on_locked_delegation(approved, staff_user):
    with pytest.raises(PermissionDenied):
        report_submit(report=_fresh(approved), actor=staff_user)

    assert _fresh(approved).status == ReportStatus.APPROVED


# --- report_update ---------------------------------------------------------------------------


def test_report_update_saves_the_narrative(report, staff_user):
    updated = report_update(
        report=report,
        actor=staff_user,
        expected_version=report.version,
        key_learnings="Community policing works when chiefs take part.",
        recommendations="Draft a county action plan.",
    )

    fresh = _fresh(report)
    assert fresh.key_learnings == "Community policing works when chiefs take part."
    assert fresh.recommendations == "Draft a county action plan."
    assert fresh.summary == "A week of learning."
    assert (fresh.version, updated.version, fresh.last_edited_by) == (
        report.version + 1,
        report.version + 1,
        staff_user,
    )
    assert fresh.history.order_by("-history_id").first().history_user == staff_user


def test_report_update_refuses_stale_version(report, staff_user):
    report_update(report=report, actor=staff_user, summary="Newer")

    with pytest.raises(ConflictError):
        report_update(
            report=report, actor=staff_user, expected_version=report.version, summary="Older"
        )

    assert _fresh(report).summary == "Newer"


def test_report_update_refused_while_under_review(submitted, staff_user):
    with pytest.raises(
        ValidationError, match=r"with the managers since .*; ask them to send it back"
    ):
        report_update(report=submitted, actor=staff_user, summary="Sneaky edit")

    assert _fresh(submitted).summary == "A week of learning."


def test_report_update_refused_once_approved(approved, staff_user):
    with pytest.raises(ValidationError, match="locked until an administrator reopens it"):
        report_update(report=approved, actor=staff_user, summary="Late edit")

    assert _fresh(approved).summary == "A week of learning."


# --- approve and send back ------------------------------------------------------------------


def test_report_approve_locks_and_mails_the_submitter(
    submitted, staff_user, manager, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report_approve(report=submitted, actor=manager, comment="Well documented.")

    fresh = _fresh(submitted)
    assert fresh.status == ReportStatus.APPROVED
    assert fresh.delegation.locked
    assert _actions(submitted) == [ReviewAction.SUBMIT, ReviewAction.APPROVE]
    event = ReviewEvent.objects.get(action=ReviewAction.APPROVE)
    assert (event.actor, event.comment, event.from_status, event.to_status) == (
        manager,
        "Well documented.",
        ReportStatus.SUBMITTED,
        ReportStatus.APPROVED,
    )
    assert [message.to for message in mailoutbox] == [["staff@example.org"]]
    assert mailoutbox[0].subject == f"[Exchange] Report approved: {TITLE}"
    assert "Well documented." in mailoutbox[0].body
    history = fresh.delegation.history.order_by("-history_id").first()
    assert (history.locked, history.history_user, history.history_change_reason) == (
        True,
        manager,
        "Report approved",
    )


def test_report_approve_by_administrator(submitted, administrator):
    report_approve(report=submitted, actor=administrator)

    assert _fresh(submitted).status == ReportStatus.APPROVED


def test_approved_delegation_refuses_edits(approved, staff_user):
    with pytest.raises(ValidationError, match="locked"):
        delegation_update(delegation=approved.delegation, actor=staff_user, data={"purpose": "X"})


def test_report_request_changes_mails_the_submitter(
    submitted, staff_user, manager, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report_request_changes(report=submitted, actor=manager, comment="  Add the figures.  ")

    fresh = _fresh(submitted)
    assert fresh.status == ReportStatus.CHANGES_REQUESTED
    assert not fresh.delegation.locked
    event = ReviewEvent.objects.get(action=ReviewAction.REQUEST_CHANGES)
    assert (event.actor, event.comment) == (manager, "Add the figures.")
    assert [message.to for message in mailoutbox] == [["staff@example.org"]]
    assert mailoutbox[0].subject == f"[Exchange] Report changes requested: {TITLE}"
    assert fresh.history.order_by("-history_id").first().history_change_reason == (
        "  Add the figures.  "
    )


def test_report_resubmitted_after_changes(submitted, staff_user, manager, other_manager):
    report_request_changes(report=submitted, actor=manager, comment="Add the figures.")
    report_update(report=submitted, actor=staff_user, summary="With figures: 120 people met.")
    report_submit(report=submitted, actor=staff_user)
    report_approve(report=submitted, actor=other_manager)

    assert _actions(submitted) == [
        ReviewAction.SUBMIT,
        ReviewAction.REQUEST_CHANGES,
        ReviewAction.SUBMIT,
        ReviewAction.APPROVE,
    ]
    assert _fresh(submitted).status == ReportStatus.APPROVED


@pytest.mark.parametrize("comment", ["", "   "])
def test_report_request_changes_needs_a_comment(submitted, manager, comment):
    with pytest.raises(ValidationError) as excinfo:
        report_request_changes(report=submitted, actor=manager, comment=comment)

    assert excinfo.value.message_dict == {"comment": ["Say what needs to change."]}
    assert _fresh(submitted).status == ReportStatus.SUBMITTED
    assert _actions(submitted) == [ReviewAction.SUBMIT]


DECISIONS = {
    "approve": lambda report, actor: report_approve(report=report, actor=actor),
    "request_changes": lambda report, actor: report_request_changes(
        report=report, actor=actor, comment="Please revise."
    ),
}


@pytest.mark.parametrize("decide", DECISIONS.values(), ids=DECISIONS.keys())
@pytest.mark.parametrize(
    ("who", "message"),
    [
        ("staff_user", "Only a manager of this programme"),
        ("outsider_manager", "Only a manager of this programme"),
        ("stranger", "Only a manager of this programme"),
    ],
)
def test_report_decision_refused_for_non_managers(request, submitted, decide, who, message):
    actor = UserFactory() if who == "stranger" else request.getfixturevalue(who)

    with pytest.raises(PermissionDenied, match=message):
        decide(submitted, actor)

    assert _fresh(submitted).status == ReportStatus.SUBMITTED
    assert _actions(submitted) == [ReviewAction.SUBMIT]
    assert not _fresh(submitted).delegation.locked


@pytest.mark.parametrize("decide", DECISIONS.values(), ids=DECISIONS.keys())
def test_four_eyes_submitter_cannot_decide(report, administrator, manager, decide):
    report_submit(report=report, actor=administrator)

    with pytest.raises(PermissionDenied, match="four eyes"):
        decide(report, administrator)

    assert _fresh(report).status == ReportStatus.SUBMITTED
    assert _actions(report) == [ReviewAction.SUBMIT]


@pytest.mark.parametrize("decide", DECISIONS.values(), ids=DECISIONS.keys())
def test_four_eyes_last_editor_cannot_decide(submitted, staff_user, manager, other_manager, decide):
    report_request_changes(report=submitted, actor=other_manager, comment="Shorter, please.")
    report_update(report=submitted, actor=manager, summary="Shortened by the manager.")
    report_submit(report=submitted, actor=staff_user)

    with pytest.raises(PermissionDenied, match="four eyes"):
        decide(submitted, manager)

    assert _fresh(submitted).status == ReportStatus.SUBMITTED
    decide(submitted, other_manager)
    assert _fresh(submitted).status != ReportStatus.SUBMITTED


@pytest.mark.parametrize("decide", DECISIONS.values(), ids=DECISIONS.keys())
@pytest.mark.parametrize("state", ["draft", "approved", "changes_requested"])
def test_report_decision_refused_unless_submitted(
    request, report, staff_user, manager, other_manager, decide, state
):
    if state != "draft":
        report_submit(report=report, actor=staff_user)
        DECISIONS["approve" if state == "approved" else "request_changes"](report, other_manager)
    events = _actions(report)

    with pytest.raises(ValidationError, match=ACTED_FIRST):
        decide(report, manager)

    assert _fresh(report).status == state
    assert _actions(report) == events


# --- reopen ------------------------------------------------------------------------------------


def test_report_reopen_by_administrator_unlocks(
    approved, administrator, manager, mailoutbox, django_capture_on_commit_callbacks
):
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report_reopen(report=approved, actor=administrator, comment="Figures were wrong.")

    fresh = _fresh(approved)
    assert fresh.status == ReportStatus.DRAFT
    assert not fresh.delegation.locked
    event = ReviewEvent.objects.get(action=ReviewAction.REOPEN)
    assert (event.actor, event.comment, event.from_status) == (
        administrator,
        "Figures were wrong.",
        ReportStatus.APPROVED,
    )
    assert [message.to for message in mailoutbox] == [
        ["manager@example.org"],
        ["staff@example.org"],
    ]
    assert mailoutbox[0].subject == f"[Exchange] Report reopened: {TITLE}"
    history = fresh.delegation.history.order_by("-history_id").first()
    assert (history.locked, history.history_change_reason) == (False, "Report reopened")


@pytest.mark.parametrize("who", ["manager", "staff_user"])
def test_report_reopen_refused_for_non_administrators(request, approved, who):
    with pytest.raises(PermissionDenied, match="Only an administrator"):
        report_reopen(report=approved, actor=request.getfixturevalue(who), comment="Please")

    fresh = _fresh(approved)
    assert (fresh.status, fresh.delegation.locked) == (ReportStatus.APPROVED, True)


@pytest.mark.parametrize("comment", ["", "  "])
def test_report_reopen_needs_a_comment(approved, administrator, comment):
    with pytest.raises(ValidationError) as excinfo:
        report_reopen(report=approved, actor=administrator, comment=comment)

    assert excinfo.value.message_dict == {"comment": ["Say why the report is reopened."]}
    assert _fresh(approved).status == ReportStatus.APPROVED
    assert ReviewAction.REOPEN not in _actions(approved)


def test_report_reopen_refused_in_writing(report, administrator):
    with pytest.raises(ValidationError, match=ACTED_FIRST):
        report_reopen(report=report, actor=administrator, comment="Why not")

    assert _fresh(report).status == ReportStatus.DRAFT


def test_reopened_report_can_be_edited_and_submitted_again(approved, administrator, staff_user):
    report_reopen(report=approved, actor=administrator, comment="Add photos")
    report_update(report=approved, actor=staff_user, summary="With photos.")
    report_submit(report=approved, actor=staff_user)

    assert _fresh(approved).status == ReportStatus.SUBMITTED


def test_decision_mail_skips_inactive_authors(
    submitted, staff_user, manager, mailoutbox, django_capture_on_commit_callbacks
):
    staff_user.is_active = False
    staff_user.save()
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report_approve(report=_fresh(submitted), actor=manager)

    assert mailoutbox == []
    assert _fresh(submitted).status == ReportStatus.APPROVED


# --- two managers at the same moment ------------------------------------------------------------


def _waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _race(report: Report, *calls):
    """Run the calls in threads that all reach the report's row lock before any gets it.

    The test holds the row itself until every thread is queued on it, then lets go:
    the calls really run at the same moment. Each returns its result or its exception.
    """
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 - any exception is a result to check
            results[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    with transaction.atomic():
        Report.objects.select_for_update().get(pk=report.pk)
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 10
        while _waiting_on_locks() < len(calls):
            assert time.monotonic() < deadline, "the calls never queued on the row lock"
            time.sleep(0.02)
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads)
    return results


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "second",
    ["approve", "request_changes"],
    ids=["both-approve", "approve-and-request-changes"],
)
def test_two_managers_deciding_at_once_one_wins(
    submitted, manager, other_manager, second, mailoutbox
):
    mailoutbox.clear()
    report = Report.objects.get(pk=submitted.pk)

    results = _race(
        report,
        lambda: DECISIONS["approve"](report, manager),
        lambda: DECISIONS[second](report, other_manager),
    )

    winners = [result for result in results if isinstance(result, Report)]
    losers = [result for result in results if isinstance(result, ValidationError)]
    assert (len(winners), len(losers)) == (1, 1), results
    assert ACTED_FIRST in losers[0].messages[0]
    decisions = ReviewEvent.objects.exclude(action=ReviewAction.SUBMIT)
    assert decisions.count() == 1
    fresh = _fresh(report)
    assert fresh.status == winners[0].status == decisions.get().to_status
    assert fresh.delegation.locked == (fresh.status == ReportStatus.APPROVED)
    assert len(mailoutbox) == 1


def test_decision_mail_goes_to_active_staff_when_the_author_left(
    submitted, staff_user, manager, programme, mailoutbox, django_capture_on_commit_callbacks
):
    successor = _member_of(programme, ProgrammeRole.STAFF, email="successor@example.org")
    _member_of(programme, ProgrammeRole.STAFF, email="left-too@example.org", is_active=False)
    staff_user.is_active = False
    staff_user.save()

    with django_capture_on_commit_callbacks(execute=True):
        report_request_changes(report=_fresh(submitted), actor=manager, comment="More detail.")

    assert [mail.to for mail in mailoutbox] == [[successor.email]]


def test_decision_mail_goes_to_the_author_while_active(
    submitted, staff_user, manager, programme, mailoutbox, django_capture_on_commit_callbacks
):
    _member_of(programme, ProgrammeRole.STAFF, email="colleague@example.org")

    with django_capture_on_commit_callbacks(execute=True):
        report_approve(report=_fresh(submitted), actor=manager)

    assert [mail.to for mail in mailoutbox] == [[staff_user.email]]
