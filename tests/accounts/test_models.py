"""The custom user, its manager and its constraints."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from accounts.models import ADMINISTRATORS_GROUP, User
from accounts.services import user_make_administrator
from tests.factories.accounts import PASSWORD, AdministratorFactory, UserFactory
from tests.support.constraints import NOT_A_CHOICE, ConstraintCase, Violation, new


def _email_in_other_case() -> Violation:
    UserFactory(email="taken@example.org")
    return new(email="TAKEN@Example.org", full_name="Twin", password="x")


CONSTRAINT_CASES = [
    ConstraintCase(
        "accounts_user_email_ci_unique",
        User,
        _email_in_other_case,
        form_fields=("email", "full_name"),
        # clean() normalises the address and finds it taken (accounts.logins.login_key).
        clean_message="A user with this email address already exists.",
    ),
    ConstraintCase(
        "accounts_user_language_offered",
        User,
        lambda: new(email="lingua@example.org", full_name="Lingua", password="x", language="de"),
        form_fields=("language",),
        **NOT_A_CHOICE,
    ),
]


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
