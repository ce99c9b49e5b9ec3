"""Periodic jobs, run by Celery beat (settings.CELERY_BEAT_SCHEDULE) on the worker."""

from celery import shared_task

from core.retention import apply_retention


@shared_task
def apply_retention_job() -> dict[str, int]:
    """The daily retention job (core.retention.apply_retention): what each part removed
    or redacted. A failure is recorded for administrators (jobs.failures) like any job's;
    the next day's run takes up what was left."""
    return apply_retention()
