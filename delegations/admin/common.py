"""What the delegation admins share: scope and the lock."""

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.db.models import Model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from delegations.selectors import delegations_for_user
from delegations.services import delegation_at, frozen_reason

LOCKED_MESSAGE = _(
    "This delegation's report is approved: the delegation and everything under it are "
    "shown read-only until an administrator reopens the report."
)


class DelegationScopedAdminMixin:
    """Rows of (or under) a delegation: scoped, and read-only once the delegation is locked.

    `delegation_path` leads from a row to its delegation (None: the row is one);
    `parent_field` ties a row to its parent and is fixed once the row exists.
    """

    delegation_path: str | None = "delegation"
    parent_field: str | None = "delegation"

    @admin.display(description=_("delegation"))
    def delegation_short(self, obj) -> str:
        """Delegation titles are long: lists show their first words, so other columns fit."""
        return Truncator(delegation_at(obj, self.delegation_path).title).chars(45)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if getattr(request.user, "is_administrator", False):
            return queryset
        lookup = "pk__in" if self.delegation_path is None else f"{self.delegation_path}__in"
        return queryset.filter(**{lookup: delegations_for_user(user=request.user)})

    def read_only_reason(self, obj) -> str | None:
        if obj is None or obj.pk is None:
            return None
        delegation = delegation_at(obj, self.delegation_path)
        if delegation.locked:
            return LOCKED_MESSAGE
        return frozen_reason(delegation)  # with the managers: read-only until they decide

    def has_change_permission(self, request, obj=None):
        return self.read_only_reason(obj) is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self.read_only_reason(obj) is None and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and self.parent_field and self.parent_field not in readonly:
            readonly = (self.parent_field, *readonly)
        return readonly

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            reason = self.read_only_reason(self.get_object(request, unquote(object_id)))
            if reason:
                self.message_user(request, reason, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)


class LockedParentInlineMixin:
    """An inline that turns read-only when its parent's delegation is locked."""

    parent_delegation_path: str | None = None

    def parent_locked(self, obj) -> bool:
        return obj is not None and delegation_at(obj, self.parent_delegation_path).locked

    def has_add_permission(self, request, obj=None):
        return not self.parent_locked(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not self.parent_locked(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self.parent_locked(obj) and super().has_delete_permission(request, obj)


def admin_link(obj: Model, text: Any = None) -> str:
    opts = obj._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj if text is None else text)


class SameDelegationFormMixin:
    """A row under a delegation that links other rows of it (an item, an objective)."""

    same_delegation_fields: tuple[str, ...] = ("item",)

    def clean(self):
        cleaned_data = super().clean()
        delegation = cleaned_data.get("delegation") or (
            self.instance.delegation if self.instance.delegation_id else None
        )
        for name in self.same_delegation_fields:
            related = cleaned_data.get(name)
            if delegation and related and related.delegation_id != delegation.pk:
                self.add_error(name, _("Choose one from this delegation."))
        return cleaned_data
