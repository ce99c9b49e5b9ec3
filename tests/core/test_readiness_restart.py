"""A real PostgreSQL restart under a running app: readiness follows the database, liveness
does not, and the app serves again afterwards without being restarted.

The test makes a throwaway PostgreSQL cluster of its own (initdb, own port, own socket
folder) and serves the app with gunicorn (one sync worker keeps its persistent
connection, as in production). The shared server the rest of the suite uses is never
stopped.
"""

import json
import os
import pwd
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
PG_FIX = (
    "Fix: apt-get install -y postgresql-15 (Debian), or set PG_BINDIR to the folder "
    "that holds initdb and pg_ctl (`pg_config --bindir`)."
)
EMAIL = "ops@example.org"
PASSWORD = "restart-proof-password-2019"  # a throwaway cluster's user


def postgres_bindir() -> Path:
    candidates = [os.environ.get("PG_BINDIR"), "/usr/lib/postgresql/15/bin"]
    if shutil.which("pg_config"):
        found = subprocess.run(["pg_config", "--bindir"], capture_output=True, text=True)
        candidates.insert(1, found.stdout.strip())
    for candidate in filter(None, candidates):
        folder = Path(candidate)
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    pytest.fail(f"initdb and pg_ctl not found in {candidates}. {PG_FIX}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayCluster:
    """A PostgreSQL cluster in a folder of its own. As root, it runs as the `postgres`
    OS user (initdb refuses root), in a folder that user owns."""

    def __init__(self, folder: Path):
        self.bindir = postgres_bindir()
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            runuser = shutil.which("runuser")
            if not runuser:
                pytest.fail("Running as root needs runuser (util-linux) to run initdb as postgres.")
            try:
                owner = pwd.getpwnam("postgres")
            except KeyError:
                pytest.fail(f"Running as root needs a `postgres` OS user for initdb. {PG_FIX}")
            os.chown(folder, owner.pw_uid, owner.pw_gid)
            self.prefix = [runuser, "-u", "postgres", "--"]

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/exchange_restart"

    def _run(self, *args: str) -> None:
        result = subprocess.run(
            [*self.prefix, *args], capture_output=True, text=True, timeout=120, cwd=self.folder
        )
        if result.returncode:
            log = self.folder / "postgres.log"
            server_log = log.read_text() if log.exists() else ""
            pytest.fail(f"{args} failed:\n{result.stdout}\n{result.stderr}\n{server_log}")

    def init(self) -> None:
        self._run(
            str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres",
            "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync",
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c shared_buffers=16MB -c max_connections=20"
        )
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "postgres.log"),
            "-o", options, "-w", "-t", "60", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def is_running(self) -> bool:
        status = subprocess.run(
            [*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.data), "status"],
            capture_output=True,
            cwd=self.folder,
        )
        return status.returncode == 0

    def createdb(self) -> None:
        self._run(
            str(self.bindir / "createdb"), "-h", str(self.folder), "-p", str(self.port),
            "-U", "postgres", "exchange_restart",
        )  # fmt: skip


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Just enough of a browser: cookies, no redirects followed, status and body back."""

    def __init__(self, base: str):
        self.base = base
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, dict, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=15) as response:
                return response.status, dict(response.headers), response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode()

    def cookie(self, name: str) -> str:
        return next(cookie.value for cookie in self.cookies if cookie.name == name)


def manage(env: dict, *args: str) -> None:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, f"manage.py {args}:\n{result.stdout}\n{result.stderr}"


def children(pid: int) -> set[int]:
    return set(map(int, Path(f"/proc/{pid}/task/{pid}/children").read_text().split()))


def wait_for(check, what: str, timeout: float = 20):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            assert result, f"{what} did not happen within {timeout} s"
            return result
        time.sleep(0.25)


@pytest.fixture
def cluster():
    # pytest's tmp_path lives in a folder only its owner can enter: as root the cluster
    # (run as postgres) gets a fresh folder under the system temporary directory.
    folder = Path(tempfile.mkdtemp(prefix="exchange-restart-"))
    cluster = None
    try:
        cluster = ThrowawayCluster(folder)
        cluster.init()
        cluster.start()
        cluster.createdb()
        yield cluster
    finally:
        if cluster and cluster.data.exists() and cluster.is_running():
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def app_env(cluster):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "PYTEST_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="exchange.settings",
        DATABASE_URL=cluster.url,
        DEBUG="true",
        CONN_MAX_AGE="600",
        MEDIA_ROOT=str(cluster.folder / "media"),
        DJANGO_SUPERUSER_PASSWORD=PASSWORD,
    )
    manage(env, "migrate", "--noinput")
    manage(env, "createsuperuser", "--noinput", "--email", EMAIL, "--full_name", "Ops Person")
    return env


@pytest.fixture
def server(app_env, cluster):
    """The app under gunicorn, one sync worker: its database connection persists."""
    port = free_port()
    log = (cluster.folder / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "exchange.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--workers", "1", "--timeout", "60",
        ],
        cwd=ROOT, env=app_env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    browser = Browser(f"http://127.0.0.1:{port}")
    try:

        def up():
            assert process.poll() is None, (cluster.folder / "gunicorn.log").read_text()
            try:
                return browser.request("/health/")[0] == 200
            except OSError:
                return False

        wait_for(up, "gunicorn answering", timeout=60)
        yield process, browser
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def log_in(browser: Browser) -> None:
    status, _, page = browser.request("/accounts/login/")
    assert status == 200, page
    status, headers, page = browser.request(
        "/accounts/login/",
        {
            "username": EMAIL,
            "password": PASSWORD,
            "csrfmiddlewaretoken": browser.cookie("csrftoken"),
        },
    )
    assert status == 302, page  # a wrong password re-renders the form with 200
    assert headers["Location"] == "/"


def delegations_page(browser: Browser) -> str:
    status, headers, page = browser.request("/delegations/")
    assert status == 200, (status, headers.get("Location"), page[:2000])
    assert re.search(r"<h1[^>]*>\s*Delegations", page), page[:2000]
    assert "Ops Person" in page  # the session's user, read from the database
    return page


def ready(browser: Browser) -> tuple[int, dict]:
    status, headers, body = browser.request("/ready/")
    assert "no-cache" in headers["Cache-Control"]
    return status, json.loads(body)


def test_app_follows_a_postgresql_restart_without_being_restarted(cluster, server):
    process, browser = server
    workers = children(process.pid)
    assert len(workers) == 1

    assert ready(browser) == (200, {"status": "ok", "database": "ok"})
    log_in(browser)
    delegations_page(browser)

    # The database goes away: not ready, but alive (no restart of a healthy process).
    cluster.stop()
    for _ in range(3):
        assert ready(browser) == (503, {"status": "unavailable", "database": "unavailable"})
    status, _, body = browser.request("/health/")
    assert (status, json.loads(body)) == (200, {"status": "ok"})

    # It comes back: ready again within seconds, and pages that read the database work.
    cluster.start()
    wait_for(lambda: ready(browser)[0] == 200, "/ready/ answering 200 after the restart", 10)
    delegations_page(browser)
    newcomer = Browser(browser.base)
    log_in(newcomer)  # a new session written to the database
    delegations_page(newcomer)

    # A restart nobody probed: the worker's persistent connection is dead, and the first
    # request after it must still be served (CONN_HEALTH_CHECKS reconnects).
    cluster.stop()
    cluster.start()
    delegations_page(browser)
    assert ready(browser)[0] == 200

    assert process.poll() is None
    assert children(process.pid) == workers, "the gunicorn worker was replaced"
