"""Widgets of the itinerary form: local date + time, and autocompletes that know their labels.

`KnownLabelsMixin`: a form that already holds the chosen rows (an item's place, a
counterpart's official, a group's origins, all prefetched) hands their labels to the
widget, so rendering a formset does not cost one query per row.
"""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.autocomplete import AutocompleteModelChoiceField, AutocompleteWidget
from core.ids import IdChoiceMixin, read_ids


class KnownLabelsMixin:
    known: dict[str, str]

    def remember(self, objects) -> None:
        """Labels of rows the form already holds: no query to render them."""
        self.known = {**getattr(self, "known", {}), **{str(obj.pk): str(obj) for obj in objects}}


class LabelledAutocompleteWidget(KnownLabelsMixin, AutocompleteWidget):
    def selected_label(self, value) -> str:
        known = getattr(self, "known", {})
        if value not in (None, "") and str(value) in known:
            return known[str(value)]
        return super().selected_label(value)


class AutocompleteField(AutocompleteModelChoiceField):
    """The project's autocomplete field, with a widget that can be told its labels."""

    def __init__(self, queryset, *, url_name: str, **kwargs):
        kwargs.setdefault("widget", LabelledAutocompleteWidget(url_name=url_name))
        super().__init__(queryset, url_name=url_name, **kwargs)


class MultiAutocompleteWidget(KnownLabelsMixin, forms.Widget):
    """Several rows of a big table: chosen ones (and suggestions) as checkboxes, plus a
    search box whose pick adds one more checkbox (static/js/itinerary.js). No <select>
    of the whole table is ever rendered."""

    template_name = "itinerary/widgets/multi_autocomplete.html"
    use_fieldset = True

    def __init__(self, url_name: str, *, add_label, attrs=None):
        super().__init__(attrs)
        self.url_name = url_name
        self.add_label = add_label
        self.queryset = None
        self.suggestions: list[tuple[str, str]] = []
        self.known = {}

    def format_value(self, value) -> list[str]:
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple | set) else [value]
        return [str(getattr(item, "pk", item)) for item in values if item not in (None, "")]

    def labels_for(self, values: list[str]) -> dict[str, str]:
        labels = dict(self.suggestions)
        labels.update(self.known)
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
    def __init__(self, queryset, *, url_name: str, add_label, **kwargs):
        kwargs.setdefault("widget", MultiAutocompleteWidget(url_name, add_label=add_label))
        kwargs.setdefault("required", False)
        super().__init__(queryset, **kwargs)
        self.widget.queryset = self.queryset

    def _set_queryset(self, queryset):
        super()._set_queryset(queryset)
        self.widget.queryset = self.queryset

    queryset = property(forms.ModelMultipleChoiceField._get_queryset, _set_queryset)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.queryset = result.queryset
        return result

    def offer(self, objects) -> None:
        """Rows shown as checkboxes even when not chosen (this delegation's organisations)."""
        self.widget.suggestions = [(str(obj.pk), str(obj)) for obj in objects]


class LocalDateTimeWidget(forms.SplitDateTimeWidget):
    """A date and a time, each with its own label, read as a wall clock."""

    template_name = "itinerary/widgets/local_datetime.html"

    def __init__(self, *, date_label, time_label, attrs=None):
        super().__init__(
            attrs=attrs,
            date_attrs={"type": "date"},
            time_attrs={"type": "time"},
            date_format="%Y-%m-%d",
            time_format="%H:%M",
        )
        self.labels = (date_label, time_label)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for subwidget, label in zip(context["widget"]["subwidgets"], self.labels, strict=True):
            subwidget["label"] = label
        return context


class WallClockField(forms.SplitDateTimeField):
    """A date and a time kept as typed (a naive wall clock): the form knows in which zone
    to read it, the field does not (the staff item form and the admin's alike)."""

    def compress(self, data_list):
        if not data_list:
            return None
        if data_list[0] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_date"], code="invalid_date")
        if data_list[1] in self.empty_values:
            raise ValidationError(self.error_messages["invalid_time"], code="invalid_time")
        return datetime.combine(*data_list)


class LocalDateTimeField(WallClockField):
    """A wall clock typed in two labelled boxes (LocalDateTimeWidget)."""

    def __init__(self, *, date_label, time_label, **kwargs):
        kwargs.setdefault(
            "widget", LocalDateTimeWidget(date_label=date_label, time_label=time_label)
        )
        super().__init__(**kwargs)
