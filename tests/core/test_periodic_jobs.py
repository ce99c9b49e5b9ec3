"""Periodic jobs: Celery beat (settings.CELERY_BEAT_SCHEDULE, the Procfile's `beat`) sends
the retention job to the worker every day."""

import datetime
import shlex

import pytest
from axes.models import AccessLog
from celery.schedules import crontab
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from exchange.celery import app

pytestmark = pytest.mark.django_db


def registered_tasks() -> set[str]:
    app.loader.import_default_modules()  # what the worker imports: every app's tasks
    return set(app.tasks)


def test_every_scheduled_job_names_a_task_the_worker_knows():
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "core.tasks.apply_retention_job" in scheduled
    assert scheduled <= registered_tasks()


def test_retention_is_scheduled_once_a_day():
    entry = settings.CELERY_BEAT_SCHEDULE["apply-retention"]
    assert entry["schedule"] == crontab(hour=3, minute=15)  # every day at 03:15


def test_the_scheduled_task_applies_retention():
    old = timezone.now() - datetime.timedelta(days=settings.RETENTION_SUCCESSFUL_LOGIN_DAYS + 1)
    expired = Session.objects.create(
        session_key="expired-session-key-0001", session_data="", expire_date=old
    )
    stale = AccessLog.objects.create(username="gone@example.org", ip_address="10.1.2.3")
    AccessLog.objects.filter(pk=stale.pk).update(attempt_time=old)
    recent = AccessLog.objects.create(username="here@example.org", ip_address="10.1.2.4")
    task = app.tasks[settings.CELERY_BEAT_SCHEDULE["apply-retention"]["task"]]

    result = task.apply()

    assert result.successful(), result.traceback
    assert result.get()["sessions"] == 1
    assert result.get()["successful_log_ins"] == 1
    assert not Session.objects.filter(pk=expired.pk).exists()
    assert list(AccessLog.objects.values_list("pk", flat=True)) == [recent.pk]


def procfile() -> dict[str, str]:
    return dict(
        line.split(":", 1)
        for line in (settings.BASE_DIR / "Procfile").read_text().splitlines()
        if line and not line.startswith("#")
    )


def test_the_procfile_runs_the_worker_below_the_pages():
    """Background jobs (a report PDF laid out after each edit) wait for pages, not the
    reverse, when web and worker share a machine."""
    worker = shlex.split(procfile()["worker"])
    assert worker[:5] == ["nice", "-n", "10", "celery", "-A"]
    assert "worker" in worker
    assert shlex.split(procfile()["web"])[0] == "gunicorn"


def test_the_procfile_runs_one_beat_for_the_app():
    processes = procfile()
    beat = shlex.split(processes["beat"])
    assert beat[:3] == ["celery", "-A", "exchange"]
    assert "beat" in beat
    assert sum("beat" in shlex.split(command) for command in processes.values()) == 1
