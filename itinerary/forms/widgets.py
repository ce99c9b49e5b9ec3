"""Widgets of the itinerary form: local date + time, and autocompletes that know their labels.

`KnownLabelsMixin`: a form that already holds the chosen rows (an item's place, a
counterpart's official, a group's origins, all prefetched) hands their labels to the
widget, so rendering a formset does not cost one query per row.
"""

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError

from core.autocomplete import (  # noqa: F401 - the multi field is the item form's too
    AutocompleteModelChoiceField,
    AutocompleteWidget,
    KnownLabelsMixin,
    MultiAutocompleteField,
)


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
