"""Under review nothing moves: every edit of the delegation and of everything under it is
refused while the report is submitted, administrators included until they reopen it with
a reason; four eyes reads the history; nobody submits into a programme without a
reviewer; authors hear of the decision."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from delegations.enums import MemberRole, ReportStatus
from delegations.models import Delegation, DelegationMember, Report, SupportAssignment
from delegations.services import (
    delegation_update,
    member_add,
    member_update,
    report_approve,
    report_reopen,
    report_request_changes,
    report_submit,
    report_update,
    support_assign,
)
from itinerary.models import ItineraryItem
from itinerary.services import item_delete, item_update
from learning.enums import FollowUpStatus, HighlightKind
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from learning.services import (
    attachment_update,
    followup_set_status,
    followup_update,
    highlight_add,
    objective_update,
)
from partners.enums import ProgrammeRole
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.learning import (
    AttachmentFactory,
    FollowUpFactory,
    HighlightFactory,
    LearningObjectiveFactory,
)
from tests.factories.officials import OfficialFactory
from tests.factories.partners import ProgrammeMembershipFactory

FROZEN = r"The report is with the managers since \d+ \w+; ask them to send it back to change it\."


@pytest.fixture
def delegation(programme, staff_user, manager):
    delegation = DelegationFactory(programme=programme, title="Frozen visit")
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    ItineraryItemFactory(delegation=delegation, title="Frozen item")
    LearningObjectiveFactory(delegation=delegation, description="Frozen objective")
    HighlightFactory(delegation=delegation, text="Frozen highlight")
    FollowUpFactory(delegation=delegation, description="Frozen follow-up")
    AttachmentFactory(delegation=delegation, caption="Frozen caption", uploaded_by=staff_user)
    report_update(report=delegation.report, actor=staff_user, summary="Frozen summary.")
    return Delegation.objects.get(pk=delegation.pk)


@pytest.fixture
def submitted(delegation, staff_user):
    return report_submit(report=delegation.report, actor=staff_user)


def _snapshot(delegation) -> dict:
    """Everything under the delegation, as the database holds it."""
    return {
        model.__name__: sorted(model.objects.filter(**{path: delegation.pk}).values_list(*fields))
        for model, path, fields in (
            (Delegation, "pk", ("title", "purpose", "version")),
            (DelegationMember, "delegation", ("official_id", "position", "role")),
            (SupportAssignment, "delegation", ("official_id", "role")),
            (Report, "delegation", ("summary", "status")),
            (ItineraryItem, "delegation", ("title", "summary")),
            (LearningObjective, "delegation", ("description",)),
            (Highlight, "delegation", ("text",)),
            (FollowUp, "delegation", ("description", "status")),
            (Attachment, "delegation", ("caption",)),
        )
    }


def _d(delegation):
    return Delegation.objects.get(pk=delegation.pk)


EDITS = {
    "delegation": lambda d, who: delegation_update(
        delegation=_d(d), actor=who, data={"purpose": "Changed under review"}
    ),
    "member-add": lambda d, who: member_add(
        delegation=_d(d), official=OfficialFactory(), actor=who
    ),
    "member-update": lambda d, who: member_update(
        member=d.members.get(), actor=who, data={"position": "Changed"}
    ),
    "support": lambda d, who: support_assign(
        delegation=_d(d), official=OfficialFactory(), actor=who, role="logistics"
    ),
    "narrative": lambda d, who: report_update(report=d.report, actor=who, summary="Changed"),
    "item-update": lambda d, who: item_update(
        item=d.itinerary_items.get(), actor=who, data={"title": "Changed"}
    ),
    "item-delete": lambda d, who: item_delete(item=d.itinerary_items.get(), actor=who),
    "objective": lambda d, who: objective_update(
        objective=d.learning_objectives.get(), actor=who, data={"description": "Changed"}
    ),
    "highlight-add": lambda d, who: highlight_add(
        delegation=_d(d), actor=who, kind=HighlightKind.LESSON, text="Added under review"
    ),
    "follow-up": lambda d, who: followup_update(
        follow_up=d.follow_ups.get(), actor=who, data={"description": "Changed"}
    ),
    "attachment": lambda d, who: attachment_update(
        attachment=d.attachments.get(), actor=who, data={"caption": "Changed"}
    ),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
@pytest.mark.parametrize("who", ["staff_user", "administrator"])
def test_every_edit_is_refused_under_review(submitted, delegation, edit, who, request):
    actor = request.getfixturevalue(who)
    before = _snapshot(delegation)

    with pytest.raises(ValidationError, match=FROZEN):
        edit(delegation, actor)

    assert _snapshot(delegation) == before


def test_follow_up_status_stays_open_under_review(submitted, delegation, staff_user):
    follow_up = delegation.follow_ups.get()

    followup_set_status(follow_up=follow_up, actor=staff_user, status=FollowUpStatus.AGREED)

    assert FollowUp.objects.get(pk=follow_up.pk).status == FollowUpStatus.AGREED


def test_administrator_edits_after_reopening_with_a_reason(submitted, delegation, administrator):
    with pytest.raises(ValidationError, match="Say why"):
        report_reopen(report=submitted, actor=administrator, comment=" ")

    report_reopen(report=submitted, actor=administrator, comment="A wrong date in the title")
    EDITS["item-update"](delegation, administrator)

    assert Report.objects.get(pk=submitted.pk).status == ReportStatus.DRAFT
    assert delegation.itinerary_items.get().title == "Changed"
    assert not _d(delegation).locked


def test_staff_cannot_reopen_a_submitted_report(submitted, staff_user):
    with pytest.raises(PermissionDenied):
        report_reopen(report=submitted, actor=staff_user, comment="Let me change it")

    assert Report.objects.get(pk=submitted.pk).status == ReportStatus.SUBMITTED


def test_edits_open_again_once_sent_back(submitted, delegation, staff_user, manager):
    report_request_changes(report=submitted, actor=manager, comment="More detail")

    EDITS["item-update"](delegation, staff_user)

    assert delegation.itinerary_items.get().title == "Changed"


# --- four eyes from the history -------------------------------------------------------------


def test_administrator_who_added_a_highlight_cannot_approve(delegation, staff_user, administrator):
    """The reported case: an administrator changed the content, then tried to approve."""
    highlight_add(delegation=delegation, actor=administrator, kind="lesson", text="Mine")
    report = report_submit(report=delegation.report, actor=staff_user)

    with pytest.raises(PermissionDenied, match="four eyes"):
        report_approve(report=report, actor=administrator)

    assert Report.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_manager_who_edited_an_item_cannot_approve(delegation, staff_user, programme):
    editing_manager = UserFactory(email="editing.manager@example.org")
    ProgrammeMembershipFactory(
        user=editing_manager, programme=programme, role=ProgrammeRole.MANAGER
    )
    EDITS["item-update"](delegation, editing_manager)
    report = report_submit(report=delegation.report, actor=staff_user)

    with pytest.raises(PermissionDenied, match="four eyes"):
        report_approve(report=report, actor=editing_manager)


def test_sending_back_does_not_make_the_reviewer_an_author(
    submitted, delegation, staff_user, manager
):
    report_request_changes(report=submitted, actor=manager, comment="Add a date")
    EDITS["item-update"](delegation, staff_user)
    report = report_submit(report=submitted, actor=staff_user)

    report_approve(report=report, actor=manager)

    assert Report.objects.get(pk=report.pk).status == ReportStatus.APPROVED


def test_changes_before_the_last_approved_version_do_not_count(
    delegation, staff_user, manager, administrator, programme
):
    """A new cycle starts at approval: who edited a version someone else approved may
    review the next one."""
    highlight_add(delegation=delegation, actor=administrator, kind="lesson", text="Old")
    report = report_submit(report=delegation.report, actor=staff_user)
    report_approve(report=report, actor=manager)
    report_reopen(report=report, actor=administrator, comment="Add a photo caption")
    report_update(report=report, actor=staff_user, summary="Second version.")
    report = report_submit(report=report, actor=staff_user)

    report_approve(report=report, actor=administrator)

    assert Report.objects.get(pk=report.pk).status == ReportStatus.APPROVED


# --- never stranded -----------------------------------------------------------------------


def _ready(programme, staff_user):
    delegation = DelegationFactory(programme=programme)
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    ItineraryItemFactory(delegation=delegation)
    report_update(report=delegation.report, actor=staff_user, summary="Ready.")
    return Report.objects.get(delegation=delegation)


def test_submission_refused_without_another_active_manager(programme, staff_user):
    report = _ready(programme, staff_user)
    inactive = UserFactory(is_active=False)
    ProgrammeMembershipFactory(user=inactive, programme=programme, role=ProgrammeRole.MANAGER)

    with pytest.raises(ValidationError, match="Ask an administrator to add a manager"):
        report_submit(report=report, actor=staff_user)

    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_the_only_manager_cannot_submit_to_themselves(programme, staff_user, administrator):
    """An administrator who is the programme's only manager: nobody else could review."""
    report = _ready(programme, staff_user)
    ProgrammeMembershipFactory(user=administrator, programme=programme, role=ProgrammeRole.MANAGER)

    with pytest.raises(ValidationError, match="no active manager other than you"):
        report_submit(report=report, actor=administrator)

    report_submit(report=report, actor=staff_user)  # the administrator can review it


