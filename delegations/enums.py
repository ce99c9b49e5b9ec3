from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanningStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


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


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    APPROVED = "approved", _("Approved")


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("Submitted")
    APPROVE = "approve", _("Approved")
    REQUEST_CHANGES = "request_changes", _("Changes requested")
    REOPEN = "reopen", _("Reopened")
