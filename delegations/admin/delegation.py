"""The delegation, its members and its host support team."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_countries import countries
from django_countries.filters import CountryFilter

from core.admin import (
    CommentActionForm,
    ServiceHistoryAdmin,
    ServiceInlineMixin,
    VersionedAdminForm,
    action_comment,
    adopt,
    form_data,
    m2m_data,
)
from delegations.admin.common import (
    DelegationScopedAdminMixin,
    LockedParentInlineMixin,
    admin_link,
)
from delegations.admin.workflow import ReviewButtonsMixin
from delegations.enums import PlanningStatus
from delegations.models import (
    Delegation,
    DelegationMember,
    Leg,
    Report,
    ReviewEvent,
    SupportAssignment,
)
from delegations.services import (
    delegation_create,
    delegation_set_status,
    delegation_update,
    leg_add,
    leg_remove,
    leg_update,
    member_add,
    member_remove,
    member_update,
    support_assign,
    support_remove,
    support_update,
)
from places.models import Place


class MemberInline(LockedParentInlineMixin, ServiceInlineMixin, admin.TabularInline):
    model = DelegationMember
    fields = ("official", "role", "position", "order")
    autocomplete_fields = ("official",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("official")

    def service_create(self, request, parent, form):
        data = form.cleaned_data
        return member_add(
            delegation=parent,
            official=data["official"],
            actor=request.user,
            role=data["role"],
            position=data["position"] or None,
            order=data["order"] or None,
        )

    def service_update(self, request, obj, form):
        return member_update(
            member=obj,
            actor=request.user,
            **form_data(form, changed_only=True, exclude=["delegation"]),
        )

    def service_delete(self, request, obj) -> None:
        member_remove(member=obj, actor=request.user)


class SupportInline(LockedParentInlineMixin, ServiceInlineMixin, admin.TabularInline):
    model = SupportAssignment
    fields = ("official", "role", "side", "leg", "order")
    autocomplete_fields = ("official",)
    extra = 0
    verbose_name_plural = _("support team and sending-side focal points")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """A row's leg is one of the delegation's being edited."""
        if db_field.name == "leg":
            match = request.resolver_match
            pk = match.kwargs.get("object_id") if match else None
            kwargs["queryset"] = Leg.objects.filter(delegation_id=pk).select_related("place")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("official")

    def service_create(self, request, parent, form):
        data = form.cleaned_data
        return support_assign(
            delegation=parent,
            official=data["official"],
            actor=request.user,
            role=data["role"],
            side=data["side"],
            leg=data["leg"],
            order=data["order"] or None,
        )

    def service_update(self, request, obj, form):
        return support_update(
            assignment=obj,
            actor=request.user,
            **form_data(form, changed_only=True, exclude=["delegation"]),
        )

    def service_delete(self, request, obj) -> None:
        support_remove(assignment=obj, actor=request.user)


class LegInline(LockedParentInlineMixin, ServiceInlineMixin, admin.TabularInline):
    model = Leg
    fields = ("place", "start_date", "end_date", "host_organisation", "requested_by", "arranged_by")
    autocomplete_fields = ("place", "host_organisation", "requested_by", "arranged_by")
    extra = 0

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("place__parent", "host_organisation", "requested_by", "arranged_by")
        )

    def service_create(self, request, parent, form):
        return leg_add(
            delegation=parent,
            actor=request.user,
            **form_data(form, exclude=["delegation", "id"]),
        )

    def service_update(self, request, obj, form):
        return leg_update(
            leg=obj,
            actor=request.user,
            data=form_data(form, changed_only=True, exclude=["delegation"]),
        )

    def service_delete(self, request, obj) -> None:
        leg_remove(leg=obj, actor=request.user)


class DelegationAdminForm(VersionedAdminForm):
    # Not "destinations": the admin refuses a many-to-many with its own through model.
    places_in_order = forms.ModelMultipleChoiceField(
        Place.objects.select_related("parent"),
        label=_("destinations"),
        required=False,
        widget=AutocompleteSelectMultiple(Delegation._meta.get_field("destinations"), admin.site),
        help_text=_("In the order of travel."),
    )

    class Meta:
        model = Delegation
        fields = (
            "title",
            "programme",
            "purpose",
            "background",
            "sending_countries",
            "sending_organisations",
            "project",
            "requested_by",
            "arranged_by",
            "host_country",
            "host_organisation",
            "start_date",
            "end_date",
            "no_head",
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["places_in_order"] = [
                link.place_id for link in self.instance.delegationdestination_set.all()
            ]


STATUS_ACTIONS = {
    PlanningStatus.DRAFT: _("Set back to draft (a cancelled delegation: give the reason)"),
    PlanningStatus.PLANNED: _("Mark as planned"),
    PlanningStatus.CONFIRMED: _("Mark as confirmed (a completed delegation: give the reason)"),
    PlanningStatus.COMPLETED: _("Mark as completed"),
    PlanningStatus.CANCELLED: _("Mark as cancelled"),
}


STATUS_DONE = ngettext_lazy(
    "%(count)d delegation is now “%(status)s”.",
    "%(count)d delegations are now “%(status)s”.",
    "count",
)


def _status_action(to_status: PlanningStatus):
    """An action moving each selected delegation to `to_status`, with the bar's reason."""

    def action(modeladmin, request, queryset):
        reason = action_comment(request)
        modeladmin.run_service_action(
            request,
            queryset,
            lambda delegation: delegation_set_status(
                delegation=delegation, actor=request.user, to_status=to_status, reason=reason
            ),
            done=lambda count: STATUS_DONE % {"count": count, "status": to_status.label},
        )

    action.__name__ = f"mark_{to_status.value}"
    return admin.action(description=STATUS_ACTIONS[to_status], permissions=["change"])(action)


