"""Running load_demo from the tests, and one shared load for the tests that only read."""

from collections.abc import Callable
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction

from delegations.models import Delegation


def _run_load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def run_load_demo(db) -> Callable[[], str]:
    """Run the command in this test's own transaction; returns what it printed."""
    return _run_load_demo


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once per module, in a transaction rolled back after the module.

    Each test still runs in its own nested transaction (the `db` fixture), so a test
    cannot change what the next one reads. Only for modules whose tests all use it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        _run_load_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def delegation(demo_loaded, db) -> Delegation:
    return Delegation.objects.get(programme__code="PHSS", start_date=date(2019, 7, 22))
