"""rules predicates on delegations, the permissions built from them, and the scope selector."""

import pytest
from django.contrib.auth.models import AnonymousUser

from delegations import rules as delegation_rules
from delegations.enums import ReportStatus
from delegations.models import Report
from delegations.selectors import delegations_for_user
from partners.enums import ProgrammeRole
from tests.factories.accounts import AdministratorFactory, SuperuserFactory, UserFactory
from tests.factories.delegations import DelegationFactory
from tests.factories.partners import ProgrammeFactory, ProgrammeMembershipFactory

ROLES = [
    "anonymous",
    "stranger",
    "staff",
    "manager",
    "staff_elsewhere",
    "manager_elsewhere",
    "administrator",
    "superuser",
]


@pytest.fixture
def elsewhere(db):
    return ProgrammeFactory(code="ELSE")


@pytest.fixture
def people(programme, elsewhere):
    def member(programme, role):
        user = UserFactory()
        ProgrammeMembershipFactory(user=user, programme=programme, role=role)
        return user

    return {
        "anonymous": AnonymousUser(),
        "stranger": UserFactory(),
        "staff": member(programme, ProgrammeRole.STAFF),
        "manager": member(programme, ProgrammeRole.MANAGER),
        "staff_elsewhere": member(elsewhere, ProgrammeRole.STAFF),
        "manager_elsewhere": member(elsewhere, ProgrammeRole.MANAGER),
        "administrator": AdministratorFactory(),
        "superuser": SuperuserFactory(),
    }


def _set_report_status(delegation, status, submitter=None):
    submitted = status in (ReportStatus.SUBMITTED, ReportStatus.APPROVED)
    Report.objects.filter(delegation=delegation).update(
        status=status,
        submitted_by=submitter or (UserFactory() if submitted else None),
        submitted_at="2019-07-30T10:00:00Z" if submitted else None,
    )
    delegation.report.refresh_from_db()


def _submit(delegation, submitter):
    _set_report_status(delegation, ReportStatus.SUBMITTED, submitter)


# --- predicates ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", (False, False, False)),
        ("stranger", (False, False, False)),
        ("staff", (False, True, False)),
        ("manager", (False, False, True)),
        ("staff_elsewhere", (False, False, False)),
        ("manager_elsewhere", (False, False, False)),
        ("administrator", (True, False, False)),
        ("superuser", (True, False, False)),
    ],
)
def test_role_predicates(people, programme, role, expected):
    delegation = DelegationFactory(programme=programme)
    user = people[role]

    assert (
        delegation_rules.is_administrator(user),
        delegation_rules.is_programme_staff(user, delegation),
        delegation_rules.is_programme_manager(user, delegation),
    ) == expected


def test_role_predicates_without_delegation(people):
    for user in people.values():
        assert not delegation_rules.is_programme_staff(user, None)
        assert not delegation_rules.is_programme_manager(user, None)
        assert not delegation_rules.is_unlocked(user, None)
        assert not delegation_rules.report_is_submitted(user, None)


@pytest.mark.django_db
@pytest.mark.parametrize(("locked", "expected"), [(False, True), (True, False)])
def test_is_unlocked(locked, expected):
    assert delegation_rules.is_unlocked(None, DelegationFactory(locked=locked)) is expected


@pytest.mark.parametrize("status", ReportStatus.values)
def test_report_is_submitted(people, programme, status):
    delegation = DelegationFactory(programme=programme)
    _set_report_status(delegation, status)

    assert delegation_rules.report_is_submitted(None, delegation) is (status == "submitted")


@pytest.mark.parametrize(
    ("author", "expected"),
    [("submitted_by", False), ("last_edited_by", False), (None, True)],
)
def test_did_not_author_report(people, programme, author, expected):
    delegation = DelegationFactory(programme=programme)
    manager = people["manager"]
    if author:
        setattr(delegation.report, author, manager)

    assert delegation_rules.did_not_author_report(manager, delegation) is expected


@pytest.mark.parametrize("status", ReportStatus.values)
def test_report_status_predicates(programme, status):
    delegation = DelegationFactory(programme=programme)
    _set_report_status(delegation, status)

    assert delegation_rules.report_in_writing(None, delegation) is (
        status in ("draft", "changes_requested")
    )
    assert delegation_rules.report_is_approved(None, delegation) is (status == "approved")
    assert not delegation_rules.report_in_writing(None, None)
    assert not delegation_rules.report_is_approved(None, None)


@pytest.mark.parametrize("role", ROLES)
def test_is_reviewer(people, programme, role):
    delegation = DelegationFactory(programme=programme)

    expected = role in {"manager", "administrator", "superuser"}
    assert delegation_rules.is_reviewer(people[role], delegation) is expected


# --- what the review page offers ------------------------------------------------------------

# Who is offered what, by report status (unlocked delegation, report submitted by staff).
OFFERED = {
    "can_edit_report": {
        "draft": {"staff", "administrator", "superuser"},
        "changes_requested": {"staff", "administrator", "superuser"},
    },
    "can_submit_report": {
        "draft": {"staff", "administrator", "superuser"},
        "changes_requested": {"staff", "administrator", "superuser"},
    },
    "can_review_report": {"submitted": {"manager", "administrator", "superuser"}},
    # An administrator takes back an approved report, or one still with the managers.
    "can_reopen_report": {
        "approved": {"administrator", "superuser"},
        "submitted": {"administrator", "superuser"},
    },
    "is_held_by_four_eyes": {},  # nobody: the staff submitted it
}


