from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from core.admin import ReadOnlyAdminMixin, ServiceHistoryAdmin
from officials.admin_actions import PersonalDataActionForm, download_subject_access, erase_people
from officials.models import Erasure, Official
from officials.services import official_save


@admin.register(Official)
class OfficialAdmin(ServiceHistoryAdmin):
    list_display = ("display_name", "position", "organisation", "country", "gender", "user")
    list_display_links = ("display_name",)
    list_filter = (
        "gender",
        ("country", CountryFilter),
        "honorific",
        "organisation__kind",
        "sensitive",
    )
    list_select_related = ("organisation", "user")
    search_fields = (
        "full_name",
        "position",
        "email",
        "organisation__name",
        "organisation__acronym",
    )
    autocomplete_fields = ("organisation", "user")
    readonly_fields = ("created_at", "updated_at")
    fieldsets = (
        (
            None,
            {"fields": ("honorific", "full_name", "position", "organisation", "country", "gender")},
        ),
        (_("Contact"), {"fields": ("email", "phone")}),
        (_("More"), {"fields": ("user", "notes", "sensitive", "created_at", "updated_at")}),
    )
    action_form = PersonalDataActionForm
    actions = [erase_people, download_subject_access]

    @admin.display(description=_("name"), ordering="full_name")
    def display_name(self, obj: Official) -> str:
        return obj.display_name

    def save_model(self, request, obj, form, change):
        official_save(official=obj)


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who erased which entry, when and how; nothing about the person."""

    list_display = ("__str__", "erased_at", "erased_by", "quotes", "approved_versions_rerendered")
    list_select_related = ("erased_by",)
