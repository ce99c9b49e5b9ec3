"""Fixtures shared by the whole suite. Tests run on PostgreSQL (exchange.test_settings)."""

import pytest

from partners.enums import ProgrammeRole
from tests.factories.accounts import AdministratorFactory, UserFactory
from tests.factories.partners import ProgrammeFactory, ProgrammeMembershipFactory


@pytest.fixture
def administrator(db):
    return AdministratorFactory(email="admin@example.org")


@pytest.fixture
def programme(db):
    return ProgrammeFactory(code="PHSS")


@pytest.fixture
def staff_user(programme):
    user = UserFactory(email="staff@example.org")
    ProgrammeMembershipFactory(user=user, programme=programme, role=ProgrammeRole.STAFF)
    return user


@pytest.fixture
def manager(programme):
    user = UserFactory(email="manager@example.org")
    ProgrammeMembershipFactory(user=user, programme=programme, role=ProgrammeRole.MANAGER)
    return user


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def other_programme(db):
    return ProgrammeFactory(code="LMD")


@pytest.fixture
def other_staff(other_programme):
    """Staff of another programme: sees nothing of `programme`."""
    user = UserFactory(email="other@example.org")
    ProgrammeMembershipFactory(user=user, programme=other_programme, role=ProgrammeRole.STAFF)
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def other_staff_client(client, other_staff):
    client.force_login(other_staff)
    return client
