"""How long log-in records are kept (core.retention): django-axes keeps every successful
log-in (AccessLog: address, browser) and every failure (AccessFailureLog, AccessAttempt)."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings


def _older_than(queryset, now: datetime.datetime, days: int) -> int:
    old = queryset.filter(attempt_time__lt=now - datetime.timedelta(days=days))
    count = old.count()
    old.delete()
    return count


def prune_successful_log_ins(now: datetime.datetime) -> int:
    return _older_than(AccessLog.objects.all(), now, settings.RETENTION_SUCCESSFUL_LOGIN_DAYS)


def prune_failed_log_ins(now: datetime.datetime) -> int:
    days = settings.RETENTION_FAILED_LOGIN_DAYS
    return _older_than(AccessFailureLog.objects.all(), now, days) + _older_than(
        AccessAttempt.objects.all(), now, days
    )


def register() -> None:
    from core.retention import register_retention_task

    register_retention_task("successful_log_ins", prune_successful_log_ins)
    register_retention_task("failed_log_ins", prune_failed_log_ins)
