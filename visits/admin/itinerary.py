"""Sites, topics and the itinerary: items, counterparts met, beneficiary groups."""

from zoneinfo import ZoneInfo

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from core.admin import (
    ServiceHistoryAdmin,
    ServiceInlineMixin,
    VersionedAdminForm,
    adopt,
    form_data,
    m2m_data,
)
from core.forms import add_service_error
from delegations.admin import (
    DelegationScopedAdminMixin,
    LockedParentInlineMixin,
)
from delegations.services import child_delete, child_update
from visits.enums import ItemKind
from visits.models import BeneficiaryGroup, Counterpart, ItineraryItem, Site, Topic
from visits.services import (
    beneficiaries_record,
    counterpart_add,
    item_check_schedule,
    item_create,
    item_delete,
    item_update,
    site_save,
    topic_save,
)

ITEM_RELATIONS = ("organisations", "topics", "objectives")


@admin.register(Site)
class SiteAdmin(ServiceHistoryAdmin):
    list_display = ("name", "kind", "place", "organisation")
    list_filter = ("kind", ("place__country", CountryFilter))
    list_select_related = ("place", "place__parent", "organisation")
    search_fields = ("name", "place__name", "organisation__name", "organisation__acronym")
    autocomplete_fields = ("place", "organisation")
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        site_save(site=obj)


