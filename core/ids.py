"""Ids typed into query strings and form fields: ASCII digits, nothing else.

Python's `str.isdigit()` is true for "²" (and `int("²")` fails: a 500), and `int()`
reads "٣" or "３" as 3 (another row than the one shown). `read_id` is the one reader:
a positive id of ASCII digits that fits a bigint, or None. `IdChoiceMixin` makes a
model choice field refuse anything else on its field, before the database is asked;
`id_formfield` gives a ModelForm's foreign keys and many-to-many fields that refusal
(`formfield_callback = id_formfield`); `IdModelChoiceFilter` does the same for a
list filter's query string.
"""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models

_ID = re.compile(r"[1-9][0-9]{0,18}", re.ASCII)
MAX_ID = 2**63 - 1  # PostgreSQL's bigint


def read_id(value) -> int | None:
    """`value` as an id (ASCII digits, positive, within a bigint), else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    if isinstance(value, str) and _ID.fullmatch(value) and int(value) <= MAX_ID:
        return int(value)
    return None


def read_ids(values) -> list[int]:
    """The well-formed ids among `values`, in order (others are left out)."""
    return [number for number in map(read_id, values) if number is not None]


class IdChoiceMixin:
    """For a ModelChoiceField or ModelMultipleChoiceField on primary keys: a posted value
    that is not an ASCII id is refused on the field, with the field's own message for a
    choice it does not offer (a form may have put it in its own words)."""

    def validate_ids(self, value) -> None:
        if self.to_field_name not in (None, self.queryset.model._meta.pk.name):
            return  # chosen by another column than the id
        values = value if isinstance(value, list | tuple) else [value]
        for raw in values:
            if raw in self.empty_values or isinstance(raw, models.Model):
                continue
            if read_id(raw if isinstance(raw, int) else str(raw)) is None:
                # Well-formed digits that name no row (0, beyond a bigint) are a choice
                # not offered, as any unknown id; other text is not an id at all.
                digits = isinstance(raw, int) or (str(raw).isascii() and str(raw).isdigit())
                malformed = not digits and "invalid_pk_value" in self.error_messages
                code = "invalid_pk_value" if malformed else "invalid_choice"
                raise ValidationError(
                    self.error_messages[code], code=code, params={"value": raw, "pk": raw}
                )

    def clean(self, value):
        self.validate_ids(value)
        return super().clean(value)


class IdModelChoiceField(IdChoiceMixin, forms.ModelChoiceField):
    pass


class IdModelMultipleChoiceField(IdChoiceMixin, forms.ModelMultipleChoiceField):
    pass


def id_formfield(db_field: models.Field, **kwargs) -> forms.Field | None:
    """A ModelForm's `formfield_callback`: relations get the fields that refuse non-ids."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", IdModelMultipleChoiceField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", IdModelChoiceField)
    return db_field.formfield(**kwargs)


class IdModelChoiceFilter(django_filters.ModelChoiceFilter):
    """A list filter on a row (`?programme=3`): refuses what is not an ASCII id."""

    field_class = type(
        "IdFilterChoiceField", (IdChoiceMixin, django_filters.fields.ModelChoiceField), {}
    )