@admin.register(Delegation)
class DelegationAdmin(ReviewButtonsMixin, DelegationScopedAdminMixin, ServiceHistoryAdmin):
    delegation_path = None
    parent_field = None
    form = DelegationAdminForm
    change_form_template = "delegations/admin/review_change_form.html"
    action_form = CommentActionForm
    actions = [_status_action(status) for status in STATUS_ACTIONS]
    # Fits 1,366 px: the title cut to its first words, no end date (the date bar has it).
    list_display = (
        "title_short",
        "programme_code",
        "host_country",
        "start_date",
        "status",
        "report_status",
        "locked",
    )

    @admin.display(description=_("title"), ordering="title")
    def title_short(self, obj: Delegation) -> str:
        return Truncator(obj.title).chars(60)

    @admin.display(description=_("programme"), ordering="programme__code")
    def programme_code(self, obj: Delegation) -> str:
        return obj.programme.code

    list_filter = (
        "status",
        "locked",
        "programme",
        ("host_country", CountryFilter),
        "report__status",
    )
    list_select_related = ("programme", "report")
    search_fields = (
        "title",
        "programme__code",
        "programme__name",
        "sending_organisations__name",
        "host_organisation__name",
        "destinations__name",
        "members__official__full_name",
    )

    def widen_search(self, queryset, found, search_term: str):
        """The host country by its name ("Kenya"), not only its code."""
        term = search_term.casefold()
        codes = [code for code, name in countries if term in str(name).casefold()]
        return found | queryset.filter(host_country__in=codes) if codes else found

    date_hierarchy = "start_date"
    autocomplete_fields = (
        "programme",
        "project",
        "sending_organisations",
        "requested_by",
        "arranged_by",
        "host_organisation",
    )
    readonly_fields = (
        "status",
        "report_link",
        "locked",
        "version",
        "last_edited_by",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (
            None,
            {"fields": ("title", "programme", "project", "status", "purpose", "background")},
        ),
        (
            _("Who"),
            {
                "fields": (
                    "sending_countries",
                    "sending_organisations",
                    "requested_by",
                    "arranged_by",
                    "host_country",
                    "host_organisation",
                    "no_head",
                )
            },
        ),
        (_("Where and when"), {"fields": ("places_in_order", "start_date", "end_date")}),
        (
            _("Record"),
            {
                "fields": (
                    "report_link",
                    "locked",
                    "version",
                    "last_edited_by",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )
    inlines = [MemberInline, LegInline, SupportInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("programme", "report")

    def report_of(self, obj: Delegation) -> Report:
        return obj.report

    def delegation_of_obj(self, obj: Delegation) -> Delegation:
        return obj

    @admin.display(description=_("report"), ordering="report__status")
    def report_status(self, obj: Delegation):
        report = getattr(obj, "report", None)
        return admin_link(report, report.get_status_display()) if report else None

    @admin.display(description=_("report"))
    def report_link(self, obj: Delegation):
        report = getattr(obj, "report", None) if obj.pk else None
        if report is None:
            return _("Created with the delegation.")
        return admin_link(report, f"{report} ({report.get_status_display()})")

    def save_model(self, request, obj, form, change):
        """Through the services. A change is one `delegation_update`, dates included: the
        checks other apps register with it (itinerary: the itinerary still fits) run on it."""
        if change:
            saved = self.update_delegation(request, obj, form)
        else:
            saved = delegation_create(
                actor=request.user,
                destinations=m2m_data(form, "places_in_order") or (),
                sending_organisations=m2m_data(form, "sending_organisations") or (),
                **form_data(form),
            )
        adopt(obj, saved)

    def update_delegation(self, request, obj: Delegation, form) -> Delegation:
        data = form_data(form, changed_only=True)
        destinations = m2m_data(form, "places_in_order", changed_only=True)
        senders = m2m_data(form, "sending_organisations", changed_only=True)
        if not data and destinations is None and senders is None:
            return obj
        return delegation_update(
            delegation=obj,
            actor=request.user,
            data=data,
            destinations=destinations,
            sending_organisations=senders,
            expected_version=form.cleaned_data.get("expected_version"),
        )

    def get_deleted_objects(self, objs, request):
        """The report and its review trail go with their delegation: no rights of their own."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        perms_needed -= {Report._meta.verbose_name, ReviewEvent._meta.verbose_name}
        return deleted, counts, perms_needed, protected


@admin.register(DelegationMember)
class DelegationMemberAdmin(DelegationScopedAdminMixin, ServiceHistoryAdmin):
    list_display = ("official", "delegation_short", "role", "position", "order")
    list_filter = ("role", "delegation__programme")
    list_select_related = ("official", "delegation")
    search_fields = ("official__full_name", "position", "delegation__title")
    autocomplete_fields = ("delegation", "official")
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = member_update(
                member=obj, actor=request.user, **form_data(form, changed_only=True)
            )
        else:
            saved = member_add(
                delegation=data["delegation"],
                official=data["official"],
                actor=request.user,
                role=data["role"],
                position=data["position"] or None,
                order=data["order"] or None,
            )
        adopt(obj, saved)

    def delete_model(self, request, obj):
        member_remove(member=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for member in queryset.select_related("delegation"):
            member_remove(member=member, actor=request.user)


@admin.register(SupportAssignment)
class SupportAssignmentAdmin(DelegationScopedAdminMixin, ServiceHistoryAdmin):
    list_display = ("official", "delegation_short", "role", "side", "leg", "order")
    list_filter = ("role", "side", "delegation__programme")
    list_select_related = ("official", "delegation", "leg__place")
    search_fields = ("official__full_name", "delegation__title")
    autocomplete_fields = ("delegation", "official", "leg")
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = support_update(
                assignment=obj, actor=request.user, **form_data(form, changed_only=True)
            )
        else:
            saved = support_assign(
                delegation=data["delegation"],
                official=data["official"],
                actor=request.user,
                role=data["role"],
                side=data["side"],
                leg=data["leg"],
                order=data["order"] or None,
            )
        adopt(obj, saved)

    def delete_model(self, request, obj):
        support_remove(assignment=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for assignment in queryset.select_related("delegation"):
            support_remove(assignment=assignment, actor=request.user)


@admin.register(Leg)
class LegAdmin(DelegationScopedAdminMixin, ServiceHistoryAdmin):
    list_display = ("place", "delegation_short", "start_date", "end_date", "host_organisation")
    list_filter = ("delegation__programme",)
    list_select_related = ("place__parent", "delegation", "host_organisation")
    search_fields = ("place__name", "delegation__title", "host_organisation__name")
    autocomplete_fields = (
        "delegation",
        "place",
        "host_organisation",
        "requested_by",
        "arranged_by",
    )
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        if change:
            saved = leg_update(
                leg=obj,
                actor=request.user,
                data=form_data(form, changed_only=True, exclude=["delegation"]),
            )
        else:
            saved = leg_add(actor=request.user, **form_data(form))
        adopt(obj, saved)

    def delete_model(self, request, obj):
        leg_remove(leg=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for leg in queryset.select_related("delegation"):
            leg_remove(leg=leg, actor=request.user)
