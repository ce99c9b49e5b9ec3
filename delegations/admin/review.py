"""The report's narrative and its review: transitions are admin actions calling services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries.filters import CountryFilter

from core.admin import (
    CommentActionForm,
    ReadOnlyAdminMixin,
    ReadOnlyInlineMixin,
    ServiceHistoryAdmin,
    VersionedAdminForm,
    action_comment,
    adopt,
    form_data,
)
from delegations.admin.common import DelegationScopedAdminMixin, admin_link
from delegations.admin.workflow import ReviewButtonsMixin
from delegations.enums import ReportStatus
from delegations.models import ApprovedRendition, ApprovedVersion, Report, ReviewEvent
from delegations.services import (
    report_approve,
    report_missing_pieces,
    report_reopen,
    report_request_changes,
    report_submit,
    report_update,
)


class ReviewEventInline(ReadOnlyInlineMixin, admin.TabularInline):
    model = ReviewEvent
    fields = ("created_at", "action", "actor", "from_status", "to_status", "comment")
    verbose_name_plural = _("review history")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")


class ReportAdminForm(VersionedAdminForm):
    class Meta:
        model = Report
        fields = ("summary", "key_learnings", "recommendations")


def _review_action(name: str, description, call, done):
    """An action calling a review service on each selected report, with the bar's comment."""

    def action(modeladmin, request, queryset):
        comment = action_comment(request)
        modeladmin.run_service_action(
            request,
            queryset.select_related("delegation"),
            lambda report: call(report=report, actor=request.user, comment=comment),
            done=lambda count: done % {"count": count},
        )

    action.__name__ = name
    return admin.action(description=description, permissions=["change"])(action)


