"""Sites, topics and the itinerary: items, counterparts met, beneficiary groups."""

from zoneinfo import ZoneInfo

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from core.admin import (
    ReadableHistoryHelper,
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
from itinerary.forms.items import aware_in, local_wall_clock, zone_label
from itinerary.forms.widgets import WallClockField
from itinerary.models import BeneficiaryGroup, Counterpart, ItineraryItem, Site, Topic
from itinerary.services import (
    beneficiaries_record,
    counterpart_add,
    item_check_schedule,
    item_create,
    item_delete,
    item_update,
    site_save,
    topic_save,
)
from itinerary.where import item_place, item_zones

ITEM_RELATIONS = ("organisations", "topics")
MOMENTS = ("starts_at", "ends_at")


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


def zone_help(zone: ZoneInfo | None) -> str:
    if zone is None:
        return gettext(
            "No place chosen: read in the server's time zone, %(zone)s. Once a place is "
            "chosen (a site, or for travel the origin and destination), the time where it "
            "happens."
        ) % {"zone": timezone.get_current_timezone_name()}
    return gettext("In %(zone)s, the time where it happens.") % {"zone": zone_label(zone)}


class ItineraryItemAdminForm(VersionedAdminForm):
    """Starts and ends are typed and shown as the wall clock where the item happens, as on
    the staff item form (itinerary.forms.items): the start in the zone of its place (the
    site's place; the origin for travel), the end in that of its place (the destination for
    travel). With no place, the server's zone."""

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
            "summary",
            "outcome",
            "illustrative",
        )
        field_classes = dict.fromkeys(MOMENTS, WallClockField)
        # The browser's own date and time pickers: the admin's "Now" shortcut and its note
        # on the server's offset would speak of the server's zone, not the place's.
        widgets = dict.fromkeys(
            MOMENTS,
            forms.SplitDateTimeWidget(
                date_attrs={"type": "date"},
                time_attrs={"type": "time"},
                date_format="%Y-%m-%d",
                time_format="%H:%M",
            ),
        )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored = {name: getattr(self.instance, name) for name in MOMENTS}
        zones = item_zones(self.instance) if self.instance.pk else (None, None)
        for name, zone in zip(MOMENTS, zones, strict=True):
            if zone is not None and self.stored[name] is not None:
                # What was shown, and what a change is measured against (changed_data).
                self.initial[name] = local_wall_clock(self.stored[name], zone)
        self.name_zones(*zones)

    def name_zones(self, start: ZoneInfo | None, end: ZoneInfo | None) -> None:
        for name, zone in zip(MOMENTS, (start, end), strict=True):
            if name in self.fields:
                # The bound field copies its help text when first built (in validation).
                self.fields[name].help_text = self[name].help_text = zone_help(zone)

    def clean(self):
        cleaned_data = super().clean()
        # Where the site is, as item_create does (itinerary.where).
        place = item_place(place=cleaned_data.get("place"), site=cleaned_data.get("site"))
        if place is not None:
            cleaned_data["place"] = place
        self.read_wall_clocks(cleaned_data)
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

    def read_wall_clocks(self, cleaned_data: dict) -> None:
        """The typed wall clocks as aware moments, in the zones of the places chosen in this
        form (the new ones, not the item's old ones). The typed text itself is left alone,
        so a form with errors shows back what was typed."""
        zones = item_zones(cleaned_data)
        self.name_zones(*zones)
        for name, zone in zip(MOMENTS, zones, strict=True):
            wall_clock = cleaned_data.get(name)
            if wall_clock is None:
                continue
            try:
                cleaned_data[name] = (
                    aware_in(wall_clock, zone) if zone else from_current_timezone(wall_clock)
                )
            except ValidationError as error:  # a time the server's zone skips or repeats
                self.add_error(name, error)

    @property
    def changed_data(self) -> list[str]:
        """Django compares the wall clocks; a start changes when its moment does (the same
        09:00 at a place in another zone is another moment)."""
        changed = super().changed_data
        cleaned_data = getattr(self, "cleaned_data", {})
        moments = [name for name in MOMENTS if cleaned_data.get(name) is not None]
        changed = [name for name in changed if name not in moments]
        changed += [name for name in moments if cleaned_data[name] != self.stored[name]]
        return changed


def local_moment(moment, zone: ZoneInfo | None) -> str:
    if zone is None:
        local = timezone.localtime(moment)
        return f"{local:%Y-%m-%d %H:%M} ({timezone.get_current_timezone_name()})"
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M} ({zone.key})"


class ItemHistoryHelper(ReadableHistoryHelper):
    """An item's past starts and ends in the zone of where it happened, as the form shows."""

    def prepare_delta_change_value(self, change, value):
        if change.field in MOMENTS and value is not None:
            start_zone, end_zone = item_zones(self.record)
            return local_moment(value, start_zone if change.field == "starts_at" else end_zone)
        return super().prepare_delta_change_value(change, value)


@admin.register(ItineraryItem)
class ItineraryItemAdmin(DelegationScopedAdminMixin, ServiceHistoryAdmin):
    def get_historical_record_context_helper(self, request, historical_record):
        return ItemHistoryHelper(self.model, historical_record)

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
        "site__place",
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
    )
    readonly_fields = ("local_times", "version", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("delegation", "kind", "title")}),
        (
            _("When and where"),
            {
                "fields": ("starts_at", "ends_at", "local_times", "place", "site"),
                "description": _(
                    "Type each time as the wall clock where it happens: the start in the time "
                    "zone of the place (the site's place when there is a site; the origin for "
                    "travel), the end in that of the place (the destination for travel). The "
                    "zones come from the place, site, origin and destination chosen on this "
                    "page when you save. With no place chosen, times are read in the server's "
                    "time zone. The item must fall within the delegation's dates in local time."
                ),
            },
        ),
        (_("Travel"), {"fields": ("origin", "destination")}),
        (_("Who and what"), {"fields": ("organisations", "topics")}),
        (_("Record"), {"fields": ("summary", "outcome", "illustrative", "version")}),
    )
    inlines = [CounterpartInline, BeneficiaryGroupInline]

    @admin.display(description=_("starts (local time)"), ordering="starts_at")
    def local_start(self, obj: ItineraryItem) -> str:
        return local_moment(obj.starts_at, item_zones(obj)[0])

    @admin.display(description=_("local time"))
    def local_times(self, obj: ItineraryItem) -> str:
        """The saved item's times where it happens: on a read-only page (a locked delegation)
        Django shows the start and end in the server's zone, so this line says it locally."""
        if obj.pk is None:
            return "–"
        start_zone, end_zone = item_zones(obj)
        return f"{local_moment(obj.starts_at, start_zone)} – {local_moment(obj.ends_at, end_zone)}"

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