@pytest.mark.parametrize("decision", ["approve", "send_back"])
def test_authors_get_mail_on_the_decision(
    submitted,
    delegation,
    staff_user,
    manager,
    programme,
    decision,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    editor = UserFactory(email="item.editor@example.org")
    ProgrammeMembershipFactory(user=editor, programme=programme, role=ProgrammeRole.STAFF)
    report_request_changes(report=submitted, actor=manager, comment="First round")
    EDITS["item-update"](delegation, editor)
    report = report_submit(report=submitted, actor=staff_user)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        if decision == "approve":
            report_approve(report=report, actor=manager)
        else:
            report_request_changes(report=report, actor=manager, comment="Second round")

    # One message per recipient (issue 17): no author learns who else was told.
    assert sorted(message.to for message in mailoutbox) == [
        ["item.editor@example.org"],
        ["staff@example.org"],
    ]
    assert all("Frozen visit" in message.subject for message in mailoutbox)


def test_delegation_page_says_the_report_is_under_review(submitted, delegation, staff_client):
    page = staff_client.get(reverse("delegations:detail", args=[delegation.pk])).content.decode()

    assert "Frozen: report under review" in page
    assert re.search(FROZEN, page)
    assert reverse("itinerary:item-update", args=[delegation.itinerary_items.get().pk]) not in page


def test_staff_edit_page_under_review_says_why(submitted, delegation, staff_client):
    url = reverse("itinerary:item-update", args=[delegation.itinerary_items.get().pk])

    response = staff_client.post(url, {"title": "Changed"})

    assert response.status_code == 403
    assert re.search(FROZEN, response.content.decode())
    assert delegation.itinerary_items.get().title == "Frozen item"
