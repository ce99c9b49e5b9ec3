"""Fixtures shared by the whole suite. Tests run on PostgreSQL (exchange.test_settings)."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

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


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo story, loaded once for a test module in a transaction rolled back after it.

    Each test still runs in its own nested transaction (request `db` too), so a test
    cannot change what the next one reads. Only for modules whose tests all use it, and
    whose factory-made programmes do not take the demo's codes (PHSS, LMD).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
