"""Settings come from the environment; production refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def run_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    clean.update(env)
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='exchange.settings';"
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.DATABASES['default'].get('CONN_MAX_AGE'));"
        "print(settings.DATABASES['default'].get('CONN_HEALTH_CHECKS'));"
        "print(settings.SECRET_KEY[:15])"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    result = run_settings(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_settings_default_to_sqlite_with_a_development_key_in_debug():
    result = run_settings(DEBUG="true")
    engine, _age, _checks, key = result.stdout.split()
    assert result.returncode == 0, result.stderr
    assert engine == "django.db.backends.sqlite3"
    assert key == "django-insecure"


def test_settings_postgres_url_gets_persistent_checked_connections():
    result = run_settings(
        DEBUG="false", SECRET_KEY="x" * 50, DATABASE_URL="postgres://u@db.example:5432/exchange"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:3] == ["django.db.backends.postgresql", "60", "True"]


def test_suite_runs_on_postgresql_with_utc_storage_and_three_languages():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert settings.USE_TZ is True
    assert [code for code, _name in settings.LANGUAGES] == ["en", "pt", "fr"]
    assert settings.AUTH_USER_MODEL == "accounts.User"


def shared_state(**env: str) -> list[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "CACHE_URL"} and not k.startswith("S3_")
    }
    clean.update(DEBUG="true", **env)
    code = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='exchange.settings';"
        "from django.conf import settings as s;"
        "print(s.CACHES['default']['BACKEND'].rsplit('.', 1)[1], s.SESSION_ENGINE.rsplit('.', 1)[1],"
        " s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER,"
        " s.STORAGES['default']['BACKEND'].rsplit('.', 1)[1])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_without_services_nothing_is_shared_and_jobs_run_in_the_request():
    assert shared_state() == [
        "LocMemCache",
        "db",
        "memory://localhost/",
        "True",
        "FileSystemStorage",
    ]


def test_redis_url_shares_cache_sessions_and_the_broker():
    state = shared_state(REDIS_URL="redis://127.0.0.1:6379/5")
    assert state[:4] == ["RedisCache", "cached_db", "redis://127.0.0.1:6379/5", "False"]


def test_s3_settings_put_the_files_in_the_bucket():
    state = shared_state(S3_BUCKET="exchange-files", S3_ENDPOINT_URL="http://127.0.0.1:9000")
    assert state[4] == "S3Storage"


def test_a_job_run_in_the_request_logs_no_broker_warning(caplog):
    """Without a broker (make run), queueing a job runs it in place, and kombu says
    nothing (an in-memory broker URL without a host made it warn on every job)."""
    from reports.tasks import refresh_programme_figures

    with caplog.at_level("DEBUG"):
        refresh_programme_figures.delay([])

    assert [r for r in caplog.records if r.levelno >= 30] == []
