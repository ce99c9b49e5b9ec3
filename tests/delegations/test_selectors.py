"""delegations.selectors: the planning moves the delegation page offers, and how each reads."""

import datetime

import pytest
from django.utils import timezone

from delegations.enums import PlanningStatus
from delegations.selectors import planning_actions
from tests.factories.delegations import DelegationFactory

FUTURE = timezone.localdate() + datetime.timedelta(days=60)


def offered(user, delegation) -> list[tuple[str, str, str, bool]]:
    return [
        (action.to_status, str(action.button_label), action.button_class, action.cancels)
        for action in planning_actions(user=user, delegation=delegation)
        if not action.needs_reason
    ]


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (
            PlanningStatus.DRAFT,
            [
                ("planned", "Mark as Planned", "btn-outline-primary", False),
                ("cancelled", "Cancel the visit", "btn-outline-danger", True),
            ],
        ),
        (
            PlanningStatus.PLANNED,
            [
                ("draft", "Mark as Draft", "btn-outline-secondary", False),
                ("confirmed", "Mark as Confirmed", "btn-outline-primary", False),
                ("cancelled", "Cancel the visit", "btn-outline-danger", True),
            ],
        ),
        (
            PlanningStatus.CONFIRMED,
            [
                ("planned", "Mark as Planned", "btn-outline-secondary", False),
                ("completed", "Mark as Completed", "btn-outline-primary", False),
                ("cancelled", "Cancel the visit", "btn-outline-danger", True),
            ],
        ),
    ],
)
def test_a_step_back_is_quiet_a_cancel_warns_a_step_forward_stands_out(
    staff_user, programme, status, expected
):
    delegation = DelegationFactory(
        programme=programme, status=status, start_date=FUTURE, end_date=FUTURE
    )
    assert offered(staff_user, delegation) == expected


@pytest.mark.parametrize("status", [PlanningStatus.DRAFT, PlanningStatus.PLANNED])
def test_a_visit_that_is_over_is_offered_completion_in_one_step(staff_user, programme, status):
    delegation = DelegationFactory(programme=programme, status=status)  # July 2019

    assert ("completed", "Mark as Completed", "btn-outline-primary", False) in offered(
        staff_user, delegation
    )


def test_an_administrator_reopens_a_cancelled_visit_with_a_reason(administrator, programme):
    delegation = DelegationFactory(programme=programme, status=PlanningStatus.CANCELLED)
    (action,) = planning_actions(user=administrator, delegation=delegation)
    assert (action.to_status, action.needs_reason, str(action.button_label)) == (
        "draft",
        True,
        "Reopen as Draft",
    )


def test_a_manager_is_offered_no_planning_move(manager, programme):
    delegation = DelegationFactory(programme=programme, status=PlanningStatus.PLANNED)
    assert planning_actions(user=manager, delegation=delegation) == []
