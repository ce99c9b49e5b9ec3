"""Search and filters of the organisation list (and the shared search helper)."""

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from partners.enums import OrganisationKind
from partners.models import Organisation
from partners.selectors import accent_insensitive_regex, fold, organisation_countries

NO_COUNTRY = "none"


def search_words(queryset: QuerySet, query: str, fields: tuple[str, ...]) -> QuerySet:
    """Every word of the query in one of the fields, case- and accent-insensitively
    ("antonio mapure" finds "António Domingos Mapure")."""
    for word in fold(query).split()[:6]:
        pattern = accent_insensitive_regex(word)
        matches = Q()
        for field in fields:
            matches |= Q(**{f"{field}__iregex": pattern})
        queryset = queryset.filter(matches)
    return queryset


class FilterForm(forms.Form):
    """A filter bar: the fields side by side on wide screens; the search box and the
    search-as-you-type boxes widest (a chosen organisation's name must fit)."""

    wide_fields = ("q", "organisation")

    def column_class(self, name: str) -> str:
        if name not in self.wide_fields:
            return "col-sm-6 col-md"
        return "col-md-3" if len(self.fields) > 3 else "col-md-4"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                *(Column(name, css_class=self.column_class(name)) for name in self.fields),
                css_class="g-2",
            )
        )


class OrganisationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or acronym")}),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=OrganisationKind.choices, empty_label=_("Any kind")
    )
    country = django_filters.ChoiceFilter(
        label=_("Country"),
        method="filter_country",
        choices=lambda: [(NO_COUNTRY, _("None (international)")), *organisation_countries()],
        empty_label=_("Any country"),
    )

    class Meta:
        model = Organisation
        fields: list[str] = []
        form = FilterForm

    def search(self, queryset, name, value):
        return search_words(queryset, value, ("name", "acronym"))

    def filter_country(self, queryset, name, value):
        return queryset.filter(country="" if value == NO_COUNTRY else value)
