from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from core.admin import DuplicateWarningAdminForm, ReadOnlyAdminMixin, ServiceHistoryAdmin
from officials.admin_actions import PersonalDataActionForm, download_subject_access, erase_people
from officials.models import Erasure, Official
from officials.selectors import official_duplicates
from officials.services import official_save
from partners.admin import FoldedSearchMixin


class OfficialAdminForm(DuplicateWarningAdminForm):
    class Meta:
        model = Official
        fields = (
            "honorific",
            "full_name",
            "position",
            "organisation",
            "country",
            "gender",
            "email",
            "phone",
            "user",
            "notes",
        )

    def find_duplicates(self, cleaned_data: dict) -> list:
        if not cleaned_data.get("full_name"):
            return []
        organisation = cleaned_data.get("organisation")
        return official_duplicates(
            full_name=cleaned_data["full_name"],
            organisation_id=organisation.pk if organisation else None,
            country=cleaned_data.get("country", ""),
        )


@admin.register(Official)
class OfficialAdmin(FoldedSearchMixin, ServiceHistoryAdmin):
    form = OfficialAdminForm
    folded_search_fields = ("full_name", "organisation__name", "organisation__acronym")
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
            {
                "fields": (
                    "honorific",
                    "rank",
                    "full_name",
                    "position",
                    "organisation",
                    "country",
                    "gender",
                )
            },
        ),
        (_("Contact"), {"fields": ("email", "phone")}),
        (_("More"), {"fields": ("user", "notes", "sensitive", "created_at", "updated_at")}),
    )
    action_form = PersonalDataActionForm
    actions = [erase_people, download_subject_access]

    @admin.display(description=_("name"), ordering="full_name")
    def display_name(self, obj: Official) -> str:
        return obj.display_name

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return [*fieldsets, (_("Duplicates"), {"fields": ("confirm_different",)})]
        return fieldsets

    def save_model(self, request, obj, form, change):
        official_save(official=obj)


@admin.register(Erasure)
class ErasureAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Who erased which entry, when and how; nothing about the person."""

    list_display = ("__str__", "erased_at", "erased_by", "quotes", "approved_versions_rerendered")
    list_select_related = ("erased_by",)
    search_fields = ("=official_id", "erased_by__email", "erased_by__full_name")
