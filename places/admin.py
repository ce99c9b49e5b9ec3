from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django_countries.filters import CountryFilter

from core.admin import ServiceHistoryAdmin
from places.models import Place
from places.services import place_default_timezone, place_save


class PlaceAdminForm(forms.ModelForm):
    class Meta:
        model = Place
        fields = ("name", "kind", "country", "parent", "timezone")

    def clean(self):
        cleaned_data = super().clean()
        # Fill the default zone before the model's "time zone set" check runs.
        country = cleaned_data.get("country")
        if country and not cleaned_data.get("timezone"):
            zone = place_default_timezone(parent=cleaned_data.get("parent"), country=country)
            if zone:
                cleaned_data["timezone"] = zone
            else:
                self.add_error("timezone", _("This country has several time zones: choose one."))
        return cleaned_data


@admin.register(Place)
class PlaceAdmin(ServiceHistoryAdmin):
    form = PlaceAdminForm
    list_display = ("name", "kind", "parent", "country", "timezone")
    list_filter = ("kind", ("country", CountryFilter))
    list_select_related = ("parent", "parent__parent")
    search_fields = ("name", "parent__name", "timezone")
    autocomplete_fields = ("parent",)
    readonly_fields = ("created_at", "updated_at")
    fields = ("name", "kind", "country", "parent", "timezone", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        place_save(place=obj)
