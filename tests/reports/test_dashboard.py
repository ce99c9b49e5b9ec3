"""The dashboard: what waits for a manager, what staff have in hand; scoped and lean."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from delegations import rules as delegation_rules
from delegations.enums import MemberRole, PlanningStatus, ReportStatus
from delegations.models import Report
from delegations.services import (
    other_reviewers,
    report_approve,
    report_reopen,
    report_request_changes,
    report_submit,
    report_update,
)
from itinerary.services import item_update
from learning.enums import FollowUpStatus, HighlightKind
from learning.services import highlight_add
from partners.enums import ProgrammeRole
from reports import dashboard
from tests.factories.accounts import UserFactory
from tests.factories.delegations import DelegationFactory, DelegationMemberFactory
from tests.factories.itinerary import ItineraryItemFactory
from tests.factories.learning import FollowUpFactory
from tests.factories.partners import ProgrammeMembershipFactory
from tests.support.queries import assert_constant_queries

URL = reverse("reports:dashboard")


def _complete(programme, title, author):
    delegation = DelegationFactory(programme=programme, title=title)
    DelegationMemberFactory(delegation=delegation, role=MemberRole.HEAD)
    ItineraryItemFactory(delegation=delegation)
    report_update(report=delegation.report, actor=author, summary="A week of learning.")
    return delegation


def _submitted(programme, title, author):
    delegation = _complete(programme, title, author)
    if not other_reviewers(delegation, actor=author).exists():  # someone to review it
        ProgrammeMembershipFactory(programme=programme, role=ProgrammeRole.MANAGER)
    report_submit(report=Report.objects.get(delegation=delegation), actor=author)
    return delegation


def _section(text: str, testid: str) -> str:
    start = text.index(f'data-testid="{testid}"')
    return text[start : text.index("</ul>", start)]


@pytest.fixture
def other_manager(programme):
    user = UserFactory(email="manager2@example.org")
    ProgrammeMembershipFactory(user=user, programme=programme, role=ProgrammeRole.MANAGER)
    return user


def test_dashboard_anonymous_goes_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_dashboard_manager_sees_reports_awaiting_review(
    manager_client, programme, staff_user, manager, other_programme, other_staff
):
    _submitted(programme, "Waiting for you", staff_user)
    mine = _complete(programme, "You edited this one", staff_user)
    report_update(report=Report.objects.get(delegation=mine), actor=manager, summary="Mine.")
    report_submit(report=Report.objects.get(delegation=mine), actor=staff_user)
    _submitted(other_programme, "Another programme's", other_staff)
    _complete(programme, "Still a draft", staff_user)
    text = manager_client.get(URL).content.decode()
    awaiting = _section(text, "awaiting")
    assert "Waiting for you" in awaiting
    assert "You edited this one" not in awaiting  # four eyes
    assert "Another programme" not in text
    assert "Still a draft" not in awaiting


def test_dashboard_manager_sees_recent_decisions_only(
    manager_client, programme, staff_user, other_manager
):
    approved = _submitted(programme, "Approved lately", staff_user)
    report_approve(report=Report.objects.get(delegation=approved), actor=other_manager)
    sent_back = _submitted(programme, "Sent back lately", staff_user)
    report_request_changes(
        report=Report.objects.get(delegation=sent_back), actor=other_manager, comment="More."
    )
    old = _submitted(programme, "Approved long ago", staff_user)
    report_approve(report=Report.objects.get(delegation=old), actor=other_manager)
    Report.objects.filter(delegation=old).update(
        updated_at=timezone.now() - datetime.timedelta(days=45)
    )
    decided = _section(manager_client.get(URL).content.decode(), "decided")
    assert "Approved lately" in decided and "Sent back lately" in decided
    assert "Approved long ago" not in decided


def test_dashboard_manager_sees_follow_ups_due(manager_client, programme, other_programme):
    today = timezone.localdate()
    delegation = DelegationFactory(programme=programme)
    elsewhere = DelegationFactory(programme=other_programme)
    rows = [
        ("Overdue training", -3, FollowUpStatus.AGREED, delegation),
        ("Soon workshop", 10, FollowUpStatus.IN_PROGRESS, delegation),
        ("Far away plan", 40, FollowUpStatus.AGREED, delegation),
        ("Already done", -3, FollowUpStatus.DONE, delegation),
        ("Dropped idea", 2, FollowUpStatus.DROPPED, delegation),
        ("Not our programme", -1, FollowUpStatus.AGREED, elsewhere),
    ]
    for description, days, status, owner in rows:
        FollowUpFactory(
            delegation=owner,
            description=description,
            status=status,
            due_date=today + datetime.timedelta(days=days),
        )
    text = manager_client.get(URL).content.decode()
    assert "Overdue training" in _section(text, "overdue")
    assert "Soon workshop" in _section(text, "due-soon")
    for absent in ("Far away plan", "Already done", "Dropped idea", "Not our programme"):
        assert absent not in text


def test_dashboard_manager_sees_planning_counts(manager_client, programme, other_programme):
    DelegationFactory.create_batch(2, programme=programme, status=PlanningStatus.PLANNED)
    DelegationFactory(programme=programme, status=PlanningStatus.COMPLETED)
    DelegationFactory(programme=other_programme, status=PlanningStatus.PLANNED)
    response = manager_client.get(URL)
    assert dict(response.context["planning"]) == {
        "Draft": 0,
        "Planned": 2,
        "Confirmed": 0,
        "Completed": 1,
        "Cancelled": 0,
    }
    assert "Delegations by planning status" in response.content.decode()


def test_dashboard_staff_sees_drafts_and_why_reports_came_back(
    staff_client, programme, staff_user, manager, other_programme
):
    _complete(programme, "Draft in hand", staff_user)
    back = _submitted(programme, "Came back", staff_user)
    report_request_changes(
        report=Report.objects.get(delegation=back), actor=manager, comment="Add the costs."
    )
    _submitted(programme, "With the managers", staff_user)
    DelegationFactory(programme=other_programme, title="Not yours")
    text = staff_client.get(URL).content.decode()
    assert "Draft in hand" in _section(text, "drafts")
    sent_back = _section(text, "sent-back")
    assert "Came back" in sent_back and "Add the costs." in sent_back
    assert "With the managers" not in text
    assert "Not yours" not in text
    assert "Reports awaiting your review" not in text  # staff are not managers


def test_dashboard_administrator_sees_every_programme(
    admin_client, programme, other_programme, staff_user, other_staff
):
    _submitted(programme, "PHSS report", staff_user)
    _submitted(other_programme, "LMD report", other_staff)
    DelegationFactory(programme=other_programme, title="LMD draft")
    text = admin_client.get(URL).content.decode()
    awaiting = _section(text, "awaiting")
    assert "PHSS report" in awaiting and "LMD report" in awaiting
    assert "LMD draft" in _section(text, "drafts")


def test_dashboard_without_programme_says_so(client, db):
    client.force_login(UserFactory())
    assert "nothing waits for you here" in client.get(URL).content.decode()


@pytest.mark.parametrize("role", ["manager", "staff", "admin"])
def test_dashboard_query_count_is_constant(
    client, programme, staff_user, manager, administrator, other_manager, role
):
    client.force_login({"manager": manager, "staff": staff_user, "admin": administrator}[role])
    today = timezone.localdate()
    numbers = itertools.count()

    def add_rows(n):
        for _ in range(n):
            i = next(numbers)
            waiting = _submitted(programme, f"Waiting {i}", staff_user)
            decided = _submitted(programme, f"Decided {i}", staff_user)
            report_request_changes(
                report=Report.objects.get(delegation=decided), actor=other_manager, comment="Why"
            )
            _complete(programme, f"Draft {i}", staff_user)
            FollowUpFactory(delegation=waiting, due_date=today - datetime.timedelta(days=1 + i % 5))
            FollowUpFactory(delegation=waiting, due_date=today + datetime.timedelta(days=i % 5))

    add_rows(1)
    assert_constant_queries(client, URL, add_rows)
    context = client.get(URL).context
    if role == "staff":
        assert len(context["drafts"]) == 5 and len(context["sent_back"]) == 5
    else:
        assert len(context["awaiting"]) == 5 and len(context["overdue"]) == 5


# --- four eyes from the history, as on the review page ------------------------------------


def _changed_by(delegation, user):
    """`user` changes something under the delegation (an item's title), as staff may."""
    item_update(item=delegation.itinerary_items.get(), actor=user, data={"title": "Retitled"})


def test_dashboard_hides_a_report_the_manager_changed_anything_under(
    manager_client, programme, staff_user, manager, administrator
):
    changed = _complete(programme, "An item retitled by you", staff_user)
    _changed_by(changed, manager)
    report_submit(report=Report.objects.get(delegation=changed), actor=staff_user)
    highlighted = _complete(programme, "A highlight added by you", staff_user)
    highlight_add(delegation=highlighted, actor=manager, kind=HighlightKind.LESSON, text="Mine")
    report_submit(report=Report.objects.get(delegation=highlighted), actor=staff_user)
    # Changed before the version someone else approved: a new cycle, theirs to decide.
    earlier = _complete(programme, "Changed by you, approved since", staff_user)
    _changed_by(earlier, manager)
    report_submit(report=Report.objects.get(delegation=earlier), actor=staff_user)
    report_approve(report=Report.objects.get(delegation=earlier), actor=administrator)
    report_reopen(report=Report.objects.get(delegation=earlier), actor=administrator, comment="x")
    report_submit(report=Report.objects.get(delegation=earlier), actor=staff_user)
    _submitted(programme, "Untouched by you", staff_user)

    awaiting = _section(manager_client.get(URL).content.decode(), "awaiting")

    assert "Untouched by you" in awaiting
    assert "Changed by you, approved since" in awaiting
    assert "An item retitled by you" not in awaiting
    assert "A highlight added by you" not in awaiting
    # The review page's rule, report by report.
    for report in Report.objects.filter(status=ReportStatus.SUBMITTED):
        held = delegation_rules.is_held_by_four_eyes(manager, report.delegation)
        assert (report.delegation.title in awaiting) is (not held), report.delegation.title


def test_dashboard_four_eyes_reads_a_fixed_number_of_queries(
    manager_client, programme, staff_user, manager
):
    numbers = itertools.count()

    def add_rows(n):
        for _ in range(n):
            i = next(numbers)
            held = _complete(programme, f"Held {i}", staff_user)
            _changed_by(held, manager)
            report_submit(report=Report.objects.get(delegation=held), actor=staff_user)
            _submitted(programme, f"Yours {i}", staff_user)

    add_rows(1)
    assert_constant_queries(manager_client, URL, add_rows, more=3)
    awaiting = manager_client.get(URL).context["awaiting"]
    assert sorted(r.delegation.title for r in awaiting) == [f"Yours {i}" for i in range(4)]


def test_reports_held_by_four_eyes_do_not_crowd_out_those_the_manager_may_decide_on(
    manager_client, programme, staff_user, manager, monkeypatch
):
    """The list is cut after the held reports are left out: four held reports submitted
    first do not leave a list of three empty; past three, the badge says "3+"."""
    monkeypatch.setattr(dashboard, "SHOWN", 3)
    for i in range(4):
        held = _complete(programme, f"Held {i}", staff_user)
        _changed_by(held, manager)
        report_submit(report=Report.objects.get(delegation=held), actor=staff_user)
    for i in range(3):
        _submitted(programme, f"Yours {i}", staff_user)

    response = manager_client.get(URL)
    assert [r.delegation.title for r in response.context["awaiting"]] == [
        "Yours 0",
        "Yours 1",
        "Yours 2",
    ]
    assert 'data-testid="awaiting-more"' not in response.content.decode()

    _submitted(programme, "Yours 3", staff_user)
    response = manager_client.get(URL)
    text = response.content.decode()
    assert len(response.context["awaiting"]) == 3
    assert "Yours 3" not in _section(text, "awaiting")
    assert "The 3 oldest are listed; more wait." in text
    assert "?report_status=submitted" in text
    count = text.split('data-testid="awaiting-count">', 1)[1].split("</span></h2>", 1)[0]
    assert count.startswith("3") and "or more" in count
