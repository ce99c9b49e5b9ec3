from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from core.admin import ServiceHistoryAdmin
from officials.models import Official
from officials.services import official_save


@admin.register(Official)
class OfficialAdmin(ServiceHistoryAdmin):
    list_display = ("display_name", "position", "organisation", "country", "gender", "user")
    list_display_links = ("display_name",)
    list_filter = ("gender", ("country", CountryFilter), "honorific", "organisation__kind")
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
        (_("More"), {"fields": ("user", "notes", "created_at", "updated_at")}),
    )

    @admin.display(description=_("name"), ordering="full_name")
    def display_name(self, obj: Official) -> str:
        return obj.display_name

    def save_model(self, request, obj, form, change):
        official_save(official=obj)
