"""Autocomplete for foreign keys to big tables (100,000 officials): never a <select> of all.

`AutocompleteWidget(url_name=...)` renders a combobox: a search box that asks the
endpoint for matches as the user types (htmx), a listbox of options, and a hidden input
that carries the chosen primary key. Only the selected row is ever read to render it.
`AutocompleteView` is the endpoint: a scoped queryset, searched and cut to a few rows,
for whoever holds the view's `permission_required` (the right to read what it picks
from: a logged-in user who works on no programme gets 403, as on the directory pages).
"""

import unicodedata

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import ListView
from rules.contrib.views import PermissionRequiredMixin

from core.ids import IdChoiceMixin, read_id, read_ids

RESULTS = 15


class AutocompleteWidget(forms.Widget):
    template_name = "includes/autocomplete_widget.html"
    # In a POST form, Create "<typed>" without JavaScript submits the whole form to keep it
    # (core.pending); a GET form (a filter) has nothing to keep and gets a plain link.
    keeps_form = True

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
        widget["create_url"] = create_url_of(widget["url"])
        widget["keeps_form"] = self.keeps_form
        widget["typed"] = getattr(self, "typed", "") if not widget["label"] else ""
        # Django names the help text / error ids in "aria-describedby" (a key a template
        # cannot read); forms may also set "aria_describedby" themselves.
        attrs = widget["attrs"]
        widget["describedby"] = attrs.get("aria_describedby") or attrs.get("aria-describedby")
        widget["invalid"] = attrs.get("aria-invalid") == "true" or "is-invalid" in attrs.get(
            "class", ""
        )
        return context

    def value_from_datadict(self, data, files, name):
        # What was typed in the search box: the "create" link carries it (no JavaScript).
        typed = data.get(f"{name}__search")
        self.typed = typed.strip()[:200] if isinstance(typed, str) else ""
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


def create_url_of(search_url: str) -> str:
    """The page that creates what the endpoint at `search_url` searches, if it names one
    (`AutocompleteView.create_url_name`); core names no other app's page itself."""
    try:
        view_class = getattr(resolve(search_url).func, "view_class", None)
        name = getattr(view_class, "create_url_name", None)
        return reverse(name) if name else ""
    except (Resolver404, NoReverseMatch):
        return ""


