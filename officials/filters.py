"""Search, filters and sorting of the people list."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteModelChoiceField
from officials.enums import Gender
from officials.models import Official
from officials.selectors import official_countries
from partners.filters import FilterForm, search_words
from partners.models import Organisation


class AutocompleteFilter(django_filters.Filter):
    """Filter on a foreign key to a big table with the search-as-you-type combobox."""

    field_class = AutocompleteModelChoiceField

    @property
    def field(self):
        field = super().field
        field.widget.keeps_form = False  # a GET form: its Create stays a plain link
        return field


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sort by the chosen column, then by name and id: two people with one name keep
    their places from page to page."""

    def filter(self, qs, value):
        if not value:
            return qs
        ordering = [self.get_ordering_value(param) for param in value]
        return qs.order_by(*ordering, "full_name", "pk")


class OfficialFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, position, organisation, email")}
        ),
    )
    organisation = AutocompleteFilter(
        label=_("Organisation"),
        queryset=Organisation.objects.all(),
        url_name="partners:organisation-autocomplete",
    )
    country = django_filters.ChoiceFilter(
        label=_("Country served"), choices=official_countries, empty_label=_("Any country")
    )
    gender = django_filters.ChoiceFilter(
        label=_("Gender"), choices=Gender.choices, empty_label=_("Any gender")
    )
    o = StableOrderingFilter(
        label=_("Sort by"),
        empty_label=None,
        fields=(
            ("full_name", "name"),
            ("organisation__name", "organisation"),
            ("country", "country"),
        ),
        field_labels={
            "full_name": _("Name (A–Z)"),
            "-name": _("Name (Z–A)"),
            "organisation__name": _("Organisation (A–Z)"),
            "-organisation": _("Organisation (Z–A)"),
            "country": _("Country served (A–Z)"),
            "-country": _("Country served (Z–A)"),
        },
    )

    class Meta:
        model = Official
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset, name, value):
        return search_words(
            queryset,
            value,
            ("full_name", "position", "organisation__name", "organisation__acronym", "email"),
        )