@admin.register(Report)
class ReportAdmin(ReviewButtonsMixin, DelegationScopedAdminMixin, ServiceHistoryAdmin):
    form = ReportAdminForm
    change_form_template = "delegations/admin/review_change_form.html"
    action_form = CommentActionForm
    actions = [
        _review_action(
            "submit_reports",
            _("Submit for review"),
            lambda report, actor, comment: report_submit(report=report, actor=actor),
            ngettext_lazy(
                "%(count)d report submitted for review.",
                "%(count)d reports submitted for review.",
                "count",
            ),
        ),
        _review_action(
            "approve_reports",
            _("Approve (locks the delegation)"),
            report_approve,
            ngettext_lazy("%(count)d report approved.", "%(count)d reports approved.", "count"),
        ),
        _review_action(
            "request_changes",
            _("Send back for changes (say what, in the comment)"),
            report_request_changes,
            ngettext_lazy(
                "%(count)d report sent back for changes.",
                "%(count)d reports sent back for changes.",
                "count",
            ),
        ),
        _review_action(
            "reopen_reports",
            _("Reopen an approved report (say why, in the comment)"),
            report_reopen,
            ngettext_lazy("%(count)d report reopened.", "%(count)d reports reopened.", "count"),
        ),
    ]
    list_display = (
        "delegation_title",
        "programme",
        "status",
        "submitted_by",
        "submitted_at",
        "last_edited_by",
        "updated_at",
    )
    list_filter = (
        "status",
        "delegation__programme",
        ("delegation__host_country", CountryFilter),
    )
    date_hierarchy = "delegation__start_date"
    list_select_related = ("delegation", "delegation__programme", "submitted_by", "last_edited_by")
    search_fields = ("delegation__title", "summary")
    readonly_fields = (
        "delegation_link",
        "status",
        "missing_pieces",
        "submitted_by",
        "submitted_at",
        "last_edited_by",
        "version",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("delegation_link", "status", "missing_pieces")}),
        (_("Narrative"), {"fields": ("summary", "key_learnings", "recommendations")}),
        (
            _("Record"),
            {"fields": ("submitted_by", "submitted_at", "last_edited_by", "version", "updated_at")},
        ),
    )
    inlines = [ReviewEventInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("delegation__programme")

    def report_of(self, obj: Report) -> Report:
        return obj

    def delegation_of_obj(self, obj: Report):
        return obj.delegation

    @admin.display(description=_("delegation"), ordering="delegation__title")
    def delegation_title(self, obj: Report) -> str:
        return obj.delegation.title

    @admin.display(description=_("programme"), ordering="delegation__programme__code")
    def programme(self, obj: Report) -> str:
        return obj.delegation.programme.code

    @admin.display(description=_("delegation"))
    def delegation_link(self, obj: Report):
        return admin_link(obj.delegation)

    @admin.display(description=_("missing before submission"))
    def missing_pieces(self, obj: Report) -> str:
        if obj.status not in (ReportStatus.DRAFT, ReportStatus.CHANGES_REQUESTED):
            return "–"
        return "; ".join(report_missing_pieces(obj.delegation)) or _("Nothing: ready to submit.")

    def read_only_reason(self, obj) -> str | None:
        if obj is not None and obj.pk is not None and obj.status == ReportStatus.SUBMITTED:
            return _("The report is with the reviewers; it can be edited once they decide.")
        return super().read_only_reason(obj)

    def has_add_permission(self, request):
        return False  # Created with its delegation.

    def has_delete_permission(self, request, obj=None):
        return False  # Goes with its delegation.

    def save_model(self, request, obj, form, change):
        data = form_data(form, changed_only=True)
        if data:
            saved = report_update(
                report=obj,
                actor=request.user,
                expected_version=form.cleaned_data.get("expected_version"),
                **data,
            )
            adopt(obj, saved)


@admin.register(ReviewEvent)
class ReviewEventAdmin(ReadOnlyAdminMixin, DelegationScopedAdminMixin, admin.ModelAdmin):
    """The review trail: written only by the review services, never edited."""

    delegation_path = "report__delegation"
    parent_field = "report"
    list_display = ("report", "action", "actor", "from_status", "to_status", "created_at")
    list_filter = ("action", "to_status")
    list_select_related = ("report__delegation", "actor")
    search_fields = ("report__delegation__title", "actor__email", "actor__full_name", "comment")
    date_hierarchy = "created_at"
    fields = ("report", "action", "actor", "from_status", "to_status", "comment", "created_at")

    def read_only_reason(self, obj) -> str | None:
        return None


class ApprovedRenditionInline(ReadOnlyInlineMixin, admin.TabularInline):
    """The version's files, one row per language, as stored at approval (read-only)."""

    model = ApprovedRendition
    fields = ("language", "html", "html_sha256", "pdf", "pdf_sha256")


@admin.register(ApprovedVersion)
class ApprovedVersionAdmin(ReadOnlyAdminMixin, DelegationScopedAdminMixin, admin.ModelAdmin):
    """The approved versions of the reports: stored at approval (reports.services) in every
    language, never edited; each file downloads from the report's review timeline."""

    delegation_path = "report__delegation"
    parent_field = "report"
    list_display = ("report", "number", "approved_by", "approved_at")
    list_select_related = ("report__delegation", "approved_by")
    search_fields = (
        "report__delegation__title",
        "renditions__pdf_sha256",
        "renditions__html_sha256",
    )
    date_hierarchy = "approved_at"
    fields = ("report", "number", "approved_by", "approved_at")
    inlines = [ApprovedRenditionInline]

    def read_only_reason(self, obj) -> str | None:
        return None


@admin.register(ApprovedRendition)
class ApprovedRenditionAdmin(ReadOnlyAdminMixin, DelegationScopedAdminMixin, admin.ModelAdmin):
    """One language of an approved version: its files and their SHA-256, as stored."""

    delegation_path = "approved_version__report__delegation"
    parent_field = "approved_version"
    list_display = ("approved_version", "language", "pdf_sha256")
    list_filter = ("language",)
    list_select_related = ("approved_version__report__delegation",)
    search_fields = ("approved_version__report__delegation__title", "pdf_sha256", "html_sha256")
    fields = ("approved_version", "language", "html", "html_sha256", "pdf", "pdf_sha256")

    def read_only_reason(self, obj) -> str | None:
        return None
