"""The `stack` tests start real processes (gunicorn, Celery, moto's S3 server) against
PostgreSQL and Redis: deselected from `make test`, run by `make test-stack` (CI)."""

import pytest

from tests.stack.support import Stack


@pytest.fixture(scope="module")
def stack_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("stack")


@pytest.fixture(scope="module")
def stack(stack_dir):
    running = Stack(stack_dir)
    yield running
    running.stop()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/stack/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.stack)