def match_rank(fields: tuple[str, ...], query: str) -> Case:
    """0 for a row some field of which is exactly the query ("Sudan"), 1 when one starts
    with it, 2 otherwise ("South Sudan"): exact matches come first."""
    exact, starts = Q(), Q()
    for field in fields:
        exact |= Q(**{f"{field}__iexact": query})
        starts |= Q(**{f"{field}__istartswith": query})
    return Case(
        When(exact, then=Value(0)),
        When(starts, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )


def rank_names(pairs, query: str) -> list:
    """(value, name) pairs that match `query`, exact first, then those starting with it."""
    wanted = fold(query)
    found = [(value, name) for value, name in pairs if wanted in fold(name)]
    return sorted(
        found, key=lambda pair: (fold(pair[1]) != wanted, not fold(pair[1]).startswith(wanted))
    )


def fold(text: str) -> str:
    """Lower case without accents: "Côte d'Ivoire" is found by "cote"."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


class AutocompleteView(LoginRequiredMixin, PermissionRequiredMixin, ListView):
    """Answer `?q=` with up to RESULTS <li role="option"> rows (an htmx fragment).

    With `create_url_name` and `create_permission`, the rows end with Create "<typed
    text>" for whoever may create: the script opens that page's form in place
    (`core.views.InPlaceCreateMixin`) and picks what it creates. Whoever may not is told
    who can (`empty_hint`): a search is never a dead end."""

    permission_required: str | None = None  # each endpoint names it (unset: ImproperlyConfigured)
    create_url_name: str | None = None
    create_permission: str | None = None
    empty_hint = _("Try part of the name. Programme staff can add what is missing.")

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
        scope = self.get_scope()
        if len(query) < self.min_length:
            return scope.none()
        condition = Q()
        for word in query.split()[:5]:
            matches = Q()
            for field in self.search_fields:
                matches |= Q(**{f"{field}__icontains": word})
            condition &= matches
        ordering = list(scope.query.order_by or scope.model._meta.ordering)
        return (
            scope.filter(condition)
            .annotate(_match=match_rank(self.search_fields, query))
            .order_by("_match", *ordering)[:RESULTS]
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["query"] = self.get_query()
        context["rows"] = [(obj, self.describe(obj)) for obj in context["object_list"]]
        may_create = self.create_url_name and self.request.user.has_perm(self.create_permission)
        context["create_url"] = reverse(self.create_url_name) if may_create else ""
        context["empty_hint"] = self.empty_hint
        return context

    def describe(self, obj) -> str:
        """A second line that tells two similar names apart (a position, a place)."""
        return ""


class KnownLabelsMixin:
    known: dict[str, str]

    def remember(self, objects) -> None:
        """Labels of rows the form already holds: no query to render them."""
        self.known = {**getattr(self, "known", {}), **{str(obj.pk): str(obj) for obj in objects}}


class MultiAutocompleteWidget(KnownLabelsMixin, forms.Widget):
    """Several rows of a big table: chosen ones (and suggestions) as checkboxes, plus a
    search box whose pick adds one more checkbox (static/js/exchange.js). No <select>
    of the whole table is ever rendered. The boxes keep the order they were picked in.

    `labels`, for choices that are not rows (countries): value -> label."""

    template_name = "includes/multi_autocomplete.html"
    use_fieldset = True

    def __init__(self, url_name: str, *, add_label, labels=None, attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.add_label = add_label
        self.queryset = None
        self.labels = labels
        self.suggestions: list[tuple[str, str]] = []
        self.known = {}

    def format_value(self, value) -> list[str]:
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple | set) else [value]
        return [
            str(getattr(item, "pk", getattr(item, "code", item)))
            for item in values
            if item not in (None, "")
        ]

    def labels_for(self, values: list[str]) -> dict[str, str]:
        labels = dict(self.suggestions)
        labels.update(self.known)
        if self.labels is not None:
            labels.update(
                {value: str(self.labels[value]) for value in values if value in self.labels}
            )
            return labels
        missing = read_ids(value for value in values if value not in labels)
        if missing and self.queryset is not None:
            labels.update({str(obj.pk): str(obj) for obj in self.queryset.filter(pk__in=missing)})
        return labels

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        chosen = widget["value"]
        labels = self.labels_for(chosen)
        options = [(pk, label, pk in chosen) for pk, label in self.suggestions]
        offered = {pk for pk, _label in self.suggestions}
        options += [(pk, labels[pk], True) for pk in chosen if pk in labels and pk not in offered]
        base_id = widget["attrs"].get("id") or f"id_{name}"
        widget["options"] = [
            {"value": pk, "label": label, "checked": checked, "id": f"{base_id}_{index}"}
            for index, (pk, label, checked) in enumerate(options)
        ]
        widget["search"] = {
            "name": f"{name}__pick",
            "value": "",
            "label": "",
            "url": reverse(self.url_name),
            "create_url": create_url_of(reverse(self.url_name)),
            "keeps_form": True,
            "typed": "",
            "placeholder": _("Type to search…"),
            "listbox_id": f"{base_id}_listbox",
            "attrs": {"id": base_id, "class": "form-control-sm"},
        }
        widget["add_label"] = self.add_label
        return context

    def value_from_datadict(self, data, files, name):
        getter = getattr(data, "getlist", None)
        values = getter(name) if getter else data.get(name, [])
        return [value for value in values if value]

    def value_omitted_from_data(self, data, files, name):
        return False  # no box ticked is an answer: none


class MultiAutocompleteField(IdChoiceMixin, forms.ModelMultipleChoiceField):
    """Several rows picked with an autocomplete. `ordered=True`: the cleaned value is a
    list in the order the boxes were ticked (destinations: the order of travel)."""

    def __init__(self, queryset, *, url_name: str, add_label, ordered=False, **kwargs):
        kwargs.setdefault("widget", MultiAutocompleteWidget(url_name, add_label=add_label))
        kwargs.setdefault("required", False)
        super().__init__(queryset, **kwargs)
        self.widget.queryset = self.queryset
        self.ordered = ordered

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self.queryset

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.queryset = result.queryset
        return result

    def clean(self, value):
        rows = super().clean(value)
        if not self.ordered or not value:
            return rows
        position = {str(pk): index for index, pk in reversed(list(enumerate(value)))}
        return sorted(rows, key=lambda row: position.get(str(row.pk), len(position)))

    def offer(self, objects) -> None:
        """Rows shown as checkboxes even when not chosen (this delegation's organisations)."""
        self.widget.suggestions = [(str(obj.pk), str(obj)) for obj in objects]


class MultiChoiceAutocompleteField(forms.MultipleChoiceField):
    """Several of a long list of fixed choices (the countries), picked with an autocomplete
    whose endpoint searches the same choices; kept in the order picked."""

    def __init__(self, *, choices, url_name: str, add_label, **kwargs):
        labels = dict(choices)
        kwargs.setdefault(
            "widget", MultiAutocompleteWidget(url_name, add_label=add_label, labels=labels)
        )
        super().__init__(choices=choices, **kwargs)
