"""The constraint tables' machinery: one way to break one database rule, checked three ways.

Each app's `test_models.py` declares its own table of broken rows and proves, for each,
that the database refuses it, that a ModelForm shows the rule as a clean error, and that
`full_clean()` raises. The same modules make one row of each model with a non-negative
column, to prove the database refuses a negative value. `tests/test_constraints.py` checks
that the tables together name every constraint of every model, and the row factories
every model with a non-negative column.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, models, transaction
from django.forms import model_to_dict, modelform_factory
from django_countries.fields import Country

# A builder returns the row to break: (None, values) for a new row, or
# (existing instance, values) for a change to a saved row.
Violation = tuple[models.Model | None, dict[str, Any]]

# What a form and full_clean() say of a value outside a field's choices.
NOT_A_CHOICE = {"form_message": "Select a valid choice.", "clean_message": "is not a valid choice."}


def new(**values: Any) -> Violation:
    return None, values


def change(instance: models.Model, **values: Any) -> Violation:
    return instance, values


def _form_value(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, Country):
        return value.code
    if isinstance(value, list | tuple):
        return [_form_value(item) for item in value]
    return "" if value is None else value


def _messages(error: ValidationError) -> list[str]:
    return [str(message) for message in error.messages]


@dataclass(frozen=True)
class ConstraintCase:
    """One way to break one database rule, checked three ways."""

    name: str
    model: type[models.Model]
    build: Callable[[], Violation]
    label: str = ""
    form_message: str | None = None  # what the form says, when not the constraint's message
    clean_message: str | None = None  # what full_clean says, when not the form's message
    form_fields: Any = "__all__"  # None: the rule's fields are not editable in any form

    def __str__(self) -> str:
        return f"{self.name}-{self.label}" if self.label else self.name

    @property
    def constraint(self) -> models.BaseConstraint:
        return next(c for c in self.model._meta.constraints if c.name == self.name)

    @property
    def expected_form_message(self) -> str:
        if self.form_message is not None:
            return self.form_message
        return str(self.constraint.violation_error_message)

    @property
    def expected_clean_message(self) -> str:
        return self.clean_message if self.clean_message is not None else self.expected_form_message

    def assert_database_rejects(self) -> None:
        instance, values = self.build()
        with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
            if instance is None:
                self.model.objects.create(**values)
            else:
                self.model.objects.filter(pk=instance.pk).update(**values)
        assert excinfo.value.__cause__.diag.constraint_name == self.name

    def assert_form_rejects(self) -> None:
        instance, values = self.build()
        data = {}
        if instance is not None:
            data = {name: _form_value(value) for name, value in model_to_dict(instance).items()}
        data.update({name: _form_value(value) for name, value in values.items()})
        form_class = modelform_factory(self.model, fields=self.form_fields)
        form = form_class(data=data, instance=instance)
        assert not form.is_valid()
        messages = [message for errors in form.errors.values() for message in errors]
        assert any(self.expected_form_message in message for message in messages), messages

    def assert_full_clean_rejects(self) -> None:
        instance, values = self.build()
        instance = instance or self.model()
        for name, value in values.items():
            setattr(instance, name, value)
        with pytest.raises(ValidationError) as excinfo:
            instance.full_clean()
        messages = _messages(excinfo.value)
        assert any(self.expected_clean_message in message for message in messages), messages


def check_constraint_cases(cases: list[ConstraintCase], *, forms: bool = False) -> Callable:
    """Parametrize a test over a table of constraint cases, one id per case.

    With `forms`, only the cases whose fields a ModelForm can edit.
    """
    if forms:
        cases = [case for case in cases if case.form_fields is not None]
    return pytest.mark.parametrize("case", cases, ids=str)


DOMAIN_APPS = {
    "accounts",
    "places",
    "partners",
    "officials",
    "delegations",
    "itinerary",
    "learning",
}


def domain_models() -> list[type[models.Model]]:
    """The project's own models, history tables left out."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_label in DOMAIN_APPS and not model.__name__.startswith("Historical")
    ]


def non_negative_columns(
    domain: Iterable[type[models.Model]],
) -> list[tuple[type[models.Model], models.Field]]:
    """The columns of these models that the database keeps from going below zero."""
    return [
        (model, field)
        for model in domain
        for field in model._meta.concrete_fields
        if field.db_check(connection) is not None
    ]


def check_non_negative_columns(domain: Iterable[type[models.Model]]) -> Callable:
    """Parametrize a test over the non-negative columns of these models, as (model, field)."""
    columns = non_negative_columns(domain)
    return pytest.mark.parametrize(
        ("model", "field"),
        columns,
        ids=[f"{model._meta.label}.{field.name}" for model, field in columns],
    )


def assert_database_refuses_negative(
    model: type[models.Model],
    row: models.Model,
    field: models.Field,
    also_broken: Iterable[str] = (),
) -> None:
    """Setting the row's column to -1 breaks its check (or one of `also_broken`, which the
    database may name instead when the same value breaks another rule too)."""
    with pytest.raises(IntegrityError) as excinfo, transaction.atomic():
        model.objects.filter(pk=row.pk).update(**{field.attname: -1})

    column_check = f"{model._meta.db_table}_{field.column}_check"
    assert excinfo.value.__cause__.diag.constraint_name in {column_check} | set(also_broken)
