"""Learning objectives, highlights and follow-ups."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.admin import ServiceHistoryAdmin, VersionedAdminForm, adopt, form_data, m2m_data
from delegations.admin import (
    DelegationScopedAdminMixin,
    SameDelegationFormMixin,
)
from delegations.services import child_update
from learning.enums import FollowUpStatus
from learning.models import FollowUp, Highlight, LearningObjective
from learning.services import (
    followup_create,
    followup_set_status,
    highlight_add,
    objective_add,
    objective_items_set,
)


@admin.register(LearningObjective)
class LearningObjectiveAdmin(DelegationScopedAdminMixin, ServiceHistoryAdmin):
    list_display = ("description", "delegation_short", "topic", "order")
    list_filter = ("delegation__programme",)
    list_select_related = ("delegation", "topic")
    search_fields = ("description", "delegation__title", "topic__name")
    # The itinerary items that served the objective are linked here (the item's own admin
    # page does not know objectives: the itinerary sits below learning).
    autocomplete_fields = ("delegation", "topic", "itinerary_items")
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            data = form_data(form, changed_only=True)
            saved = child_update(obj, actor=request.user, data=data)
        else:
            saved = objective_add(
                delegation=data["delegation"],
                actor=request.user,
                description=data["description"],
                topic=data["topic"],
                order=data["order"] or 0,
            )
        items = m2m_data(form, "itinerary_items", changed_only=change)
        if items is not None:
            objective_items_set(objective=saved, items=items, actor=request.user)
        adopt(obj, saved)


class HighlightAdminForm(SameDelegationFormMixin, forms.ModelForm):
    class Meta:
        model = Highlight
        fields = ("delegation", "item", "kind", "text", "speaker", "attribution", "topic", "order")


@admin.register(Highlight)
class HighlightAdmin(DelegationScopedAdminMixin, ServiceHistoryAdmin):
    form = HighlightAdminForm
    list_display = ("__str__", "kind", "delegation_short", "speaker", "attribution", "topic")
    list_filter = ("kind", "attribution", "delegation__programme")
    list_select_related = ("delegation", "speaker", "topic")
    search_fields = ("text", "delegation__title", "speaker__full_name", "topic__name")
    autocomplete_fields = ("delegation", "item", "speaker", "topic")
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        if change:
            data = form_data(form, changed_only=True)
            saved = child_update(obj, actor=request.user, data=data)
        else:
            data = form_data(form)
            saved = highlight_add(delegation=data.pop("delegation"), actor=request.user, **data)
        adopt(obj, saved)


class FollowUpAdminForm(SameDelegationFormMixin, VersionedAdminForm):
    same_delegation_fields = ("item", "objective")

    class Meta:
        model = FollowUp
        fields = (
            "delegation",
            "description",
            "item",
            "topic",
            "objective",
            "owner_organisation",
            "owner_official",
            "due_date",
            "status",
        )


LOCKED_FOLLOW_UP = _(
    "This delegation's report is approved: only the status of its follow-ups can change."
)
FOLLOWUP_DONE = ngettext_lazy(
    "%(count)d follow-up is now “%(status)s”.",
    "%(count)d follow-ups are now “%(status)s”.",
    "count",
)


def _followup_status_action(status: FollowUpStatus):
    def action(modeladmin, request, queryset):
        modeladmin.run_service_action(
            request,
            queryset,
            lambda follow_up: followup_set_status(
                follow_up=follow_up, actor=request.user, status=status
            ),
            done=lambda count: FOLLOWUP_DONE % {"count": count, "status": status.label},
        )

    action.__name__ = f"mark_{status.value}"
    description = format_lazy(_("Set status: {status}"), status=status.label)
    return admin.action(description=description, permissions=["change"])(action)


@admin.register(FollowUp)
class FollowUpAdmin(DelegationScopedAdminMixin, ServiceHistoryAdmin):
    """Follow-ups live on after the visit: their status may change even once locked."""

    form = FollowUpAdminForm
    actions = [_followup_status_action(status) for status in FollowUpStatus]
    list_display = ("__str__", "delegation_short", "status", "due_date", "owner")
    list_filter = ("status", "delegation__programme")
    list_select_related = ("delegation", "owner_organisation", "owner_official")
    search_fields = (
        "description",
        "delegation__title",
        "owner_organisation__name",
        "owner_official__full_name",
    )
    date_hierarchy = "due_date"
    autocomplete_fields = (
        "delegation",
        "item",
        "topic",
        "objective",
        "owner_organisation",
        "owner_official",
    )
    fields = (
        "delegation",
        "description",
        "item",
        "topic",
        "objective",
        "owner_organisation",
        "owner_official",
        "due_date",
        "status",
        "version",
        "created_at",
        "updated_at",
    )
    readonly_fields = ("version", "created_at", "updated_at")

    @admin.display(description=_("owner"))
    def owner(self, obj: FollowUp) -> str:
        return " / ".join(str(o) for o in (obj.owner_organisation, obj.owner_official) if o)

    def read_only_reason(self, obj):
        return None  # The status stays editable; the other fields lock (below).

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            follow_up = self.get_object(request, unquote(object_id))
            if follow_up is not None and follow_up.delegation.locked:
                self.message_user(request, LOCKED_FOLLOW_UP, messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if obj is not None and obj.delegation.locked:
            return tuple(name for name in self.fields if name != "status")
        return readonly

    def has_delete_permission(self, request, obj=None):
        locked = obj is not None and obj.delegation.locked
        return not locked and super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if not change:
            data = form_data(form)
            saved = followup_create(delegation=data.pop("delegation"), actor=request.user, **data)
            adopt(obj, saved)
            return
        current, expected = obj, form.cleaned_data.get("expected_version")
        data = form_data(form, changed_only=True, exclude=["status"])
        if data:
            current = child_update(
                current, actor=request.user, data=data, expected_version=expected
            )
            expected = current.version
        if "status" in form.changed_data:
            current = followup_set_status(
                follow_up=current,
                actor=request.user,
                status=form.cleaned_data["status"],
                expected_version=expected,
            )
        adopt(obj, current)