@admin.register(Topic)
class TopicAdmin(ServiceHistoryAdmin):
    list_display = ("name", "slug")
    list_filter = (("itinerary_items__delegation__programme", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "slug", "description")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        topic_save(topic=obj)


class CounterpartInline(LockedParentInlineMixin, ServiceInlineMixin, admin.TabularInline):
    model = Counterpart
    parent_delegation_path = "delegation"
    fields = ("official", "role", "position")
    autocomplete_fields = ("official",)
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("official")

    def service_create(self, request, parent, form):
        data = form.cleaned_data
        return counterpart_add(
            item=parent,
            official=data["official"],
            actor=request.user,
            role=data["role"],
            position=data["position"] or None,
        )

    def service_update(self, request, obj, form):
        data = form_data(form, changed_only=True, exclude=["item"])
        return child_update(obj, actor=request.user, data=data, delegation_path="item__delegation")

    def service_delete(self, request, obj) -> None:
        child_delete(obj, actor=request.user, delegation_path="item__delegation")


def record_beneficiaries(request, item, form, group=None) -> BeneficiaryGroup:
    return beneficiaries_record(
        item=item,
        actor=request.user,
        origins=list(form.cleaned_data.get("origins") or ()),
        group=group,
        **form_data(form, exclude=["item"]),
    )


class BeneficiaryGroupInline(LockedParentInlineMixin, ServiceInlineMixin, admin.StackedInline):
    model = BeneficiaryGroup
    parent_delegation_path = "delegation"
    fields = (
        ("category", "description"),
        "origins",
        ("female", "male", "other", "total", "youth"),
        "illustrative",
    )
    autocomplete_fields = ("origins",)
    extra = 0

    def service_create(self, request, parent, form):
        return record_beneficiaries(request, parent, form)

    def service_update(self, request, obj, form):
        return record_beneficiaries(request, obj.item, form, group=obj)

    def service_delete(self, request, obj) -> None:
        child_delete(obj, actor=request.user, delegation_path="item__delegation")


class ItineraryItemAdminForm(VersionedAdminForm):
    class Meta:
        model = ItineraryItem
        fields = (
            "delegation",
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "place",
            "site",
            "origin",
            "destination",
            "organisations",
            "topics",
            "objectives",
            "summary",
            "outcome",
            "illustrative",
        )

    def clean(self):
        cleaned_data = super().clean()
        site = cleaned_data.get("site")
        if site:
            cleaned_data["place"] = site.place  # where the site is, as item_create does
        delegation = cleaned_data.get("delegation") or (
            self.instance.delegation if self.instance.delegation_id else None
        )
        if delegation is not None and cleaned_data.get("kind"):
            try:
                item_check_schedule(
                    delegation=delegation,
                    kind=cleaned_data["kind"],
                    starts_at=cleaned_data.get("starts_at"),
                    ends_at=cleaned_data.get("ends_at"),
                    place=cleaned_data.get("place"),
                    origin=cleaned_data.get("origin"),
                    destination=cleaned_data.get("destination"),
                )
            except ValidationError as error:
                add_service_error(self, error)
        return cleaned_data


def _local(moment, place) -> str:
    if place is None:
        return f"{moment:%Y-%m-%d %H:%M} UTC"
    return f"{moment.astimezone(ZoneInfo(place.timezone)):%Y-%m-%d %H:%M} ({place.timezone})"


@admin.register(ItineraryItem)
class ItineraryItemAdmin(DelegationScopedAdminMixin, ServiceHistoryAdmin):
    form = ItineraryItemAdminForm
    list_display = ("title", "kind", "local_start", "place", "site", "delegation_short")
    list_filter = ("kind", "delegation__programme", "illustrative")
    list_select_related = (
        "delegation",
        "place",
        "place__parent",
        "origin",
        "destination",
        "site",
    )
    search_fields = ("title", "delegation__title", "place__name", "site__name")
    date_hierarchy = "starts_at"
    autocomplete_fields = (
        "delegation",
        "place",
        "origin",
        "destination",
        "site",
        "organisations",
        "topics",
        "objectives",
    )
    readonly_fields = ("local_times", "version", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("delegation", "kind", "title")}),
        (
            _("When and where"),
            {
                "fields": ("starts_at", "ends_at", "local_times", "place", "site"),
                "description": _(
                    "Times are entered in the server's time zone; the item must fall within "
                    "the delegation's dates in the local time of its place."
                ),
            },
        ),
        (_("Travel"), {"fields": ("origin", "destination")}),
        (_("Who and what"), {"fields": ("organisations", "topics", "objectives")}),
        (_("Record"), {"fields": ("summary", "outcome", "illustrative", "version")}),
    )
    inlines = [CounterpartInline, BeneficiaryGroupInline]

    def start_place(self, obj: ItineraryItem):
        return obj.origin if obj.kind == ItemKind.TRAVEL and obj.origin_id else obj.place

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start(self, obj: ItineraryItem) -> str:
        return _local(obj.starts_at, self.start_place(obj))

    @admin.display(description=_("local time"))
    def local_times(self, obj: ItineraryItem) -> str:
        if obj.pk is None:
            return "–"
        end_place = obj.destination if obj.kind == ItemKind.TRAVEL and obj.destination_id else None
        return f"{_local(obj.starts_at, self.start_place(obj))} – {_local(obj.ends_at, end_place or obj.place)}"

    def save_model(self, request, obj, form, change):
        if change:
            relations = {name: m2m_data(form, name, changed_only=True) for name in ITEM_RELATIONS}
            saved = item_update(
                item=obj,
                actor=request.user,
                data=form_data(form, changed_only=True),
                expected_version=form.cleaned_data.get("expected_version"),
                **relations,
            )
        else:
            data = form_data(form)
            relations = {name: m2m_data(form, name) for name in ITEM_RELATIONS}
            saved = item_create(
                delegation=data.pop("delegation"), actor=request.user, **relations, **data
            )
        adopt(obj, saved)

    def delete_model(self, request, obj):
        item_delete(item=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset.select_related("delegation"):
            item_delete(item=item, actor=request.user)


@admin.register(Counterpart)
class CounterpartAdmin(DelegationScopedAdminMixin, ServiceHistoryAdmin):
    delegation_path = "item__delegation"
    parent_field = "item"
    list_display = ("official", "role", "position", "item", "delegation_short")
    list_filter = ("role",)
    list_select_related = ("official", "item__delegation")
    search_fields = ("official__full_name", "position", "item__title", "item__delegation__title")
    autocomplete_fields = ("item", "official")
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if change:
            saved = child_update(
                obj,
                actor=request.user,
                data=form_data(form, changed_only=True),
                delegation_path="item__delegation",
            )
        else:
            saved = counterpart_add(
                item=data["item"],
                official=data["official"],
                actor=request.user,
                role=data["role"],
                position=data["position"] or None,
            )
        adopt(obj, saved)


@admin.register(BeneficiaryGroup)
class BeneficiaryGroupAdmin(DelegationScopedAdminMixin, ServiceHistoryAdmin):
    delegation_path = "item__delegation"
    parent_field = "item"
    list_display = ("category", "description", "item", "total", "female", "male", "youth")
    list_filter = ("category", "illustrative")
    list_select_related = ("item",)
    search_fields = ("description", "item__title", "item__delegation__title")
    autocomplete_fields = ("item", "origins")
    readonly_fields = ("created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        item = obj.item if change else form.cleaned_data["item"]
        adopt(obj, record_beneficiaries(request, item, form, group=obj if change else None))
