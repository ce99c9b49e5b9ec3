"""Starting the production stack's processes for the `stack` tests: a database of their
own, gunicorn nodes, a Celery worker, moto's S3 server; each process's output in a log
file that the tests read for errors. Everything listens on 127.0.0.1 only.

STACK_PORT_BASE (8140) is the first of ten ports the tests use; STACK_REDIS_URL
(redis://127.0.0.1:6379/1) is the Redis database they flush and share.
"""

import io
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PORT_BASE = int(os.environ.get("STACK_PORT_BASE", "8140"))
REDIS_URL = os.environ.get("STACK_REDIS_URL", "redis://127.0.0.1:6379/1")
BASE_DATABASE_URL = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/exchange")
DATABASE_URL = BASE_DATABASE_URL.rstrip("/") + "_stack"
S3_BUCKET = "exchange-stack"
# Lines a healthy stack never logs (gunicorn's access log lines hold none of them).
LOG_PROBLEMS = re.compile(r"Traceback|\bERROR\b|\bCRITICAL\b|\bWARNING\b|Internal Server Error")


HONCHO_PREFIX = re.compile(r"^\d\d:\d\d:\d\d \S+\s+\| ")
# The lines of a logged traceback: its header, its indented frames, the exception's line.
TRACEBACK_LINE = re.compile(
    r"Traceback \(most recent call last\)|\s|[\w.]+(Error|Exception|Denied|Http404)\b"
)


def port(offset: int) -> int:
    return PORT_BASE + offset


def stack_env(tmp: Path, **extra: str) -> dict[str, str]:
    """Production settings (DEBUG off, manifest static files) over plain HTTP on loopback."""
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "CACHE_URL"}
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("S3_")}
    env.update(
        PATH=f"{BIN}:{env.get('PATH', '')}",
        DEBUG="false",
        SECRET_KEY="stack-test-secret-key-" + "x7Q2" * 12,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=DATABASE_URL,
        REDIS_URL=REDIS_URL,
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        SECURE_SSL_REDIRECT="false",
        SECURE_COOKIES="false",
        EMAIL_URL="consolemail://",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def s3_env(endpoint: str) -> dict[str, str]:
    return {
        "S3_BUCKET": S3_BUCKET,
        "S3_ENDPOINT_URL": endpoint,
        "S3_ACCESS_KEY_ID": "stack-test",
        "S3_SECRET_ACCESS_KEY": "stack-test-secret",
        "S3_REGION": "us-east-1",
    }


def bucket_client(endpoint: str):
    import boto3

    settings = s3_env(endpoint)
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id=settings["S3_ACCESS_KEY_ID"],
        aws_secret_access_key=settings["S3_SECRET_ACCESS_KEY"],
        region_name=settings["S3_REGION"],
    )


def empty_bucket(endpoint: str):
    """The stack's bucket, made if missing, emptied otherwise; its client."""
    client = bucket_client(endpoint)
    if S3_BUCKET not in {bucket["Name"] for bucket in client.list_buckets()["Buckets"]}:
        client.create_bucket(Bucket=S3_BUCKET)
    for found in client.list_objects_v2(Bucket=S3_BUCKET).get("Contents", []):
        client.delete_object(Bucket=S3_BUCKET, Key=found["Key"])
    return client


def same_pixels(stored: bytes, original: bytes) -> bool:
    """The stored image shows what was uploaded: uploads are encoded again without their
    metadata (no EXIF, no GPS), so the bytes differ but the pixels do not."""
    from PIL import Image, ImageChops

    with Image.open(io.BytesIO(stored)) as a, Image.open(io.BytesIO(original)) as b:
        if a.size != b.size:
            return False
        return ImageChops.difference(a.convert("RGB"), b.convert("RGB")).getbbox() is None


def keys(client) -> set[str]:
    listing = client.list_objects_v2(Bucket=S3_BUCKET).get("Contents", [])
    return {found["Key"] for found in listing}


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def stack_query(sql: str, *params):
    """Rows of the stack's own database, read as the nodes left them."""
    with psycopg.connect(DATABASE_URL) as connection:
        return connection.execute(sql, params).fetchall()


def fresh_database() -> None:
    """An empty `<DATABASE_URL's name>_stack` database (dropped first if left over)."""
    name = DATABASE_URL.rsplit("/", 1)[1]
    admin_url = BASE_DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


@dataclass
class Process:
    name: str
    command: list[str]
    env: dict[str, str]
    log: Path
    popen: subprocess.Popen | None = None

    def start(self) -> "Process":
        handle = self.log.open("ab")
        self.popen = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=handle,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped with its children
        )
        handle.close()
        return self

    def stop(self) -> None:
        if self.popen is None or self.popen.poll() is not None:
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.popen.pid, signal.SIGKILL)
            self.popen.wait(timeout=10)

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""


