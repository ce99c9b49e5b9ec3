"""delegations.services: delegations, planning status, members and the support team."""

import datetime
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from delegations.enums import MemberRole, PlanningStatus, ReportStatus, SupportRole
from delegations.models import Delegation, DelegationMember, Report, SupportAssignment
from delegations.services import (
    ConflictError,
    child_delete,
    child_update,
    delegation_create,
    delegation_set_status,
    delegation_update,
    member_add,
    member_remove,
    member_update,
    support_assign,
    support_remove,
)
from itinerary.models import BeneficiaryGroup
from learning.models import Highlight
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    SupportAssignmentFactory,
)
from tests.factories.itinerary import BeneficiaryGroupFactory
from tests.factories.learning import FollowUpFactory, HighlightFactory
from tests.factories.officials import OfficialFactory
from tests.factories.places import PlaceFactory

START, END = datetime.date(2019, 7, 22), datetime.date(2019, 7, 26)
LOCKED = "This delegation's report is approved: it is locked until an administrator reopens it."


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme)


@pytest.fixture
def locked_delegation(programme):
    return DelegationFactory(programme=programme, locked=True)


def _fields(programme, **overrides):
    return {
        "title": "Cabo Delgado delegation to Kenya",
        "programme": programme,
        "sending_countries": ["MZ"],
        "host_country": "KE",
        "start_date": START,
        "end_date": END,
    } | overrides


def _latest_history(obj):
    return obj.history.order_by("-history_id").first()


# --- delegation_create -------------------------------------------------------------------


def test_delegation_create_makes_one_draft_report(programme, staff_user):
    nairobi, mombasa = PlaceFactory(name="Nairobi"), PlaceFactory(name="Mombasa")

    delegation = delegation_create(
        actor=staff_user, destinations=[nairobi, mombasa], **_fields(programme)
    )

    report = Report.objects.get()
    assert report.delegation == delegation
    assert (report.status, report.last_edited_by, report.version) == (
        ReportStatus.DRAFT,
        staff_user,
        1,
    )
    assert (delegation.status, delegation.version, delegation.locked) == ("draft", 1, False)
    assert delegation.last_edited_by == staff_user
    assert set(delegation.destinations.all()) == {nairobi, mombasa}
    assert _latest_history(delegation).history_user == staff_user
    assert _latest_history(report).history_user == staff_user


def test_delegation_create_without_destinations(programme, staff_user):
    delegation = delegation_create(actor=staff_user, **_fields(programme))

    assert not delegation.destinations.exists()
    assert Report.objects.filter(delegation=delegation).count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_date": START - datetime.timedelta(days=1)}, "__all__"),
        ({"sending_countries": []}, "sending_countries"),
        ({"title": ""}, "title"),
    ],
    ids=["end-before-start", "no-sending-country", "no-title"],
)
def test_delegation_create_refuses_invalid(programme, staff_user, overrides, field):
    with pytest.raises(ValidationError) as excinfo:
        delegation_create(actor=staff_user, **_fields(programme, **overrides))

    assert field in excinfo.value.message_dict
    assert not Delegation.objects.exists()
    assert not Report.objects.exists()


def test_delegation_create_refuses_natural_key_twin(programme, staff_user):
    delegation_create(actor=staff_user, **_fields(programme))

    with pytest.raises(ValidationError) as excinfo:
        delegation_create(
            actor=staff_user, **_fields(programme, title="CABO DELGADO delegation to kenya")
        )

    assert excinfo.value.messages == [
        "This programme already has a delegation with this title starting that day."
    ]
    assert Delegation.objects.count() == Report.objects.count() == 1


# --- delegation_update -------------------------------------------------------------------


def test_delegation_update_saves_and_bumps_version(delegation, staff_user):
    place = PlaceFactory()

    updated = delegation_update(
        delegation=delegation,
        actor=staff_user,
        data={"purpose": "Learn community policing", "status": delegation.status},
        destinations=[place],
        expected_version=1,
    )

    fresh = Delegation.objects.get(pk=delegation.pk)
    assert (fresh.purpose, fresh.version, fresh.last_edited_by) == (
        "Learn community policing",
        2,
        staff_user,
    )
    assert updated.version == 2
    assert list(fresh.destinations.all()) == [place]
    assert _latest_history(fresh).history_user == staff_user


def test_delegation_update_refuses_stale_version(delegation, staff_user, manager):
    delegation_update(delegation=delegation, actor=manager, data={"purpose": "First"})

    with pytest.raises(ConflictError) as excinfo:
        delegation_update(
            delegation=delegation, actor=staff_user, data={"purpose": "Second"}, expected_version=1
        )

    assert excinfo.value.code == "conflict"
    assert "Someone else saved this since you opened it" in excinfo.value.messages[0]
    assert Delegation.objects.get(pk=delegation.pk).purpose == "First"


