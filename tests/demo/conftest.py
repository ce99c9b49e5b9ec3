"""Running load_demo from the tests, and one shared load for the tests that only read."""

from collections.abc import Callable
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from delegations.models import Delegation


def _run_load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def run_load_demo(db) -> Callable[[], str]:
    """Run the command in this test's own transaction; returns what it printed."""
    return _run_load_demo


@pytest.fixture
def delegation(demo_loaded, db) -> Delegation:
    return Delegation.objects.get(programme__code="PHSS", start_date=date(2019, 7, 22))
