"""The Delegation admin as this layer extends it: learning objectives inline, links to
the records of the visit. (New dates are re-checked against the itinerary by
`delegation_update` itself: the itinerary registers that check, itinerary.apps.)"""

from django.contrib import admin
from django.db import transaction
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.admin import ServiceInlineMixin, form_data
from delegations import admin as delegations_admin
from delegations.admin import (
    LockedParentInlineMixin,
)
from delegations.models import Delegation
from delegations.services import child_delete, child_update
from itinerary.admin import local_moment
from itinerary.models import ItineraryItem
from itinerary.where import item_zones
from learning.models import Attachment, FollowUp, Highlight, LearningObjective
from learning.services import objective_add
from learning.services.attachments import attachment_files_remove_on_commit


class LearningObjectiveInline(LockedParentInlineMixin, ServiceInlineMixin, admin.TabularInline):
    model = LearningObjective
    fields = ("topic", "description", "order")
    autocomplete_fields = ("topic",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("topic")

    def service_create(self, request, parent, form):
        data = form.cleaned_data
        return objective_add(
            delegation=parent,
            actor=request.user,
            description=data["description"],
            topic=data["topic"],
            order=data["order"] or 0,
        )

    def service_update(self, request, obj, form):
        data = form_data(form, changed_only=True, exclude=["delegation"])
        return child_update(obj, actor=request.user, data=data)

    def service_delete(self, request, obj) -> None:
        child_delete(obj, actor=request.user)


admin.site.unregister(Delegation)


@admin.register(Delegation)
class DelegationAdmin(delegations_admin.DelegationAdmin):
    inlines = [*delegations_admin.DelegationAdmin.inlines, LearningObjectiveInline]
    readonly_fields = (
        *delegations_admin.DelegationAdmin.readonly_fields,
        "visit_links",
        "itinerary_table",
    )
    fieldsets = (
        *delegations_admin.DelegationAdmin.fieldsets,
        (_("The visit"), {"fields": ("visit_links", "itinerary_table")}),
    )

    @admin.display(description=_("itinerary"))
    def itinerary_table(self, obj: Delegation):
        """The items, read-only, each time where it happens, each with its edit link."""
        if obj.pk is None:
            return "–"
        items = (
            ItineraryItem.objects.filter(delegation=obj)
            .select_related("place", "site__place", "origin", "destination")
            .order_by("starts_at", "pk")
        )
        rows = [
            (
                reverse("admin:itinerary_itineraryitem_change", args=[item.pk]),
                item.title,
                item.get_kind_display(),
                local_moment(item.starts_at, item_zones(item)[0]),
                item.site or item.place or "–",
            )
            for item in items
        ]
        if not rows:
            return _("No itinerary items yet.")
        head = format_html(
            "<thead><tr><th scope='col'>{}</th><th scope='col'>{}</th>"
            "<th scope='col'>{}</th><th scope='col'>{}</th></tr></thead>",
            _("Item"),
            _("Kind"),
            _("Starts (local time)"),
            _("Where"),
        )
        body = format_html_join(
            "",
            "<tr><td><a href='{}'>{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
            rows,
        )
        return format_html("<table class='itinerary-table'>{}<tbody>{}</tbody></table>", head, body)

    @admin.display(description=_("records of the visit"))
    def visit_links(self, obj: Delegation):
        if obj.pk is None:
            return "–"
        links = [
            (
                reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
                obj.pk,
                label,
            )
            for model, label in (
                (ItineraryItem, _("Itinerary")),
                (Highlight, _("Highlights")),
                (FollowUp, _("Follow-ups")),
                (Attachment, _("Attachments")),
            )
        ]
        return format_html_join(" · ", '<a href="{}?delegation__id__exact={}">{}</a>', links)

    # A deleted delegation takes its attachments' rows with it (CASCADE): their files go too,
    # once the deletion commits, so that no later backup carries them.
    def delete_model(self, request, obj):
        with transaction.atomic():
            attachment_files_remove_on_commit(Attachment.objects.filter(delegation=obj))
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            attachment_files_remove_on_commit(Attachment.objects.filter(delegation__in=queryset))
            super().delete_queryset(request, queryset)
