"""Mail and logs: with DEBUG off, no EMAIL_URL fails the deploy check (no mail in the
logs); access logs carry neither feed tokens nor search terms (core.logging)."""

import datetime
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from gunicorn.config import Config

from core.gunicorn import RedactingLogger
from core.logging import RedactSecretsFilter, redact

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "MTIzLjE:1tXyZ_secret-token"


def deploy_check(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "EMAIL_URL", "DJANGO_SETTINGS_MODULE"}
    }
    clean.update(DEBUG="false", SECRET_KEY="k" * 60, **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_deploy_check_fails_without_email_url_when_debug_is_off():
    result = deploy_check()

    assert result.returncode != 0
    assert "core.E002" in result.stderr + result.stdout
    assert "EMAIL_URL is not set" in result.stderr + result.stdout


def test_deploy_check_accepts_a_mail_server():
    result = deploy_check(EMAIL_URL="smtp+tls://user:secret@mail.example.org:587")

    assert "core.E002" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            f'"GET /reports/feeds/{TOKEN}.ics HTTP/1.1" 200 512',
            '"GET /reports/feeds/[redacted].ics HTTP/1.1" 200 512',
        ),
        (
            '"GET /search/?q=Amina+Kwale HTTP/1.1" 200 9',
            '"GET /search/?q=[redacted] HTTP/1.1" 200 9',
        ),
        ("/search/?page=2&q=Noor", "/search/?page=2&q=[redacted]"),
        ("/delegations/?search=Mombasa&sort=title", "/delegations/?search=[redacted]&sort=title"),
        ("/delegations/12/", "/delegations/12/"),
    ],
)
def test_redact_hides_feed_tokens_and_search_terms(line, expected):
    assert redact(line) == expected


def test_the_filter_rewrites_the_message_and_its_arguments():
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s %s',
        (f"GET /reports/feeds/{TOKEN}.ics?q=x HTTP/1.1", "200", "512"),
        None,
    )

    assert RedactSecretsFilter().filter(record) is True
    message = record.getMessage()
    assert TOKEN not in message and "q=x" not in message
    assert "/reports/feeds/[redacted].ics?q=[redacted]" in message


def test_every_console_log_line_passes_the_filter():
    handler = settings.LOGGING["handlers"]["console"]
    assert "redact_secrets" in handler["filters"]
    assert settings.LOGGING["filters"]["redact_secrets"]["()"] == "core.logging.RedactSecretsFilter"
    for name in ("django.server", "django.request"):
        assert settings.LOGGING["loggers"][name]["handlers"] == ["console"]


def test_gunicorn_access_log_is_redacted():
    logger = RedactingLogger(Config())

    class Response:
        status = "200 OK"
        headers = ()
        sent = 10

    class Request:
        method, version, headers = "GET", (1, 1), ()
        uri = f"/reports/feeds/{TOKEN}.ics"
        path, query = uri, "q=Amina"

    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": Request.uri,
        "PATH_INFO": Request.uri,
        "QUERY_STRING": "q=Amina",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
    }
    atoms = logger.atoms(Response(), Request(), environ, datetime.timedelta(seconds=1))

    assert TOKEN not in "".join(str(v) for v in atoms.values())
    assert "Amina" not in "".join(str(v) for v in atoms.values())
