"""Delegations, members, support team, report and review events: the database rules."""

import datetime

import pytest
from django.db.models import ProtectedError

from delegations.enums import MemberRole, ReportStatus, ReviewAction, SupportRole, TeamSide
from delegations.models import (
    ApprovedRendition,
    ApprovedVersion,
    Delegation,
    DelegationDestination,
    DelegationMember,
    Leg,
    Report,
    ReviewEvent,
    SupportAssignment,
)
from tests.factories.accounts import UserFactory
from tests.factories.delegations import (
    DelegationFactory,
    DelegationMemberFactory,
    LegFactory,
    ReviewEventFactory,
    SupportAssignmentFactory,
)
from tests.factories.officials import OfficialFactory
from tests.factories.partners import ProgrammeFactory
from tests.factories.places import PlaceFactory
from tests.support.constraints import (
    NOT_A_CHOICE,
    ConstraintCase,
    Violation,
    assert_database_refuses_negative,
    change,
    check_non_negative_columns,
    new,
)

START, END = datetime.date(2019, 7, 22), datetime.date(2019, 7, 26)


def _delegation(**overrides) -> Violation:
    values = {
        "title": "Cabo Delgado delegation to Kenya",
        "programme": ProgrammeFactory(),
        "sending_countries": ["MZ"],
        "host_country": "KE",
        "start_date": START,
        "end_date": END,
        "status": "draft",
    }
    return new(**(values | overrides))


def _same_title_and_day() -> Violation:
    existing = DelegationFactory(title="Cabo Delgado delegation to Kenya", start_date=START)
    return _delegation(title="CABO DELGADO delegation to Kenya", programme=existing.programme)


def _member(**values) -> Violation:
    existing = DelegationMemberFactory(role=MemberRole.HEAD)
    fields = {"delegation": existing.delegation, "official": OfficialFactory(), "order": 2}
    return new(**(fields | values))


def _same_member_twice() -> Violation:
    existing = DelegationMemberFactory()
    return new(delegation=existing.delegation, official=existing.official, role=MemberRole.OBSERVER)


def _same_support_twice() -> Violation:
    existing = SupportAssignmentFactory()
    return new(
        delegation=existing.delegation, official=existing.official, role=SupportRole.LOGISTICS
    )


def _review(**values) -> Violation:
    fields = {
        "report": DelegationFactory().report,
        "actor": UserFactory(),
        "from_status": ReportStatus.SUBMITTED,
        "to_status": ReportStatus.CHANGES_REQUESTED,
        "comment": "",
    }
    return new(**(fields | values))


def _version(**values):
    """A stored approved version (its files named, not written: the rules are the row's)."""
    report = DelegationFactory().report
    actor = UserFactory()
    event = ReviewEvent.objects.create(
        report=report,
        actor=actor,
        action=ReviewAction.APPROVE,
        from_status=ReportStatus.SUBMITTED,
        to_status=ReportStatus.APPROVED,
    )
    fields = {
        "report": report,
        "review_event": event,
        "number": 1,
        "approved_by": actor,
        "approved_at": event.created_at,
    } | values
    return ApprovedVersion.objects.create(**fields)


def _rendition(**values):
    """A version's rendition in one language (files named, not written)."""
    fields = {
        "approved_version": values.pop("approved_version", None) or _version(),
        "language": "en",
        "html": "reports/v1-en.html",
        "pdf": "reports/v1-en.pdf",
        "html_sha256": "a" * 64,
        "pdf_sha256": "b" * 64,
    } | values
    return ApprovedRendition.objects.create(**fields)


def _same_language_twice() -> Violation:
    first = _rendition(language="pt")
    return new(
        approved_version=first.approved_version,
        language="pt",
        html="reports/again.html",
        pdf="reports/again.pdf",
        html_sha256="c" * 64,
        pdf_sha256="d" * 64,
    )


def _second_version_one():
    first = _version()
    event = ReviewEvent.objects.create(
        report=first.report,
        actor=first.approved_by,
        action=ReviewAction.APPROVE,
        from_status=ReportStatus.SUBMITTED,
        to_status=ReportStatus.APPROVED,
    )
    return new(
        report=first.report,
        review_event=event,
        number=1,
        approved_by=first.approved_by,
        approved_at=event.created_at,
    )


def _leg(**values) -> Violation:
    delegation = DelegationFactory()
    fields = {
        "delegation": delegation,
        "place": PlaceFactory(),
        "start_date": START,
        "end_date": END,
    }
    return new(**(fields | values))


def _same_leg_twice() -> Violation:
    existing = LegFactory()
    return _leg(delegation=existing.delegation, place=existing.place, end_date=END)


