"""partners.selectors: which programmes a user works on, and as what."""

import pytest
from django.contrib.auth.models import AnonymousUser

from partners.enums import ProgrammeRole
from partners.selectors import managed_programmes, programmes_for_user
from tests.factories.accounts import AdministratorFactory, SuperuserFactory, UserFactory
from tests.factories.partners import ProgrammeFactory, ProgrammeMembershipFactory


@pytest.fixture
def programmes(db):
    return {code: ProgrammeFactory(code=code) for code in ("PHSS", "BMM", "CBC")}


def _member(programmes, **roles):
    user = UserFactory()
    for code, role in roles.items():
        ProgrammeMembershipFactory(user=user, programme=programmes[code], role=role)
    return user


def _codes(queryset) -> list[str]:
    return sorted(queryset.values_list("code", flat=True))


def test_programmes_for_anonymous_is_empty(programmes):
    assert _codes(programmes_for_user(user=AnonymousUser())) == []
    assert _codes(managed_programmes(user=AnonymousUser())) == []


def test_programmes_for_user_without_membership_is_empty(programmes):
    assert _codes(programmes_for_user(user=UserFactory(is_staff=True))) == []


@pytest.mark.parametrize("make_admin", [AdministratorFactory, SuperuserFactory])
def test_programmes_for_administrator_is_everything(programmes, make_admin):
    admin = make_admin()

    assert _codes(programmes_for_user(user=admin)) == ["BMM", "CBC", "PHSS"]
    assert _codes(managed_programmes(user=admin)) == ["BMM", "CBC", "PHSS"]


def test_programmes_for_user_lists_each_programme_once(programmes):
    user = _member(programmes, PHSS=ProgrammeRole.STAFF, BMM=ProgrammeRole.MANAGER)
    ProgrammeMembershipFactory(programme=programmes["PHSS"], role=ProgrammeRole.MANAGER)

    assert _codes(programmes_for_user(user=user)) == ["BMM", "PHSS"]
    assert _codes(programmes_for_user(user=user, roles=(ProgrammeRole.STAFF,))) == ["PHSS"]
    assert _codes(managed_programmes(user=user)) == ["BMM"]


def test_managed_programmes_leaves_out_staff_roles(programmes):
    user = _member(programmes, PHSS=ProgrammeRole.STAFF)

    assert _codes(managed_programmes(user=user)) == []
