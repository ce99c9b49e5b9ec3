from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanningStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")

    @property
    def badge_class(self) -> str:
        """The Bootstrap classes of this status's badge."""
        return _PLANNING_BADGES[self]


class MemberRole(models.TextChoices):
    HEAD = "head", _("Head of delegation")
    DEPUTY_HEAD = "deputy_head", _("Deputy head")
    MEMBER = "member", _("Member")
    TECHNICAL_ADVISER = "technical_adviser", _("Technical adviser")
    INTERPRETER = "interpreter", _("Interpreter")
    OBSERVER = "observer", _("Observer")


class SupportRole(models.TextChoices):
    FOCAL_POINT = "focal_point", _("Focal point")
    LOGISTICS = "logistics", _("Logistics")
    FIELD_SUPPORT = "field_support", _("Field support")
    INTERPRETER = "interpreter", _("Interpreter")
    SECURITY = "security", _("Security")


class TeamSide(models.TextChoices):
    """Which side a support team member works for: the hosts, or the sending side."""

    HOST = "host", _("Host support team")
    SENDING = "sending", _("Sending-side focal points")

    @property
    def empty_label(self) -> str:
        """What a page says when nobody is recorded on this side."""
        if self == TeamSide.SENDING:
            return _("No focal point of the sending side recorded.")
        return _("No support team recorded.")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")

    @property
    def in_writing(self) -> bool:
        """With its authors (a draft, or sent back): what they edit and submit."""
        return self in (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED)

    @property
    def badge_class(self) -> str:
        """The badge on delegation lists and pages (status_badges.html)."""
        return _REPORT_BADGES[self]

    @property
    def decision_badge_class(self) -> str:
        """The badge where the review is the subject: the review page and the dashboard."""
        return _REPORT_DECISION_BADGES[self]


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    APPROVE = "approve", _("Approved")
    REQUEST_CHANGES = "request_changes", _("Changes requested")
    REOPEN = "reopen", _("Reopened")


_PLANNING_BADGES = {
    PlanningStatus.DRAFT: "text-bg-light border",
    PlanningStatus.PLANNED: "text-bg-info",
    PlanningStatus.CONFIRMED: "text-bg-primary",
    PlanningStatus.COMPLETED: "text-bg-success",
    PlanningStatus.CANCELLED: "text-bg-dark",
}

_REPORT_BADGES = {
    ReportStatus.DRAFT: "text-bg-light border",
    ReportStatus.SUBMITTED: "text-bg-warning",
    ReportStatus.CHANGES_REQUESTED: "text-bg-danger",
    ReportStatus.APPROVED: "text-bg-success",
}

_REPORT_DECISION_BADGES = {
    ReportStatus.DRAFT: "text-bg-secondary",
    ReportStatus.SUBMITTED: "text-bg-primary",
    ReportStatus.CHANGES_REQUESTED: "text-bg-warning",
    ReportStatus.APPROVED: "text-bg-success",
}