@dataclass
class Stack:
    tmp: Path
    processes: list[Process] = field(default_factory=list)

    def start(self, name: str, command: list[str], env: dict[str, str]) -> Process:
        process = Process(name, command, env, self.tmp / f"{name}.log").start()
        self.processes.append(process)
        return process

    def gunicorn(
        self, name: str, offset: int, env: dict[str, str], workers: int = 2, *extra: str
    ) -> str:
        address = f"127.0.0.1:{port(offset)}"
        command = [str(BIN / "gunicorn"), "exchange.wsgi", "--bind", address]
        command += ["--workers", str(workers), "--timeout", "120", "--error-logfile", "-"]
        command += extra
        self.start(name, command, env)
        url = f"http://{address}"
        wait_until_up(f"{url}/health/", self.processes[-1])
        return url

    def worker(self, env: dict[str, str]) -> Process:
        # At a lower priority, as in the Procfile: pages come before background jobs.
        command = ["nice", "-n", "10", str(BIN / "celery"), "-A", "exchange", "worker"]
        command += ["--loglevel", "WARNING", "--concurrency", "1", "--pool", "solo"]
        command += ["--without-gossip", "--without-mingle"]
        return self.start("worker", command, env)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()

    def problems(self, expected: tuple[str, ...] = ()) -> list[str]:
        """Log lines that say something went wrong, in any process, but those holding one
        of the `expected` texts (what a test provoked on purpose), with the traceback
        Django logs under such a line (a 403 logs the PermissionDenied raised)."""
        found = []
        for process in self.processes:
            provoked = False
            for line in process.output().splitlines():
                text = HONCHO_PREFIX.sub("", line)
                if provoked and TRACEBACK_LINE.match(text):
                    continue
                provoked = any(part in text for part in expected)
                if LOG_PROBLEMS.search(text) and not provoked:
                    found.append(f"{process.name}: {text}")
        return found


def wait_until_up(url: str, process: Process, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise AssertionError(f"{process.name} stopped:\n{process.output()[-3000:]}")
        try:
            if requests.get(url, timeout=5).status_code < 500:
                return
        except requests.RequestException:  # not listening yet, or busy starting
            pass
        time.sleep(0.3)
    raise AssertionError(f"{process.name} did not answer at {url}:\n{process.output()[-3000:]}")


def wait_for(check, timeout: float = 60, step: float = 0.3):
    """The first true value `check()` returns within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"Still not true after {timeout} s: {check.__doc__ or check}")


# --- A browser's part: forms, log-in ------------------------------------------------------------


class FormParser(HTMLParser):
    """The fields of every <form> of a page, as a browser would send them untouched:
    [{name: [values]}], one dict per form."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict[str, list[str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({})
            return
        if not self.forms:
            return
        fields = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                fields.setdefault(name, [])
            elif kind not in ("submit", "button", "file"):
                fields.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "select" and name:
            self._select = name
            fields.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in attrs:
            fields[self._select].append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            fields[name] = [""]

    def handle_data(self, data):
        if self._textarea and self.forms:
            self.forms[-1][self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def form_with(html: str, field_name: str) -> dict[str, list[str]]:
    """The fields (with their values) of the page's form that has `field_name`."""
    parser = FormParser()
    parser.feed(html)
    for fields in parser.forms:
        if field_name in fields:
            return {name: list(values) for name, values in fields.items()}
    raise AssertionError(f"No form with {field_name!r} on the page.")


def form_for_action(html: str, action: str) -> dict[str, list[str]]:
    """The fields of the page's form whose hidden `action` is `action` (the review page has
    one form per decision)."""
    parser = FormParser()
    parser.feed(html)
    for fields in parser.forms:
        if fields.get("action") == [action]:
            return {name: list(values) for name, values in fields.items()}
    raise AssertionError(f"No form for the action {action!r} on the page.")


def log_in(base_url: str, email: str, password: str, session=None) -> requests.Session:
    session = session or requests.Session()
    login_url = urljoin(base_url, "/accounts/login/")
    fields = form_with(session.get(login_url, timeout=30).text, "csrfmiddlewaretoken")
    fields.update(username=[email], password=[password])
    response = session.post(login_url, data=fields, headers={"Referer": login_url}, timeout=30)
    assert response.status_code == 200, response.status_code
    assert "sessionid" in session.cookies, f"log-in refused for {email}"
    return session
