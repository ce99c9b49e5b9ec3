"""Every task that fails for good leaves a TaskFailure row, shown in the admin.

A task that retries (mail) raises Retry in between: only the last failure is recorded."""

import logging

from celery.signals import task_failure

logger = logging.getLogger(__name__)


@task_failure.connect
def record_failure(
    sender=None, task_id=None, exception=None, args=None, kwargs=None, einfo=None, **extra
) -> None:
    from jobs.models import TaskFailure

    TaskFailure.objects.create(
        task_name=getattr(sender, "name", str(sender))[:200],
        task_id=str(task_id or "")[:64],
        arguments=repr({"args": args, "kwargs": kwargs})[:10_000],
        exception=f"{type(exception).__name__}: {exception}"[:10_000],
        traceback=str(einfo or "")[:50_000],
    )
    logger.error("Job %s failed: %s", getattr(sender, "name", sender), exception)
