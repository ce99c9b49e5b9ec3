"""The custom user and its manager, and the machinery every app's constraint table uses.

`ConstraintCase` lives here (accounts is the lowest app) so that each app's
`test_models.py` can declare its own table of broken rows and prove, for each, that
the database refuses it, that a ModelForm shows the rule as a clean error, and that
`full_clean()` raises. `tests/visits/test_models.py` checks that the tables together
name every constraint of every model.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.forms import model_to_dict, modelform_factory
from django_countries.fields import Country

from accounts.models import ADMINISTRATORS_GROUP, User
from accounts.services import user_make_administrator
from tests.factories.accounts import PASSWORD, AdministratorFactory, UserFactory

# A builder returns the row to break: (None, values) for a new row, or
# (existing instance, values) for a change to a saved row.
Violation = tuple[models.Model | None, dict[str, Any]]


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


def _email_in_other_case() -> Violation:
    UserFactory(email="taken@example.org")
    return new(email="TAKEN@Example.org", full_name="Twin", password="x")


CONSTRAINT_CASES = [
    ConstraintCase(
        "accounts_user_email_ci_unique",
        User,
        _email_in_other_case,
        form_fields=("email", "full_name"),
        # clean() lowercases the address, so the column's own unique check answers first.
        clean_message="User with this Email address already exists.",
    ),
]


@pytest.mark.django_db
@check_constraint_cases(CONSTRAINT_CASES)
def test_constraint_rejected_by_database(case):
    case.assert_database_rejects()


@pytest.mark.django_db
@check_constraint_cases(CONSTRAINT_CASES, forms=True)
def test_constraint_rejected_by_model_form(case):
    case.assert_form_rejects()


@pytest.mark.django_db
@check_constraint_cases(CONSTRAINT_CASES)
def test_constraint_rejected_by_full_clean(case):
    case.assert_full_clean_rejects()


@pytest.mark.django_db
def test_create_user_normalises_email_and_hashes_password():
    user = User.objects.create_user("Ana.Silva@Example.ORG", PASSWORD, full_name="Ana Silva")

    user.refresh_from_db()
    assert user.email == "ana.silva@example.org"
    assert user.check_password(PASSWORD)
    assert user.password != PASSWORD
    assert (user.is_staff, user.is_superuser, user.is_active) == (False, False, True)


@pytest.mark.django_db
def test_create_user_without_password_is_unusable():
    user = User.objects.create_user("no.password@example.org")

    assert not user.has_usable_password()


@pytest.mark.django_db
def test_create_user_without_email_is_refused():
    with pytest.raises(ValueError, match="email address is required"):
        User.objects.create_user("", PASSWORD)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_create_user_with_taken_email_in_other_case_is_refused():
    UserFactory(email="taken@example.org")

    with pytest.raises(ValidationError) as excinfo:
        User.objects.create_user("Taken@EXAMPLE.org", PASSWORD)

    assert "email" in excinfo.value.message_dict
    assert User.objects.count() == 1


@pytest.mark.django_db
def test_create_superuser_sets_flags():
    user = User.objects.create_superuser("root@example.org", PASSWORD)

    assert user.is_staff and user.is_superuser
    assert user.is_administrator


@pytest.mark.django_db
@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_create_superuser_without_flag_is_refused(flag):
    with pytest.raises(ValueError, match="is_staff and is_superuser"):
        User.objects.create_superuser("root@example.org", PASSWORD, **{flag: False})
    assert not User.objects.exists()


@pytest.mark.django_db
def test_manager_natural_key_ignores_case():
    user = UserFactory(email="ana@example.org")

    assert User.objects.get_by_natural_key("ANA@example.org") == user


@pytest.mark.django_db
def test_full_clean_lowercases_email():
    user = User(email="Mixed@Example.ORG", full_name="Mixed", password="x")

    user.full_clean()

    assert user.email == "mixed@example.org"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("full_name", "text", "full", "short"),
    [
        ("Ana Maria Silva", "Ana Maria Silva", "Ana Maria Silva", "Ana"),
        ("", "ana@example.org", "ana@example.org", "ana@example.org"),
    ],
)
def test_user_names_fall_back_to_email(full_name, text, full, short):
    user = UserFactory(email="ana@example.org", full_name=full_name)

    assert (str(user), user.get_full_name(), user.get_short_name()) == (text, full, short)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("factory_kwargs", "in_group", "expected"),
    [
        ({}, False, False),
        ({}, True, True),
        ({"is_superuser": True}, False, True),
        ({"is_active": False}, True, False),
        ({"is_active": False, "is_superuser": True}, False, False),
    ],
    ids=["plain", "group-member", "superuser", "inactive-member", "inactive-superuser"],
)
def test_user_is_administrator(factory_kwargs, in_group, expected):
    user = UserFactory(**factory_kwargs)
    if in_group:
        user.groups.add(Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)[0])

    assert user.is_administrator is expected


@pytest.mark.django_db
def test_user_make_administrator_adds_group_and_staff():
    user = UserFactory()
    assert not user.is_administrator

    user_make_administrator(user=user)
    user_make_administrator(user=user)

    fresh = User.objects.get(pk=user.pk)
    assert fresh.is_staff
    assert list(fresh.groups.values_list("name", flat=True)) == [ADMINISTRATORS_GROUP]
    assert fresh.is_administrator
    assert user.is_administrator


@pytest.mark.django_db
def test_user_make_administrator_recreates_missing_group():
    Group.objects.filter(name=ADMINISTRATORS_GROUP).delete()
    user = AdministratorFactory.build()
    user.save()

    user_make_administrator(user=user)

    assert User.objects.get(pk=user.pk).is_administrator


@pytest.mark.django_db
def test_user_history_leaves_out_password():
    user = UserFactory()

    record = user.history.get()

    assert record.email == user.email
    assert not hasattr(record, "password")
