"""What a follow-up status says about itself: closed or still owed, its badge, the others."""

import pytest

from learning.enums import CLOSED_FOLLOW_UP_STATUSES, FollowUpStatus
from learning.models import FollowUp


@pytest.mark.parametrize(
    ("status", "closed", "badge"),
    [
        (FollowUpStatus.PROPOSED, False, "text-bg-secondary"),
        (FollowUpStatus.AGREED, False, "text-bg-info"),
        (FollowUpStatus.IN_PROGRESS, False, "text-bg-primary"),
        (FollowUpStatus.DONE, True, "text-bg-success"),
        (FollowUpStatus.DROPPED, True, "text-bg-light border"),
    ],
)
def test_follow_up_status_closed_and_badge(status, closed, badge):
    assert (status.is_closed, status.badge_class) == (closed, badge)


def test_closed_follow_up_statuses_are_done_and_dropped():
    assert set(CLOSED_FOLLOW_UP_STATUSES) == {FollowUpStatus.DONE, FollowUpStatus.DROPPED}


def test_a_follow_up_offers_every_other_status_in_order():
    follow_up = FollowUp(status=FollowUpStatus.IN_PROGRESS)
    assert follow_up.other_statuses == [
        ("proposed", "Proposed"),
        ("agreed", "Agreed"),
        ("done", "Done"),
        ("dropped", "Dropped"),
    ]
