"""Fixtures shared by the whole suite. Tests run on PostgreSQL (exchange.test_settings)."""

import uuid
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from partners.enums import ProgrammeRole
from tests.factories.accounts import AdministratorFactory, UserFactory
from tests.factories.partners import ProgrammeFactory, ProgrammeMembershipFactory
from tests.factories.places import PlaceFactory
from tests.support.caches import disconnect_cache


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (the test settings' per-process one): nothing
    one test cached (a report's PDF, the dashboard's figures) answers another."""
    cache.clear()


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings):
    """The test settings' per-process cache, then the real Redis every node and the
    worker share in production (under a key prefix of the test's own, removed after)."""
    if request.param == "locmem":
        yield
        return
    prefix = f"test-cache-{uuid.uuid4().hex}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    yield
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*"))
    if keys:
        client.delete(*keys)
    disconnect_cache()


@pytest.fixture
def administrator(db):
    return AdministratorFactory(email="admin@example.org")


def in_demo_module(request) -> bool:
    """Modules marked `demo` load the demo story, which holds PHSS and LMD: the
    factory-made programmes there take other codes and live beside it."""
    return request.node.get_closest_marker("demo") is not None


@pytest.fixture
def programme(request, db):
    return ProgrammeFactory(code="TST" if in_demo_module(request) else "PHSS")


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
def other_programme(request, db):
    return ProgrammeFactory(code="TST-OTHER" if in_demo_module(request) else "LMD")


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


@pytest.fixture
def nairobi(db):
    """A place in one zone, for items typed in local time."""
    return PlaceFactory(name="Nairobi", country="KE", timezone="Africa/Nairobi")


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """The demo story, loaded once for a test module in a transaction rolled back after it.

    Each test still runs in its own nested transaction (request `db` too), so a test
    cannot change what the next one reads. Modules that use it are marked `demo`, so
    the `programme` fixtures there do not take the demo's codes (PHSS, LMD).
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_client(client, demo_loaded, db):
    """Log the test client in as one of the demo's users, by email."""

    def log_in(email: str):
        client.force_login(User.objects.get(email=email))
        return client

    return log_in
