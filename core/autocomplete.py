"""Autocomplete for foreign keys to big tables (100,000 officials): never a <select> of all.

`AutocompleteWidget(url_name=...)` renders a combobox: a search box that asks the
endpoint for matches as the user types (htmx), a listbox of options, and a hidden input
that carries the chosen primary key. Only the selected row is ever read to render it.
`AutocompleteView` is the endpoint: a scoped queryset, searched and cut to a few rows,
for whoever holds the view's `permission_required` (the right to read what it picks
from: a logged-in user who works on no programme gets 403, as on the directory pages).
"""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from core.ids import IdChoiceMixin, read_id

RESULTS = 15


class AutocompleteWidget(forms.Widget):
    template_name = "includes/autocomplete_widget.html"

    def __init__(self, url_name: str, *, placeholder=None, attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.placeholder = placeholder or _("Type to search…")
        self.queryset = None

    def selected_label(self, value) -> str:
        """The text of the chosen row: one query for one row, never the whole table."""
        if value in (None, "") or self.queryset is None:
            return ""
        pk = read_id(value if isinstance(value, int) else str(value))
        obj = self.queryset.filter(pk=pk).first() if pk is not None else None
        return str(obj) if obj is not None else ""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["url"] = reverse(self.url_name)
        widget["placeholder"] = self.placeholder
        widget["label"] = self.selected_label(value)
        widget["listbox_id"] = f"{widget['attrs'].get('id', name)}_listbox"
        # Django names the help text / error ids in "aria-describedby" (a key a template
        # cannot read); forms may also set "aria_describedby" themselves.
        attrs = widget["attrs"]
        widget["describedby"] = attrs.get("aria_describedby") or attrs.get("aria-describedby")
        widget["invalid"] = attrs.get("aria-invalid") == "true" or "is-invalid" in attrs.get(
            "class", ""
        )
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data


class AutocompleteModelChoiceField(IdChoiceMixin, forms.ModelChoiceField):
    """A ModelChoiceField whose widget searches instead of listing every row."""

    def __init__(self, queryset, *, url_name: str, **kwargs):
        kwargs.setdefault("widget", AutocompleteWidget(url_name=url_name))
        super().__init__(queryset, **kwargs)
        self.widget.queryset = self.queryset

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self.queryset

    queryset = property(forms.ModelChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.queryset = result.queryset
        return result


class AutocompleteView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Answer `?q=` with up to RESULTS <li role="option"> rows (an htmx fragment)."""

    permission_required: str | None = None  # each endpoint names it (unset: ImproperlyConfigured)

    template_name = "includes/autocomplete_results.html"
    search_fields: tuple[str, ...] = ()
    min_length = 1

    def get_scope(self) -> QuerySet:
        raise NotImplementedError

    def get_query(self) -> str:
        query = self.request.GET.get("q")
        if query is None:  # the search box sends its own name when htmx includes it
            query = next(iter(self.request.GET.values()), "")
        return query.replace("\x00", "").strip()[:100]  # PostgreSQL text holds no NUL

    def get_queryset(self) -> QuerySet:
        query = self.get_query()
        if len(query) < self.min_length:
            return self.get_scope().none()
        condition = Q()
        for word in query.split()[:5]:
            matches = Q()
            for field in self.search_fields:
                matches |= Q(**{f"{field}__icontains": word})
            condition &= matches
        return self.get_scope().filter(condition)[:RESULTS]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.get_query()
        context["rows"] = [(obj, self.describe(obj)) for obj in context["object_list"]]
        return context

    def describe(self, obj) -> str:
        """A second line that tells two similar names apart (a position, a place)."""
        return ""
