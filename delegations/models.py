from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel, VersionedModel, choices_check
from delegations.enums import (
    MemberRole,
    PlanningStatus,
    ReportStatus,
    ReviewAction,
    SupportRole,
)


class Delegation(VersionedModel):
    """An exchange visit as a whole: who travels, from where, to learn what, when."""

    title = models.CharField(_("title"), max_length=300)
    programme = models.ForeignKey(
        "partners.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="delegations",
    )
    purpose = models.TextField(_("purpose"), blank=True)
    background = models.TextField(
        _("background"),
        blank=True,
        help_text=_("Context, such as “about 50,000 people displaced since 2017”."),
    )
    sending_countries = CountryField(_("sending countries"), multiple=True)
    sending_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("sending organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_sent",
    )
    requested_by = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_requested",
    )
    arranged_by = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("arranged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_arranged",
    )
    host_country = CountryField(_("host country"))
    host_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations_hosted",
    )
    destinations = models.ManyToManyField(
        "places.Place", verbose_name=_("destinations"), blank=True, related_name="delegations"
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("planning status"),
        max_length=20,
        choices=PlanningStatus.choices,
        default=PlanningStatus.DRAFT,
    )
    locked = models.BooleanField(
        _("locked"),
        default=False,
        editable=False,
        help_text=_("Set while the report is approved: nothing under the delegation changes."),
    )
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    feed_generation = models.PositiveIntegerField(
        _("calendar address generation"),
        default=1,
        editable=False,
        help_text=_(
            "Part of the signed address of the itinerary's calendar subscription: "
            "renewing the address counts it up, and every older address stops working."
        ),
    )

    report_language = models.CharField(
        _("report language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_(
            "The language the report is read in by default. The report can also be "
            "produced in every other language; what people typed stays as typed."
        ),
    )

    history = HistoricalRecords(m2m_fields=[destinations])

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["programme", "-start_date"], name="delegations_prog_start_idx"),
            models.Index(fields=["status"], name="delegations_status_idx"),
            models.Index(fields=["host_country"], name="delegations_host_country_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="delegations_delegation_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            models.CheckConstraint(
                condition=Q(report_language__in=[code for code, _name in settings.LANGUAGES]),
                name="delegations_delegation_report_language_offered",
                violation_error_message=_("Choose one of the languages offered."),
            ),
            models.UniqueConstraint(
                "programme",
                Lower("title"),
                "start_date",
                name="delegations_delegation_natural_key",
                violation_error_message=_(
                    "This programme already has a delegation with this title starting that day."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(sending_countries=""),
                name="delegations_delegation_has_sending_country",
                violation_error_message=_("Name at least one sending country."),
            ),
            choices_check("status", PlanningStatus, "delegations_delegation_status_valid"),
            models.CheckConstraint(
                condition=Q(feed_generation__gte=1),
                name="delegations_delegation_feed_generation_positive",
                violation_error_message=_("The calendar address generation starts at 1."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status_badge_class(self) -> str:
        return PlanningStatus(self.status).badge_class


class DelegationMember(TimeStampedModel):
    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="members"
    )
    official = models.ForeignKey(
        "officials.Official",
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="delegation_memberships",
    )
    role = models.CharField(
        _("role in the delegation"),
        max_length=20,
        choices=MemberRole.choices,
        default=MemberRole.MEMBER,
    )
    position = models.CharField(_("position at the time of the visit"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        ordering = ["delegation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "official"],
                name="delegations_member_unique_official",
                violation_error_message=_("This official is already a member of the delegation."),
            ),
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(role=MemberRole.HEAD),
                name="delegations_member_one_head",
                violation_error_message=_("The delegation already has a head."),
            ),
            choices_check("role", MemberRole, "delegations_member_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.official} ({self.get_role_display()})"


class SupportAssignment(TimeStampedModel):
    """The host-side team that supports the delegation (focal point, logistics...)."""

    delegation = models.ForeignKey(
        Delegation,
        verbose_name=_("delegation"),
        on_delete=models.CASCADE,
        related_name="support_team",
    )
    official = models.ForeignKey(
        "officials.Official",
        verbose_name=_("official"),
        on_delete=models.PROTECT,
        related_name="support_assignments",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=SupportRole.choices, default=SupportRole.FIELD_SUPPORT
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("support assignment")
        verbose_name_plural = _("support team")
        ordering = ["delegation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "official"],
                name="delegations_support_unique_official",
                violation_error_message=_("This official is already on the support team."),
            ),
            choices_check("role", SupportRole, "delegations_support_role_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.official} ({self.get_role_display()})"


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

    history = HistoricalRecords()

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