@pytest.mark.parametrize("name", OFFERED)
@pytest.mark.parametrize("status", ReportStatus.values)
@pytest.mark.parametrize("role", ROLES)
def test_review_page_offers(people, programme, name, status, role):
    delegation = DelegationFactory(programme=programme)
    _set_report_status(delegation, status, people["staff"])

    expected = role in OFFERED[name].get(status, set())
    assert getattr(delegation_rules, name)(people[role], delegation) is expected


@pytest.mark.parametrize("role", ["staff", "administrator"])
def test_locked_report_is_not_offered_for_editing(people, programme, role):
    delegation = DelegationFactory(programme=programme, locked=True)

    assert not delegation_rules.can_edit_report(people[role], delegation)
    assert delegation_rules.can_submit_report(people[role], delegation) is (role == "administrator")


@pytest.mark.parametrize("author", ["submitted_by", "last_edited_by"])
@pytest.mark.parametrize("role", ["staff", "manager", "administrator"])
def test_four_eyes_holds_a_reviewer_who_wrote_the_report(people, programme, author, role):
    delegation = DelegationFactory(programme=programme)
    _submit(delegation, people["staff"])
    setattr(delegation.report, author, people[role])

    assert not delegation_rules.can_review_report(people[role], delegation)
    assert delegation_rules.is_held_by_four_eyes(people[role], delegation) is (role != "staff")


# --- permissions --------------------------------------------------------------------------

# Who may do what with a delegation of `programme` (unlocked, report submitted by staff).
# Under review its content is frozen: staff no longer edit it (administrators pass the
# permission, and the services refuse them until they reopen the report).
ALLOWED = {
    "delegations.view_delegation_obj": {"staff", "manager", "administrator", "superuser"},
    "delegations.change_delegation_obj": {"administrator", "superuser"},
    "delegations.submit_report": {"staff", "administrator", "superuser"},
    "delegations.review_report": {"manager", "administrator", "superuser"},
    "delegations.reopen": {"administrator", "superuser"},
}


@pytest.mark.parametrize("perm", ALLOWED)
@pytest.mark.parametrize("role", ROLES)
def test_object_permission(people, programme, perm, role):
    delegation = DelegationFactory(programme=programme)
    _submit(delegation, people["staff"])

    assert people[role].has_perm(perm, delegation) is (role in ALLOWED[perm])


@pytest.mark.parametrize("role", ["staff", "manager", "administrator"])
def test_locked_delegation_is_read_only_for_staff(people, programme, role):
    delegation = DelegationFactory(programme=programme, locked=True)
    user = people[role]

    assert user.has_perm("delegations.view_delegation_obj", delegation)
    assert delegation_rules.can_edit(user, delegation) is (role == "administrator")
    assert delegation_rules.can_submit(user, delegation) is (role == "administrator")


@pytest.mark.parametrize("status", ["draft", "changes_requested", "approved"])
@pytest.mark.parametrize("role", ["manager", "administrator"])
def test_can_review_only_a_submitted_report(people, programme, status, role):
    delegation = DelegationFactory(programme=programme)
    _set_report_status(delegation, status)

    assert not delegation_rules.can_review(people[role], delegation)


@pytest.mark.parametrize("role", ["manager", "administrator"])
def test_can_review_refuses_the_submitter(people, programme, role):
    """Four eyes. (Note: `user.has_perm` answers True for any administrator whatever the
    object, because EmailBackend grants administrators everything; the rule itself and the
    review services are what enforce four eyes for them.)"""
    delegation = DelegationFactory(programme=programme)
    _submit(delegation, people[role])

    assert not delegation_rules.can_review(people[role], delegation)
    if role == "manager":
        assert not people[role].has_perm("delegations.review_report", delegation)


# --- scope --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "visible"),
    [
        ("anonymous", set()),
        ("stranger", set()),
        ("staff", {"home"}),
        ("manager", {"home"}),
        ("staff_elsewhere", {"else"}),
        ("manager_elsewhere", {"else"}),
        ("administrator", {"home", "else", "orphan"}),
        ("superuser", {"home", "else", "orphan"}),
    ],
)
def test_delegations_for_user_scope(people, programme, elsewhere, role, visible):
    DelegationFactory(programme=programme, title="home")
    DelegationFactory(programme=elsewhere, title="else")
    DelegationFactory(title="orphan")

    titles = set(delegations_for_user(user=people[role]).values_list("title", flat=True))

    assert titles == visible


def test_delegations_for_user_lists_once_and_loads_programme_and_report(
    people, programme, django_assert_num_queries
):
    staff = people["staff"]
    ProgrammeMembershipFactory(programme=programme, role=ProgrammeRole.MANAGER)
    DelegationFactory.create_batch(3, programme=programme)
    assert not staff.is_administrator  # looked up once, then cached on the user

    with django_assert_num_queries(1):
        rows = [(d.programme.code, d.report.status) for d in delegations_for_user(user=staff)]

    assert rows == [("PHSS", "draft")] * 3
