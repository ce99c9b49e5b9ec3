"""Form helpers shared by the pages and the admin."""

import re
import uuid
from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

SUBMISSION_TOKEN = "submission_token"
_TOKEN_PATTERN = re.compile(r"^[0-9a-f]{32}$")


def add_service_error(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its fields when the form has
    them, at the top otherwise (never a crash on a field the form does not show).

    A lost-update refusal (an error with `current_version`, e.g.
    delegations.services.ConflictError) also moves the form's hidden `version` on to the
    row's current one: the page shows what the others changed next to what the user
    typed, and a deliberate second save then goes through."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields and field != NON_FIELD_ERRORS else None
            form.add_error(target, errors)
    else:
        form.add_error(None, error)
    current_version = getattr(error, "current_version", None)
    if current_version is not None and form.is_bound and "version" in form.fields:
        form.data = form.data.copy()
        form.data[form.add_prefix("version")] = str(current_version)
        form.conflict = getattr(error, "conflict", error)
        adopt_their_changes(form, getattr(form.conflict, "fields", {}))


def _as_data(form: forms.BaseForm, name: str, value: Any) -> dict[str, list[str]]:
    """`value` (as a model holds it) the way the browser would post field `name`."""
    field = form.fields[name]
    widget = field.widget
    key = form.add_prefix(name)
    as_shown = getattr(form, "shown_value", None)  # a form that converts (local times)
    prepared = field.prepare_value(as_shown(name, value) if as_shown else value)
    if isinstance(widget, forms.MultiWidget):
        parts = widget.decompress(prepared)
        data = {}
        for suffix, part, sub in zip(widget.widgets_names, parts, widget.widgets, strict=False):
            shown = sub.format_value(part)
            data[f"{key}{suffix}"] = ["" if shown is None else str(shown)]
        return data
    if isinstance(widget, forms.CheckboxInput):
        return {key: ["on"] if value else []}
    if getattr(widget, "allow_multiple_selected", False):
        return {key: sorted(str(item) for item in (prepared or ()))}
    shown = widget.format_value(prepared)
    if isinstance(shown, list | tuple):  # a select: the chosen value, as a list
        return {key: [str(item) for item in shown]}
    return {key: ["" if shown is None else str(shown)]}


def _posted(form: forms.BaseForm, keys) -> dict[str, list[str]]:
    getlist = getattr(form.data, "getlist", None)
    posted = {}
    for key in keys:
        values = getlist(key) if getlist else [form.data.get(key, "")]
        posted[key] = sorted(str(v).replace("\r\n", "\n") for v in values if v is not None)
    return posted


def adopt_their_changes(form: forms.BaseForm, fields: dict[str, tuple[Any, Any]]) -> None:
    """A three-way merge after a refused lost update. For each field someone else
    changed (`fields`: name -> (value the user loaded, value now)): if the user left it
    as it was, the form now shows the new value; if the user changed it too, what they
    typed stays. A field whose posted form cannot be compared is left as typed."""
    for name, (then, now) in fields.items():
        if name not in form.fields or form.fields[name].disabled:
            continue
        try:
            before, after = _as_data(form, name, then), _as_data(form, name, now)
        except (TypeError, ValueError, AttributeError):
            continue
        expected = {
            key: sorted(v.replace("\r\n", "\n") for v in vals if v) for key, vals in before.items()
        }
        posted = {key: [v for v in vals if v] for key, vals in _posted(form, before).items()}
        if posted != expected:
            continue  # the user changed it too: theirs is in the message, the typed stays
        for key, values in after.items():
            if hasattr(form.data, "setlist"):
                form.data.setlist(key, values)
            else:
                form.data[key] = values[0] if len(values) == 1 else values


# --- Lost updates: the version an edit form showed ------------------------------------------


def add_version_field(form: forms.BaseForm, version: int | None) -> None:
    """Give an edit form its hidden `version`: the version of the row it showed (`version`;
    None on an add form). Required on an edit: without it a lost update would go through.
    The service compares it (core.services.lock_row) and refuses a stale save."""
    form.fields["version"] = forms.IntegerField(
        widget=forms.HiddenInput, required=version is not None, min_value=1
    )
    if version is not None and not form.is_bound:
        form.initial["version"] = version
    helper = getattr(form, "helper", None)
    if helper is not None:
        helper.render_hidden_fields = True


# --- One-time submission tokens --------------------------------------------------------------
# A form carries a hidden random token; the view (core.views.ServiceFormMixin) saves once
# per token, so a double click or a resent POST creates one object, not two.


def new_submission_token() -> str:
    return uuid.uuid4().hex


def add_submission_token(form: forms.BaseForm) -> None:
    """Give the form its hidden one-time token (a fresh one on an unbound form; a bound
    form keeps the one it was posted with, so a corrected resubmission is still one)."""
    if SUBMISSION_TOKEN not in form.fields:
        form.fields[SUBMISSION_TOKEN] = forms.CharField(
            widget=forms.HiddenInput, required=False, max_length=64
        )
    if not form.is_bound:
        form.initial.setdefault(SUBMISSION_TOKEN, new_submission_token())
    helper = getattr(form, "helper", None)
    if helper is not None:
        # A crispy layout lists its fields; hidden ones it does not list render too.
        helper.render_hidden_fields = True


def submission_token(form: forms.BaseForm) -> str | None:
    """The token the form was posted with, if it is a well-formed one."""
    if not form.is_bound:
        return None
    value = form.data.get(form.add_prefix(SUBMISSION_TOKEN), "")
    return value if isinstance(value, str) and _TOKEN_PATTERN.match(value) else None


# --- Forms drawn by a plain template, without crispy ----------------------------------------
# A page whose form is drawn on every view (a list's filter bar) pays crispy's layout walk
# and its templates on each request (about a third of the delegation list's time, issue 13).
# `PlainBootstrapForm` gives each widget the classes crispy's Bootstrap 5 pack gives it, so a
# short template of the page's own draws the same markup: label, widget, and under it the
# field's errors (Django names them `<id>_error`, and the widget's aria-describedby and
# aria-invalid point at them).

WIDGET_CLASSES = (  # the first that matches: a DateInput is a TextInput too
    (forms.Select, "select form-select"),
    (forms.DateInput, "dateinput form-control"),
    (forms.TextInput, "textinput form-control"),
)
PLAIN_SELECT = "includes/widgets/select.html"


class PlainBootstrapField(forms.BoundField):
    """A field whose widget is marked `is-invalid` while its value is refused."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            widget = widget or self.field.widget
            attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
        return attrs


class PlainBootstrapForm(forms.Form):
    """A form drawn by its page's own template (see above). `layout` lists its rows, each
    a tuple of (field name, column classes); `rows` gives the template the bound fields.
    `widgets` replaces the widgets of some fields (name: a widget class)."""

    bound_field_class = PlainBootstrapField
    layout: tuple[tuple[tuple[str, str], ...], ...] = ()
    widgets: dict[str, type[forms.Widget]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name in self.widgets:
                field.widget = self.widgets[name]()
            widget = field.widget
            for kind, classes in WIDGET_CLASSES:
                if isinstance(widget, kind):
                    own = widget.attrs.get("class", "")
                    widget.attrs["class"] = f"{classes} {own}".strip()
                    break
            if type(widget) is forms.Select:  # its options drawn in one template, no include each
                widget.template_name = PLAIN_SELECT

    def rows(self) -> list[list[tuple[forms.BoundField, str]]]:
        return [
            [(self[name], classes) for name, classes in row if name in self.fields]
            for row in self.layout
        ]
