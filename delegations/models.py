import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from core.history import SaveMarkedHistory
from core.models import VersionedModel, choices_check
from delegations.enums import (
    MemberRole,
    PlanningStatus,
    ReportStatus,
    ReviewAction,
    SupportRole,
    TeamSide,
)


def _history_model_name(name: str) -> str:
    """Historical model names: the destinations' through model keeps the name its history
    table had while Django created the through model itself."""
    if name == "DelegationDestination":
        return "HistoricalDelegation_destinations"
    return f"Historical{name}"


class DelegationDestination(models.Model):
    """A place the delegation travels to, in the order of travel."""

    delegation = models.ForeignKey(
        "delegations.Delegation", verbose_name=_("delegation"), on_delete=models.CASCADE
    )
    place = models.ForeignKey("places.Place", verbose_name=_("place"), on_delete=models.CASCADE)
    order = models.PositiveSmallIntegerField(_("order of travel"), default=0)

    class Meta:
        db_table = "delegations_delegation_destinations"
        verbose_name = _("destination")
        verbose_name_plural = _("destinations")
        ordering = ["delegation", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "place"],
                name="delegations_destination_unique_place",
                violation_error_message=_("This place is already a destination."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.place)


# Kept by name so a service can write the delegation's history row itself after it has
# written the many-to-many rows (destinations in their order of travel) without signals.
DELEGATION_HISTORY = HistoricalRecords(
    m2m_fields=["destinations", "sending_organisations"],
    custom_model_name=_history_model_name,
    bases=[SaveMarkedHistory],
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
    project = models.ForeignKey(
        "partners.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        help_text=_("The programme's project that funds the visit, if any."),
    )
    sending_organisations = models.ManyToManyField(
        "partners.Organisation",
        verbose_name=_("sending organisations"),
        blank=True,
        related_name="delegations_sent",
        help_text=_("The governments or bodies that send the officials."),
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
        "places.Place",
        verbose_name=_("destinations"),
        blank=True,
        related_name="delegations",
        through=DelegationDestination,
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    status = models.CharField(
        _("planning status"),
        max_length=20,
        choices=PlanningStatus.choices,
        default=PlanningStatus.DRAFT,
    )
    no_head = models.BooleanField(
        _("no head (group visit)"),
        default=False,
        help_text=_("The delegation travels as a group, without a head of delegation."),
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

    feed_renewed_on = models.DateField(
        _("calendar address renewed on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "The calendar subscription works until 14 days after the visit ends, or after "
            "this day if later."
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

    history = DELEGATION_HISTORY

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        ordering = ["-start_date", "title"]
        indexes = [
            models.Index(fields=["status"], name="delegations_status_idx"),
            models.Index(fields=["host_country"], name="delegations_host_country_idx"),
            # The list's orderings (delegations.filters.SORTS), read in index order so a
            # page costs the same whatever the number of delegations; "oldest first" reads
            # the first one backwards, sorting only ties of a date by title. The dashboard's
            # reports in writing (oldest visit first, over several programmes) walk it too.
            models.Index(fields=["-start_date", "title", "id"], name="delegations_list_order_idx"),
            models.Index(fields=["title", "-start_date", "id"], name="delegations_title_order_idx"),
            # The list of one programme's staff (delegations_listed_for): its pages, however
            # deep, are read from the index alone, in order.
            models.Index(
                fields=["programme", "-start_date", "title", "id"],
                name="delegations_prog_order_idx",
            ),
            # The countries the list's filters offer (selectors.delegation_countries).
            models.Index(fields=["programme", "host_country"], name="delegations_prog_host_idx"),
            models.Index(
                fields=["programme", "sending_countries"], name="delegations_prog_sending_idx"
            ),
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

    def get_absolute_url(self) -> str:
        return reverse("delegations:detail", args=[self.pk])

    @property
    def status_badge_class(self) -> str:
        return PlanningStatus(self.status).badge_class

    @property
    def head_missing(self) -> bool:
        """No head among the members (prefetched) and not marked a group visit without one:
        a missing piece that does not stop the report."""
        return not self.no_head and not any(
            member.role == MemberRole.HEAD for member in self.members.all()
        )

    @property
    def support_sides(self) -> list[dict]:
        """The support team by side (hosts first): side, label, rows, what to say if none.
        Reads `support_team.all()`, prefetched by the pages."""
        rows = list(self.support_team.all())
        return [
            {
                "side": side.value,
                "label": side.label,
                "empty": side.empty_label,
                "rows": [row for row in rows if row.side == side],
            }
            for side in TeamSide
        ]

    @property
    def destinations_in_order(self) -> list:
        """The destinations in the order of travel (prefetched as `destination_links` by
        delegations.selectors.DESTINATION_LINKS)."""
        links = getattr(self, "destination_links", None)
        if links is None:
            links = self.delegationdestination_set.select_related("place__parent")
        return [link.place for link in links]

    @property
    def feed_expires_on(self) -> datetime.date:
        """The last day the calendar subscription works: FEED_DAYS_AFTER_VISIT days after
        the visit ends, or after the address was last renewed if that is later."""
        last = max(self.end_date, self.feed_renewed_on or self.end_date)
        return last + datetime.timedelta(days=settings.FEED_DAYS_AFTER_VISIT)


class Leg(VersionedModel):
    """One part of a visit: a city or region, its dates and its own local hosts.

    Items fall into a leg by where and when they happen (itinerary.legs); a visit
    without legs is one part, hosted as the delegation says.
    """

    delegation = models.ForeignKey(
        Delegation, verbose_name=_("delegation"), on_delete=models.CASCADE, related_name="legs"
    )
    place = models.ForeignKey(
        "places.Place",
        verbose_name=_("city or region"),
        on_delete=models.PROTECT,
        related_name="legs",
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    host_organisation = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("local host organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legs_hosted",
    )
    requested_by = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legs_requested",
    )
    arranged_by = models.ForeignKey(
        "partners.Organisation",
        verbose_name=_("arranged by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="legs_arranged",
    )
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords(bases=[SaveMarkedHistory])

    class Meta:
        verbose_name = _("leg")
        verbose_name_plural = _("legs")
        ordering = ["delegation", "start_date", "end_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="delegations_leg_end_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.UniqueConstraint(
                fields=["delegation", "place", "start_date"],
                name="delegations_leg_unique_place_start",
                violation_error_message=_(
                    "The delegation already has a leg in this place starting that day."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.place} ({self.start_date:%d %b} – {self.end_date:%d %b %Y})"


class DelegationMember(VersionedModel):
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

    history = HistoricalRecords(bases=[SaveMarkedHistory])

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

    def get_absolute_url(self) -> str:
        return reverse("delegations:detail", args=[self.delegation_id]) + "#members"


class SupportAssignment(VersionedModel):
    """Who supports the delegation: the host team (focal point, logistics...), for the
    whole visit or one leg, and the sending side's focal points."""

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
    side = models.CharField(
        _("side"), max_length=20, choices=TeamSide.choices, default=TeamSide.HOST
    )
    leg = models.ForeignKey(
        Leg,
        verbose_name=_("leg"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="support_team",
        help_text=_("Blank: supports the whole visit."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    history = HistoricalRecords(bases=[SaveMarkedHistory])

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
            choices_check("side", TeamSide, "delegations_support_side_valid"),
            models.CheckConstraint(
                condition=Q(side=TeamSide.HOST) | Q(leg__isnull=True),
                name="delegations_support_leg_only_for_hosts",
                violation_error_message=_("Only the host support team is assigned to a leg."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.official} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return reverse("delegations:detail", args=[self.delegation_id]) + "#support-team"


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
