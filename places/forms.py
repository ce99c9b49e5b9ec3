"""The place form: staff add a place from the place search (in place, or as a page)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteModelChoiceField
from places.models import Place
from places.services import place_default_timezone
from places.timezones import country_zones


class PlaceForm(forms.ModelForm):
    """The time zone comes from the parent, or from the country when it has one; a
    country with several offers only its own zones."""

    parent = AutocompleteModelChoiceField(
        Place.objects.select_related("parent"),
        url_name="places:autocomplete",
        label=_("Part of"),
        required=False,
        help_text=_("The state, province or region it is in, if known: Orlando is in Florida."),
    )
    timezone = forms.ChoiceField(label=_("Time zone"), required=False)

    class Meta:
        model = Place
        fields = ["name", "kind", "country", "parent", "timezone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        country = self.data.get(self.add_prefix("country")) if self.is_bound else None
        zones = country_zones(country or self.initial.get("country") or "")
        self.fields["timezone"].choices = [
            ("", _("From the country or the parent")),
            *((zone, zone) for zone in zones),
        ]
        self.fields["timezone"].help_text = (
            _("This country has several time zones: choose the one of this place.")
            if len(zones) > 1
            else _("Filled in from the country (or the parent) when you save.")
        )
        self.fields["kind"].initial = "city"
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("name", css_class="col-md-7"), Column("kind", css_class="col-md-5")),
            Row(Column("country", css_class="col-md-6"), Column("parent", css_class="col-md-6")),
            "timezone",
        )

    def clean(self):
        cleaned = super().clean()
        country, parent = cleaned.get("country"), cleaned.get("parent")
        if not country:
            return cleaned
        if parent is not None and parent.country != country:
            self.add_error("parent", _("This place is in another country."))
        zone = cleaned.get("timezone") or place_default_timezone(parent=parent, country=country)
        if not zone:
            self.add_error(
                "timezone",
                _("This country has several time zones: choose the one of this place."),
            )
        cleaned["timezone"] = zone
        return cleaned
