"""The report, each step of its review, and its approved versions (one per approval,
stored in every language and never rendered again)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.history import SaveMarkedHistory
from core.models import VersionedModel, choices_check
from delegations.enums import (
    ReportStatus,
    ReviewAction,
)
from delegations.models.delegation import Delegation


class Report(VersionedModel):
    """The delegation report's narrative and review state: one per delegation."""

    delegation = models.OneToOneField(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="report"
    )
    summary = models.TextField(_("summary"), blank=True)
    key_learnings = models.TextField(_("key learnings"), blank=True)
    recommendations = models.TextField(_("recommendations"), blank=True)
    status = models.CharField(
        _("report status"),
        max_length=20,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        editable=False,
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    history = HistoricalRecords(bases=[SaveMarkedHistory])

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-delegation__start_date"]
        indexes = [models.Index(fields=["status"], name="delegations_report_status_idx")]
        constraints = [
            choices_check("status", ReportStatus, "delegations_report_status_valid"),
            models.CheckConstraint(
                condition=~Q(status__in=[ReportStatus.SUBMITTED, ReportStatus.APPROVED])
                | Q(submitted_by__isnull=False, submitted_at__isnull=False),
                name="delegations_report_submitted_has_submitter",
                violation_error_message=_("A submitted report records who submitted it."),
            ),
        ]

    def __str__(self) -> str:
        return _("Report: %(title)s") % {"title": self.delegation.title}

    @property
    def in_writing(self) -> bool:
        """A draft, or sent back for changes: its authors write and submit it."""
        return ReportStatus(self.status).in_writing

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    @property
    def is_approved(self) -> bool:
        return self.status == ReportStatus.APPROVED

    @property
    def status_badge_class(self) -> str:
        return ReportStatus(self.status).badge_class

    @property
    def decision_badge_class(self) -> str:
        return ReportStatus(self.status).decision_badge_class


class ReviewEvent(models.Model):
    """One step of a report's review: who did what, when, and why."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="review_events",
    )
    action = models.CharField(_("action"), max_length=20, choices=ReviewAction.choices)
    from_status = models.CharField(_("from status"), max_length=20, choices=ReportStatus.choices)
    to_status = models.CharField(_("to status"), max_length=20, choices=ReportStatus.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("review event")
        verbose_name_plural = _("review events")
        ordering = ["report", "created_at", "pk"]
        constraints = [
            choices_check("action", ReviewAction, "delegations_review_action_valid"),
            choices_check("from_status", ReportStatus, "delegations_review_from_status_valid"),
            choices_check("to_status", ReportStatus, "delegations_review_to_status_valid"),
            models.CheckConstraint(
                condition=~Q(action__in=[ReviewAction.REQUEST_CHANGES, ReviewAction.REOPEN])
                | ~Q(comment=""),
                name="delegations_review_comment_when_required",
                violation_error_message=_("Say why: a comment is required."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.actor} ({self.created_at:%Y-%m-%d %H:%M})"


def approved_version_upload_to(instance, filename: str) -> str:
    """reports/<delegation>/v<number>-<language>-<hash>.pdf: a new name for every file.
    (Migration 0008 names this function; the files now belong to ApprovedRendition.)"""
    report = (
        instance.approved_version.report
        if isinstance(instance, ApprovedRendition)
        else instance.report
    )
    return f"reports/{report.delegation_id}/{filename}"


class ApprovedVersion(models.Model):
    """One approval of the report, numbered: who approved it and when. Its renditions
    (one per language, rendered once at approval and never again) are what the approved
    report page and PDF serve, whatever changes later in the directory."""

    report = models.ForeignKey(
        Report,
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="approved_versions",
    )
    review_event = models.OneToOneField(
        ReviewEvent,
        verbose_name=_("approval"),
        on_delete=models.PROTECT,
        related_name="approved_version",
    )
    number = models.PositiveIntegerField(_("version"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"))
    # Set for a report approved before versions were stored, stored later from the records
    # of that day (reports.services.store_missing_approved_version): not necessarily what
    # the approver saw. Empty for a version stored at its approval.
    stored_after_approval_on = models.DateField(
        _("stored after approval, on"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("approved version")
        verbose_name_plural = _("approved versions")
        ordering = ["report", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                name="delegations_approved_version_unique_number",
                violation_error_message=_("This report already has a version with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="delegations_approved_version_number_positive",
                violation_error_message=_("Versions are numbered from 1."),
            ),
        ]

    def __str__(self) -> str:
        return _("Approved version %(number)s of %(report)s") % {
            "number": self.number,
            "report": self.report,
        }


class ApprovedRendition(models.Model):
    """An approved version in one language: its HTML and PDF as stored at approval, each
    with its SHA-256. Approval stores one per language offered (settings.LANGUAGES);
    versions approved before that have one, in the report language of the time."""

    approved_version = models.ForeignKey(
        ApprovedVersion,
        verbose_name=_("approved version"),
        on_delete=models.CASCADE,
        related_name="renditions",
    )
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    html = models.FileField(_("HTML"), upload_to=approved_version_upload_to, max_length=300)
    pdf = models.FileField(_("PDF"), upload_to=approved_version_upload_to, max_length=300)
    html_sha256 = models.CharField(_("SHA-256 of the HTML"), max_length=64)
    pdf_sha256 = models.CharField(_("SHA-256 of the PDF"), max_length=64)

    class Meta:
        verbose_name = _("approved rendition")
        verbose_name_plural = _("approved renditions")
        ordering = ["approved_version", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["approved_version", "language"],
                name="delegations_approved_rendition_unique_language",
                violation_error_message=_("This version is already stored in this language."),
            ),
            models.CheckConstraint(
                condition=Q(language__in=[code for code, _name in settings.LANGUAGES]),
                name="delegations_approved_rendition_language_offered",
                violation_error_message=_("Choose one of the languages offered."),
            ),
            models.CheckConstraint(
                condition=Q(html_sha256__regex=r"^[0-9a-f]{64}$")
                & Q(pdf_sha256__regex=r"^[0-9a-f]{64}$"),
                name="delegations_approved_rendition_sha256",
                violation_error_message=_("A SHA-256 is 64 hexadecimal digits."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.approved_version} ({self.get_language_display()})"