def test_delegation_update_refuses_locked(locked_delegation, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        delegation_update(delegation=locked_delegation, actor=staff_user, data={"purpose": "X"})

    assert excinfo.value.messages == [LOCKED]
    assert Delegation.objects.get(pk=locked_delegation.pk).purpose == ""


def test_delegation_update_refuses_status_change(delegation, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        delegation_update(
            delegation=delegation, actor=staff_user, data={"status": PlanningStatus.CONFIRMED}
        )

    assert excinfo.value.message_dict == {
        "status": ["Change the planning status with its own action."]
    }
    assert Delegation.objects.get(pk=delegation.pk).status == PlanningStatus.DRAFT


def test_delegation_update_refuses_invalid_data(delegation, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        delegation_update(
            delegation=delegation,
            actor=staff_user,
            data={"end_date": delegation.start_date - datetime.timedelta(days=1)},
        )

    assert excinfo.value.messages == ["The end date cannot be before the start date."]
    fresh = Delegation.objects.get(pk=delegation.pk)
    assert (fresh.end_date, fresh.version) == (END, 1)


# --- delegation_set_status ---------------------------------------------------------------

# The planning rules as docs/architecture.md states them ("Planning and review rules"),
# written out independently of the service.
FORWARD = {
    ("draft", "planned"),
    ("draft", "cancelled"),
    ("planned", "draft"),
    ("planned", "confirmed"),
    ("planned", "cancelled"),
    ("confirmed", "planned"),
    ("confirmed", "completed"),
    ("confirmed", "cancelled"),
    # The factory's visit (July 2019) is over: it is recorded as completed in one step.
    ("draft", "completed"),
    ("planned", "completed"),
}
REOPEN = {("cancelled", "draft"), ("completed", "confirmed")}
PAIRS = list(itertools.product(PlanningStatus.values, repeat=2))


@pytest.mark.parametrize(("from_status", "to_status"), PAIRS, ids=[f"{a}-{b}" for a, b in PAIRS])
def test_delegation_set_status_matrix_for_staff(programme, staff_user, from_status, to_status):
    delegation = DelegationFactory(programme=programme, status=from_status)

    if from_status == to_status or (from_status, to_status) in FORWARD:
        delegation_set_status(delegation=delegation, actor=staff_user, to_status=to_status)
    elif (from_status, to_status) in REOPEN:
        with pytest.raises(PermissionDenied, match="Only an administrator"):
            delegation_set_status(delegation=delegation, actor=staff_user, to_status=to_status)
    else:
        with pytest.raises(ValidationError) as excinfo:
            delegation_set_status(delegation=delegation, actor=staff_user, to_status=to_status)
        assert excinfo.value.message_dict["status"] == [
            f"A delegation cannot go from “{PlanningStatus(from_status).label}” "
            f"to “{PlanningStatus(to_status).label}”."
        ]

    fresh = Delegation.objects.get(pk=delegation.pk)
    moved = (from_status, to_status) in FORWARD
    assert fresh.status == (to_status if moved else from_status)
    assert fresh.version == (2 if moved else 1)
    if moved:
        assert fresh.last_edited_by == staff_user
        assert _latest_history(fresh).history_user == staff_user


@pytest.mark.parametrize(("from_status", "to_status"), sorted(REOPEN))
def test_delegation_reopen_by_administrator_with_reason(
    programme, administrator, from_status, to_status
):
    delegation = DelegationFactory(programme=programme, status=from_status)

    delegation_set_status(
        delegation=delegation, actor=administrator, to_status=to_status, reason="Rescheduled"
    )

    fresh = Delegation.objects.get(pk=delegation.pk)
    assert fresh.status == to_status
    history = _latest_history(fresh)
    assert (history.history_user, history.history_change_reason) == (administrator, "Rescheduled")


@pytest.mark.parametrize("reason", ["", "   "])
def test_delegation_reopen_without_reason_is_refused(programme, administrator, reason):
    delegation = DelegationFactory(programme=programme, status=PlanningStatus.CANCELLED)

    with pytest.raises(ValidationError) as excinfo:
        delegation_set_status(
            delegation=delegation, actor=administrator, to_status="draft", reason=reason
        )

    assert excinfo.value.message_dict == {"reason": ["Say why the delegation is reopened."]}
    assert Delegation.objects.get(pk=delegation.pk).status == PlanningStatus.CANCELLED


@pytest.mark.parametrize("to_status", ["planned", "cancelled"])
def test_delegation_set_status_refuses_locked(programme, staff_user, to_status):
    delegation = DelegationFactory(programme=programme, status="confirmed", locked=True)

    with pytest.raises(ValidationError) as excinfo:
        delegation_set_status(delegation=delegation, actor=staff_user, to_status=to_status)

    assert excinfo.value.messages == [LOCKED]
    assert Delegation.objects.get(pk=delegation.pk).status == "confirmed"


def test_delegation_set_status_completes_a_locked_visit(programme, staff_user):
    """The approved report locks the content, but the visit can still be marked done."""
    delegation = DelegationFactory(programme=programme, status="confirmed", locked=True)

    delegation_set_status(delegation=delegation, actor=staff_user, to_status="completed")

    assert Delegation.objects.get(pk=delegation.pk).status == "completed"


# --- child_update / child_delete: rows under a delegation with no rule of their own ---


def test_child_update_validates_bumps_version_and_names_the_actor(delegation, staff_user):
    follow_up = FollowUpFactory(delegation=delegation, description="Old")

    saved = child_update(follow_up, actor=staff_user, data={"description": "New"})

    follow_up.refresh_from_db()
    assert (follow_up.description, follow_up.version) == ("New", 2)
    assert saved.version == 2
    assert _latest_history(follow_up).history_user == staff_user


def test_child_update_refuses_lost_update_and_invalid_data(delegation, staff_user):
    follow_up = FollowUpFactory(delegation=delegation, description="Kept")

    with pytest.raises(ConflictError):
        child_update(follow_up, actor=staff_user, data={"description": "X"}, expected_version=7)
    with pytest.raises(ValidationError) as excinfo:
        child_update(follow_up, actor=staff_user, data={"description": ""})

    assert "description" in excinfo.value.message_dict
    follow_up.refresh_from_db()
    assert (follow_up.description, follow_up.version) == ("Kept", 1)


def test_child_update_and_delete_follow_the_path_to_a_locked_delegation(
    locked_delegation, staff_user
):
    group = BeneficiaryGroupFactory(item__delegation=locked_delegation)

    with pytest.raises(ValidationError) as excinfo:
        child_update(group, actor=staff_user, data={"youth": 1}, delegation_path="item__delegation")
    assert excinfo.value.messages == [LOCKED]
    with pytest.raises(ValidationError):
        child_delete(group, actor=staff_user, delegation_path="item__delegation")
    assert BeneficiaryGroup.objects.filter(pk=group.pk, youth=6).exists()


def test_child_delete_removes_the_row_with_history(delegation, staff_user):
    highlight = HighlightFactory(delegation=delegation)
    pk = highlight.pk

    child_delete(highlight, actor=staff_user)

    assert not Highlight.objects.filter(pk=pk).exists()
    assert Highlight.history.get(id=pk, history_type="-").history_user == staff_user


def test_delegation_set_status_refuses_unknown_status(delegation, staff_user):
    with pytest.raises(ValidationError) as excinfo:
        delegation_set_status(delegation=delegation, actor=staff_user, to_status="postponed")

    assert excinfo.value.message_dict == {
        "status": ["A delegation cannot go from “Draft” to “postponed”."]
    }
    assert Delegation.objects.get(pk=delegation.pk).status == "draft"


# --- members ----------------------------------------------------------------------------


def test_member_add_takes_position_and_next_order(delegation, staff_user):
    first = OfficialFactory(position="Provincial Secretary")
    second = OfficialFactory(position="District Administrator")

    head = member_add(delegation=delegation, official=first, actor=staff_user, role=MemberRole.HEAD)
    member = member_add(delegation=delegation, official=second, actor=staff_user)
    custom = member_add(
        delegation=delegation,
        official=OfficialFactory(),
        actor=staff_user,
        position="Interpreter for the visit",
        order=10,
    )

    assert [(m.official, m.role, m.position, m.order) for m in delegation.members.all()] == [
        (first, "head", "Provincial Secretary", 1),
        (second, "member", "District Administrator", 2),
        (custom.official, "member", "Interpreter for the visit", 10),
    ]
    assert _latest_history(head).history_user == staff_user
    assert _latest_history(member).history_user == staff_user


def test_member_add_refuses_second_head_naming_the_head(delegation, staff_user):
    head = OfficialFactory(honorific="Hon.", full_name="Valige Tauabo")
    member_add(delegation=delegation, official=head, actor=staff_user, role=MemberRole.HEAD)

    with pytest.raises(ValidationError) as excinfo:
        member_add(
            delegation=delegation,
            official=OfficialFactory(),
            actor=staff_user,
            role=MemberRole.HEAD,
        )

    assert excinfo.value.message_dict == {
        "role": ["Hon. Valige Tauabo is already the head of this delegation."]
    }
    assert delegation.members.count() == 1


def test_member_add_refuses_same_official_twice(delegation, staff_user):
    official = OfficialFactory()
    member_add(delegation=delegation, official=official, actor=staff_user)

    with pytest.raises(ValidationError) as excinfo:
        member_add(delegation=delegation, official=official, actor=staff_user, role="observer")

    assert excinfo.value.messages == ["This official is already a member of the delegation."]
    assert delegation.members.count() == 1


def test_member_update_refuses_second_head_and_keeps_first(delegation, staff_user):
    head = DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    member = DelegationMemberFactory(delegation=delegation, role=MemberRole.MEMBER)

    with pytest.raises(ValidationError) as excinfo:
        member_update(member=member, actor=staff_user, role=MemberRole.HEAD)

    assert excinfo.value.message_dict["role"] == [
        f"{head.official} is already the head of this delegation."
    ]
    assert DelegationMember.objects.get(pk=member.pk).role == MemberRole.MEMBER


def test_member_update_head_may_stay_head(delegation, staff_user):
    head = DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)

    member_update(member=head, actor=staff_user, position="Permanent Secretary")

    fresh = DelegationMember.objects.get(pk=head.pk)
    assert (fresh.role, fresh.position) == (MemberRole.HEAD, "Permanent Secretary")
    assert _latest_history(fresh).history_user == staff_user


def test_member_update_hands_over_the_head(delegation, staff_user):
    old = DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    new = DelegationMemberFactory(delegation=delegation, role=MemberRole.DEPUTY_HEAD)

    member_update(member=old, actor=staff_user, role=MemberRole.MEMBER)
    member_update(member=new, actor=staff_user, role=MemberRole.HEAD)

    assert delegation.members.get(role=MemberRole.HEAD) == new


def test_member_remove_deletes_with_history(delegation, staff_user):
    member = DelegationMemberFactory(delegation=delegation)
    member_id = member.pk

    member_remove(member=member, actor=staff_user)

    assert not delegation.members.exists()
    deleted = DelegationMember.history.filter(id=member_id).order_by("-history_id").first()
    assert (deleted.history_type, deleted.history_user) == ("-", staff_user)


def test_support_assign_and_remove(delegation, staff_user):
    focal = support_assign(
        delegation=delegation,
        official=OfficialFactory(),
        actor=staff_user,
        role=SupportRole.FOCAL_POINT,
    )
    logistics = support_assign(
        delegation=delegation,
        official=OfficialFactory(),
        actor=staff_user,
        role=SupportRole.LOGISTICS,
    )
    explicit = support_assign(
        delegation=delegation,
        official=OfficialFactory(),
        actor=staff_user,
        role="security",
        order=9,
    )

    assert [a.order for a in (focal, logistics, explicit)] == [1, 2, 9]
    assert _latest_history(focal).history_user == staff_user
    logistics_id = logistics.pk

    support_remove(assignment=logistics, actor=staff_user)

    assert list(delegation.support_team.all()) == [focal, explicit]
    removed = SupportAssignment.history.filter(id=logistics_id, history_type="-").get()
    assert removed.history_user == staff_user


def test_support_assign_refuses_same_official_twice(delegation, staff_user):
    assignment = SupportAssignmentFactory(delegation=delegation)

    with pytest.raises(ValidationError) as excinfo:
        support_assign(
            delegation=delegation, official=assignment.official, actor=staff_user, role="logistics"
        )

    assert excinfo.value.messages == ["This official is already on the support team."]
    assert delegation.support_team.count() == 1


@pytest.mark.parametrize(
    "write",
    [
        lambda d, actor: member_add(delegation=d, official=OfficialFactory(), actor=actor),
        lambda d, actor: member_update(
            member=DelegationMemberFactory(delegation=d), actor=actor, position="New"
        ),
        lambda d, actor: member_remove(member=DelegationMemberFactory(delegation=d), actor=actor),
        lambda d, actor: support_assign(
            delegation=d, official=OfficialFactory(), actor=actor, role="logistics"
        ),
        lambda d, actor: support_remove(
            assignment=SupportAssignmentFactory(delegation=d), actor=actor
        ),
    ],
    ids=["member-add", "member-update", "member-remove", "support-assign", "support-remove"],
)
def test_team_writes_refused_on_locked_delegation(locked_delegation, staff_user, write):
    members_before = set(DelegationMember.objects.values_list("pk", "position"))
    support_before = set(SupportAssignment.objects.values_list("pk", flat=True))

    with pytest.raises(ValidationError) as excinfo:
        write(locked_delegation, staff_user)

    assert excinfo.value.messages == [LOCKED]
    assert set(DelegationMember.objects.values_list("pk", "position")) >= members_before
    assert set(SupportAssignment.objects.values_list("pk", flat=True)) >= support_before