def _same_destination_twice() -> Violation:
    existing = DelegationDestination.objects.create(
        delegation=DelegationFactory(), place=PlaceFactory()
    )
    return new(delegation=existing.delegation, place=existing.place, order=1)


def _support(**values) -> Violation:
    fields = {
        "delegation": DelegationFactory(),
        "official": OfficialFactory(),
        "role": SupportRole.FOCAL_POINT,
    }
    return new(**(fields | values))


def _sending_side_on_a_leg() -> Violation:
    leg = LegFactory()
    return _support(delegation=leg.delegation, side=TeamSide.SENDING, leg=leg)


CONSTRAINT_CASES = [
    ConstraintCase(
        "delegations_approved_version_unique_number",
        ApprovedVersion,
        _second_version_one,
        form_fields=None,
    ),
    ConstraintCase(
        "delegations_approved_version_number_positive",
        ApprovedVersion,
        lambda: change(_version(), number=0),
        form_fields=None,
    ),
    ConstraintCase(
        "delegations_approved_rendition_unique_language",
        ApprovedRendition,
        _same_language_twice,
        form_fields=None,
    ),
    ConstraintCase(
        "delegations_approved_rendition_language_offered",
        ApprovedRendition,
        lambda: change(_rendition(), language="de"),
        form_fields=None,
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "delegations_approved_rendition_sha256",
        ApprovedRendition,
        lambda: change(_rendition(), pdf_sha256="not-a-hash"),
        form_fields=None,
    ),
    ConstraintCase(
        "delegations_leg_end_after_start", Leg, lambda: _leg(end_date=START - datetime.timedelta(1))
    ),
    ConstraintCase("delegations_leg_unique_place_start", Leg, _same_leg_twice),
    ConstraintCase(
        "delegations_destination_unique_place", DelegationDestination, _same_destination_twice
    ),
    ConstraintCase(
        "delegations_support_side_valid",
        SupportAssignment,
        lambda: _support(side="neutral"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "delegations_support_leg_only_for_hosts", SupportAssignment, _sending_side_on_a_leg
    ),
    ConstraintCase(
        "delegations_delegation_end_after_start",
        Delegation,
        lambda: _delegation(end_date=START - datetime.timedelta(days=1)),
    ),
    ConstraintCase("delegations_delegation_natural_key", Delegation, _same_title_and_day),
    ConstraintCase(
        "delegations_delegation_report_language_offered",
        Delegation,
        lambda: _delegation(report_language="de"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "delegations_delegation_has_sending_country",
        Delegation,
        lambda: _delegation(sending_countries=[]),
        form_message="This field is required.",
        clean_message="This field cannot be blank.",
    ),
    ConstraintCase(
        "delegations_delegation_feed_generation_positive",
        Delegation,
        lambda: change(DelegationFactory(), feed_generation=0),
        form_fields=None,
    ),
    ConstraintCase(
        "delegations_delegation_status_valid",
        Delegation,
        lambda: _delegation(status="postponed"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase("delegations_member_unique_official", DelegationMember, _same_member_twice),
    ConstraintCase(
        "delegations_member_one_head", DelegationMember, lambda: _member(role=MemberRole.HEAD)
    ),
    ConstraintCase(
        "delegations_member_role_valid",
        DelegationMember,
        lambda: _member(role="chauffeur"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase("delegations_support_unique_official", SupportAssignment, _same_support_twice),
    ConstraintCase(
        "delegations_support_role_valid",
        SupportAssignment,
        lambda: new(delegation=DelegationFactory(), official=OfficialFactory(), role="driver"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "delegations_report_status_valid",
        Report,
        lambda: change(DelegationFactory().report, status="archived"),
        form_fields=None,
    ),
    ConstraintCase(
        "delegations_report_submitted_has_submitter",
        Report,
        lambda: change(DelegationFactory().report, status=ReportStatus.SUBMITTED),
        form_fields=None,
    ),
    ConstraintCase(
        "delegations_review_action_valid",
        ReviewEvent,
        lambda: _review(action="escalate", comment="why"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "delegations_review_from_status_valid",
        ReviewEvent,
        lambda: _review(action=ReviewAction.APPROVE, from_status="archived"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "delegations_review_to_status_valid",
        ReviewEvent,
        lambda: _review(action=ReviewAction.APPROVE, to_status="archived"),
        **NOT_A_CHOICE,
    ),
    ConstraintCase(
        "delegations_review_comment_when_required",
        ReviewEvent,
        lambda: _review(action=ReviewAction.REQUEST_CHANGES),
        label="request-changes",
    ),
    ConstraintCase(
        "delegations_review_comment_when_required",
        ReviewEvent,
        lambda: _review(
            action=ReviewAction.REOPEN,
            from_status=ReportStatus.APPROVED,
            to_status=ReportStatus.DRAFT,
        ),
        label="reopen",
    ),
]


@pytest.mark.django_db
def test_delegation_one_day_visit_is_valid():
    delegation = DelegationFactory.build(
        programme=ProgrammeFactory(), start_date=START, end_date=START
    )

    delegation.full_clean()


@pytest.mark.django_db
def test_delegation_same_title_allowed_on_another_day_or_programme():
    first = DelegationFactory(title="Visit", start_date=START)

    DelegationFactory(title="Visit", programme=first.programme, start_date=END, end_date=END)
    DelegationFactory(title="Visit", start_date=START)

    assert Delegation.objects.filter(title="Visit").count() == 3


@pytest.mark.django_db
def test_members_may_have_many_non_head_roles():
    delegation = DelegationFactory()

    for role in (MemberRole.HEAD, MemberRole.MEMBER, MemberRole.MEMBER, MemberRole.OBSERVER):
        DelegationMemberFactory(delegation=delegation, role=role)

    assert delegation.members.count() == 4


@pytest.mark.django_db
def test_submitter_of_a_report_is_protected():
    user = UserFactory()
    report = DelegationFactory().report
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.SUBMITTED,
        submitted_by=user,
        submitted_at=datetime.datetime.now(datetime.UTC),
    )

    with pytest.raises(ProtectedError):
        user.delete()


@pytest.mark.django_db
def test_review_actor_is_protected():
    event = ReviewEventFactory(comment="")

    with pytest.raises(ProtectedError):
        event.actor.delete()


@pytest.mark.django_db
def test_deleting_delegation_takes_its_dependants():
    member = DelegationMemberFactory()
    delegation = member.delegation
    SupportAssignmentFactory(delegation=delegation)

    delegation.delete()

    assert not Report.objects.exists()
    assert not DelegationMember.objects.exists()
    assert not SupportAssignment.objects.exists()


@pytest.mark.django_db
def test_str_of_delegation_objects():
    official = OfficialFactory(honorific="Hon.", full_name="Valige Tauabo")
    member = DelegationMemberFactory(
        official=official, role=MemberRole.HEAD, delegation__title="Cabo Delgado visit"
    )
    support = SupportAssignmentFactory(official=official, role=SupportRole.FOCAL_POINT)
    event = ReviewEventFactory(
        report=member.delegation.report,
        actor=UserFactory(full_name="Ana Silva"),
    )
    event.created_at = datetime.datetime(2019, 8, 1, 9, 30, tzinfo=datetime.UTC)

    assert str(member.delegation) == "Cabo Delgado visit"
    assert str(member) == "Hon. Valige Tauabo (Head of delegation)"
    assert str(support) == "Hon. Valige Tauabo (Focal point)"
    assert str(member.delegation.report) == "Report: Cabo Delgado visit"
    assert str(event) == "Submitted – Ana Silva (2019-08-01 09:30)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "in_writing", "submitted", "approved", "badge", "decision_badge"),
    [
        ("draft", True, False, False, "text-bg-light border", "text-bg-secondary"),
        ("submitted", False, True, False, "text-bg-warning", "text-bg-primary"),
        ("changes_requested", True, False, False, "text-bg-danger", "text-bg-warning"),
        ("approved", False, False, True, "text-bg-success", "text-bg-success"),
    ],
)
def test_report_status_properties_from_the_database(
    status, in_writing, submitted, approved, badge, decision_badge
):
    report = DelegationFactory().report
    Report.objects.filter(pk=report.pk).update(
        status=status, submitted_by=UserFactory(), submitted_at=datetime.datetime.now(datetime.UTC)
    )
    report = Report.objects.get(pk=report.pk)  # the status is a plain string here

    assert (report.in_writing, report.is_submitted, report.is_approved) == (
        in_writing,
        submitted,
        approved,
    )
    assert (report.status_badge_class, report.decision_badge_class) == (badge, decision_badge)


@pytest.mark.django_db
def test_delegation_status_badge_class_from_the_database():
    delegation = DelegationFactory(status="confirmed")

    assert Delegation.objects.get(pk=delegation.pk).status_badge_class == "text-bg-primary"


# Every model of this app with a non-negative column, and how to make one row of it
# (tests/test_constraints.py checks that none is missing).
ROW_FACTORIES = {ApprovedVersion: _version}


@pytest.mark.django_db
@check_non_negative_columns(ROW_FACTORIES)
def test_non_negative_column_refuses_negative_at_database(model, field):
    row = ROW_FACTORIES[model]()

    # -1 also breaks "numbered from 1", which PostgreSQL may name first.
    assert_database_refuses_negative(
        model, row, field, also_broken={"delegations_approved_version_number_positive"}
    )
