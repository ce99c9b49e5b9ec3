"""The delegation list's filters, search and sort (django-filter)."""

import django_filters
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from core.ids import IdModelChoiceFilter
from delegations.enums import PlanningStatus, ReportStatus
from delegations.forms import DelegationFilterForm
from delegations.models import Delegation
from delegations.selectors import delegation_countries
from partners.models import Programme
from partners.selectors import programmes_for_user

SEARCH_FIELDS = (
    "title",
    "purpose",
    "background",
    "programme__code",
    "programme__name",
    "sending_organisations__name",
    "sending_organisations__acronym",
    "host_organisation__name",
    "host_organisation__acronym",
)

# The planning order, so "status" sorts draft -> planned -> ... rather than alphabetically.
STATUS_ORDER = Case(
    *(When(status=value, then=Value(index)) for index, value in enumerate(PlanningStatus.values)),
    output_field=IntegerField(),
)
DEFAULT_ORDER = ("-start_date", "title", "pk")
SORTS = {
    "-start_date": ("-start_date", "title", "pk"),
    "start_date": ("start_date", "title", "pk"),
    "title": ("title", "-start_date", "pk"),
    "-title": ("-title", "-start_date", "pk"),
    "status": (STATUS_ORDER, "-start_date", "pk"),
}
SORT_CHOICES = (
    ("-start_date", _("Newest first")),
    ("start_date", _("Oldest first")),
    ("title", _("Title A–Z")),
    ("-title", _("Title Z–A")),
    ("status", _("Planning status")),
)


def named(codes) -> list[tuple[str, str]]:
    """(code, name) choices, by name."""
    return sorted(((code, countries.name(code)) for code in codes), key=lambda pair: pair[1])


class DelegationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    programme = IdModelChoiceFilter(
        label=_("Programme"), queryset=Programme.objects.none(), empty_label=_("All programmes")
    )
    status = django_filters.ChoiceFilter(
        label=_("Planning status"), choices=PlanningStatus.choices, empty_label=_("Any")
    )
    report_status = django_filters.ChoiceFilter(
        label=_("Report status"),
        field_name="report__status",
        choices=ReportStatus.choices,
        empty_label=_("Any"),
    )
    sending_country = django_filters.ChoiceFilter(
        label=_("Sending country"),
        method="filter_sending_country",
        empty_label=_("Any"),
    )
    host_country = django_filters.ChoiceFilter(label=_("Host country"), empty_label=_("Any"))
    starts_after = django_filters.DateFilter(
        label=_("Starts on or after"), field_name="start_date", lookup_expr="gte"
    )
    ends_before = django_filters.DateFilter(
        label=_("Ends on or before"), field_name="end_date", lookup_expr="lte"
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"), choices=SORT_CHOICES, method="apply_sort", empty_label=None
    )

    class Meta:
        model = Delegation
        fields: list[str] = []
        form = DelegationFilterForm

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the programmes the user works on (all of them for administrators).
        self.filters["programme"].queryset = programmes_for_user(user=user).order_by("code")
        # Only the countries the user's delegations name, by name, rather than some 250.
        sending, host = delegation_countries(user=user)
        self.filters["sending_country"].extra["choices"] = named(sending)
        self.filters["host_country"].extra["choices"] = named(host)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split()[:8]:
            matches = Q()
            for field in SEARCH_FIELDS:
                matches |= Q(**{f"{field}__icontains": word})
            # The sending organisations are many: match them in a subquery, one row each.
            queryset = queryset.filter(pk__in=Delegation.objects.filter(matches).values("pk"))
        return queryset

    def filter_sending_country(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Stored as "MZ,TZ": two-letter codes between commas, so a code never matches
        # across two of them.
        return queryset.filter(sending_countries__contains=value)

    def apply_sort(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.order_by(*SORTS.get(value, DEFAULT_ORDER))
