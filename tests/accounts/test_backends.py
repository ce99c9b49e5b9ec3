"""accounts.backends.EmailBackend: log-in by email, and the administrators' permissions."""

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import Group, Permission

from accounts.backends import EmailBackend
from accounts.models import ADMINISTRATORS_GROUP
from tests.factories.accounts import PASSWORD, AdministratorFactory, SuperuserFactory, UserFactory
from tests.factories.delegations import DelegationFactory

PERMISSIONS = ["itinerary.delete_site", "accounts.change_user", "delegations.reopen"]


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["ana@example.org", "ANA@Example.ORG", "Ana@example.org"])
def test_authenticate_by_email_ignores_case(rf, typed):
    user = UserFactory(email="ana@example.org")

    assert authenticate(rf.post("/login/"), username=typed, password=PASSWORD) == user
    assert authenticate(rf.post("/login/"), email=typed, password=PASSWORD) == user


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "password", "active"),
    [
        ("ana@example.org", "wrong-password-123", True),
        ("nobody@example.org", PASSWORD, True),
        ("ana@example.org", PASSWORD, False),
    ],
    ids=["wrong-password", "unknown-email", "inactive"],
)
def test_authenticate_refuses(rf, email, password, active):
    UserFactory(email="ana@example.org", is_active=active)

    assert authenticate(rf.post("/login/"), username=email, password=password) is None


@pytest.mark.django_db
@pytest.mark.parametrize("perm", PERMISSIONS)
@pytest.mark.parametrize(
    "make_user",
    [AdministratorFactory, SuperuserFactory],
    ids=["administrators-group", "superuser"],
)
def test_administrator_has_every_permission(make_user, perm):
    user = make_user()
    delegation = DelegationFactory()

    assert user.has_perm(perm)
    assert user.has_perm(perm, delegation)
    assert user.has_module_perms(perm.split(".")[0])


@pytest.mark.django_db
@pytest.mark.parametrize("perm", PERMISSIONS)
def test_backend_grants_group_member_directly(perm):
    backend = EmailBackend()
    member = AdministratorFactory()

    assert backend.has_perm(member, perm)
    assert backend.has_module_perms(member, perm.split(".")[0])


@pytest.mark.django_db
@pytest.mark.parametrize("perm", PERMISSIONS)
def test_plain_user_has_no_permission(perm):
    user = UserFactory(is_staff=True)

    assert not user.has_perm(perm)
    assert not user.has_module_perms(perm.split(".")[0])
    assert not EmailBackend().has_perm(user, perm)
    assert not EmailBackend().has_module_perms(user, perm.split(".")[0])


@pytest.mark.django_db
def test_inactive_group_member_has_no_permission():
    user = UserFactory(is_active=False, is_staff=True)
    user.groups.add(Group.objects.get_or_create(name=ADMINISTRATORS_GROUP)[0])

    assert not user.has_perm("itinerary.delete_site")
    assert not EmailBackend().has_perm(user, "itinerary.delete_site")
    assert not EmailBackend().has_module_perms(user, "visits")


@pytest.mark.django_db
def test_model_permission_through_user_permissions_still_works():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_site"))

    assert user.has_perm("itinerary.view_site")
    assert not user.has_perm("itinerary.delete_site")
