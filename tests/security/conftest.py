"""The matrix world, built once per module in a transaction rolled back after it.

Each test runs in its own nested transaction (it requests `db`), so a POST that
deletes or changes a row leaves the world as it was for the next test.
"""

import pytest
from django.db import transaction

from tests.security.matrix_world import build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)
