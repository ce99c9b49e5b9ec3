"""The `stack` tests start real processes (gunicorn, Celery, moto's S3 server) against
PostgreSQL and Redis: deselected from `make test`, run by `make test-stack` (CI).

Once per run: a fresh `<name>_stack` database, migrated, with the demo story, and moto's
S3 server. Each module starts and stops its own app processes."""

import sys
from pathlib import Path

import pytest

from tests.stack.support import (
    Stack,
    flush_redis,
    fresh_database,
    manage,
    port,
    stack_env,
    wait_until_up,
)


@pytest.fixture(scope="session")
def services(tmp_path_factory):
    running = Stack(tmp_path_factory.mktemp("services"))
    yield running
    running.stop()


@pytest.fixture(scope="session")
def s3_endpoint(services):
    """moto's S3 server (server mode), on 127.0.0.1 only."""
    url = f"http://127.0.0.1:{port(3)}"
    command = [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1"]
    server = services.start("moto", [*command, "-p", str(port(3))], {})
    wait_until_up(f"{url}/moto-api/", server)
    return url


@pytest.fixture(scope="module")
def stack_database(tmp_path_factory) -> Path:
    """The stack's database, migrated and holding the demo story; Redis flushed. Returns
    the folder the demo's files went to (MEDIA_ROOT for the processes that use the disk).
    Made again for each module: a module's walk (it approves the demo's report, which
    freezes it) must not decide what the next module may edit."""
    fresh_database()
    flush_redis()
    setup = tmp_path_factory.mktemp("setup")
    env = stack_env(setup)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "load_demo")
    return setup / "media"


@pytest.fixture(scope="module")
def stack_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("stack")


@pytest.fixture(scope="module")
def stack(stack_dir):
    running = Stack(stack_dir)
    yield running
    running.stop()
