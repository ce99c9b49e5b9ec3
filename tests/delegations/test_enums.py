"""What a status says about itself: the badge it wears and whose hands the report is in."""

import pytest

from delegations.enums import PlanningStatus, ReportStatus


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (PlanningStatus.DRAFT, "text-bg-light border"),
        (PlanningStatus.PLANNED, "text-bg-info"),
        (PlanningStatus.CONFIRMED, "text-bg-primary"),
        (PlanningStatus.COMPLETED, "text-bg-success"),
        (PlanningStatus.CANCELLED, "text-bg-dark"),
    ],
)
def test_planning_status_badge_class(status, expected):
    assert status.badge_class == expected


@pytest.mark.parametrize(
    ("status", "badge", "decision_badge"),
    [
        (ReportStatus.DRAFT, "text-bg-light border", "text-bg-secondary"),
        (ReportStatus.SUBMITTED, "text-bg-warning", "text-bg-primary"),
        (ReportStatus.CHANGES_REQUESTED, "text-bg-danger", "text-bg-warning"),
        (ReportStatus.APPROVED, "text-bg-success", "text-bg-success"),
    ],
)
def test_report_status_badge_classes(status, badge, decision_badge):
    assert (status.badge_class, status.decision_badge_class) == (badge, decision_badge)


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (ReportStatus.DRAFT, True),
        (ReportStatus.SUBMITTED, False),
        (ReportStatus.CHANGES_REQUESTED, True),
        (ReportStatus.APPROVED, False),
    ],
)
def test_report_status_in_writing_only_with_its_authors(status, expected):
    assert status.in_writing is expected


def test_every_status_has_its_badges():
    for status in PlanningStatus:
        assert status.badge_class.startswith("text-bg-")
    for status in ReportStatus:
        assert status.badge_class.startswith("text-bg-")
        assert status.decision_badge_class.startswith("text-bg-")
