"""Security headers on every response (pages, error pages, exports) and production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories.delegations import DelegationFactory

ROOT = Path(__file__).resolve().parents[2]

EXPECTED_CSP = {
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
}


def assert_security_headers(response) -> None:
    assert set(response["Content-Security-Policy"].split("; ")) == EXPECTED_CSP
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.fixture
def delegation(programme):
    return DelegationFactory(programme=programme, title="Headers visit")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "needs_pk", "expected_status", "content_type"),
    [
        ("delegations:list", False, 200, "text/html"),
        ("delegations:detail", True, 200, "text/html"),
        ("reports:report", True, 200, "text/html"),
        ("reports:report-pdf", True, 200, "application/pdf"),
        ("reports:export-xlsx", True, 200, "application/vnd.openxmlformats"),
        ("reports:itinerary-ics", True, 200, "text/calendar"),
        ("reports:delegations-csv", False, 200, "text/csv"),
        ("reports:followups-csv", False, 200, "text/csv"),
    ],
)
def test_pages_and_exports_carry_the_security_headers(
    staff_client, delegation, url_name, needs_pk, expected_status, content_type
):
    url = reverse(url_name, args=[delegation.pk] if needs_pk else [])
    response = staff_client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    assert response.status_code == expected_status
    assert response["Content-Type"].startswith(content_type)
    assert body
    assert_security_headers(response)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url_name", "content_type"), [("login", "text/html"), ("core:health", "application/json")]
)
def test_public_pages_carry_the_security_headers(client, url_name, content_type):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert_security_headers(response)


@pytest.mark.django_db
def test_not_found_and_forbidden_pages_carry_the_security_headers(client, other_staff, delegation):
    client.force_login(other_staff)
    response = client.get(reverse("delegations:detail", args=[delegation.pk]))
    assert response.status_code == 404
    assert_security_headers(response)
    assert b"<script>" not in response.content


@pytest.mark.django_db
@override_settings(ROOT_URLCONF="tests.core.urls_fault")
def test_server_error_page_carries_the_security_headers(client):
    client.raise_request_exception = False
    response = client.get("/fault/")
    assert response.status_code == 500
    assert_security_headers(response)
    assert "Something went wrong" in response.content.decode()


@pytest.mark.django_db
@override_settings(
    SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=False
)
def test_hsts_is_sent_over_tls_only(client):
    over_tls = client.get(reverse("login"), secure=True)
    assert over_tls["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get(reverse("login"))


def production_env(**extra: str) -> dict[str, str]:
    # Not the test run's own switches (the browser tests allow async-unsafe ORM calls).
    dropped = {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(
        DEBUG="false",
        SECRET_KEY="a-long-random-production-secret-" + "k3Y9" * 10,
        ALLOWED_HOSTS="exchange.example.org",
        CSRF_TRUSTED_ORIGINS="https://exchange.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
        EMAIL_URL="smtp://localhost:25",
        DJANGO_SETTINGS_MODULE="exchange.settings",
        **extra,
    )
    return env


def test_deploy_check_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_about_a_per_process_cache_and_jobs_in_the_request():
    env = production_env()
    del env["REDIS_URL"]
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "core.W001" in result.stderr + result.stdout
    assert "core.W003" in result.stderr + result.stdout


def test_deploy_check_warns_about_sessions_in_a_per_process_cache():
    env = production_env(CACHE_URL="locmemcache://")
    del env["REDIS_URL"]
    code = (
        "import django; from django.conf import settings;"
        "settings.SESSION_ENGINE = 'django.contrib.sessions.backends.cache';"
        "django.setup(); from django.core.checks import run_checks;"
        "print(sorted({m.id for m in run_checks(include_deployment_checks=True)}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "core.W002" in result.stdout


def test_production_settings_secure_the_session_and_redirect_to_https():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE,"
        " s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0, s.SECURE_REDIRECT_EXEMPT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=production_env(), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True True True True ['^health/$', '^ready/$']"
