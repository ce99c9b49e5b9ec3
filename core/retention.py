"""Retention: personal data kept no longer than it is needed (docs/data-protection.md).

`apply_retention()` is the one job, a plain function: `manage.py apply_retention` runs it
(schedule it daily with cron, README "Retention"), and a task scheduler (Celery beat)
can call it just the same. It

- clears expired sessions;
- prunes or redacts the change history older than RETENTION_HISTORY_YEARS: "redact" blanks
  the personal fields the apps registered (`register_personal_history_fields`), "prune"
  deletes the rows, keeping each record's latest one (0 years: kept for ever);
- runs the tasks the apps above registered (`register_retention_task`): log-in records
  (accounts), files no row references any more (learning).

Each part returns how many rows or files it removed or changed, reported by name.
"""

import datetime
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone

_tasks: dict[str, Callable[[datetime.datetime], int]] = {}
_personal_history_fields: dict[type[models.Model], Callable[[], dict]] = {}


def register_retention_task(name: str, task: Callable[[datetime.datetime], int]) -> None:
    """`task(now)` removes what is past its time and returns how much it removed."""
    _tasks[name] = task


def register_personal_history_fields(model: type[models.Model], values: Callable[[], dict]):
    """`values()`: the update() arguments that redact an old history row of `model`."""
    _personal_history_fields[model] = values


def history_models() -> list[type[models.Model]]:
    """Every simple-history table."""
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "history_date") and hasattr(model, "instance_type")
    ]


def clear_sessions(now: datetime.datetime) -> int:
    expired = Session.objects.filter(expire_date__lt=now)
    count = expired.count()
    expired.delete()
    return count


def history_cutoff(now: datetime.datetime) -> datetime.datetime | None:
    years = settings.RETENTION_HISTORY_YEARS
    if years <= 0:
        return None
    return now - datetime.timedelta(days=365 * years)


def prune_history(now: datetime.datetime) -> int:
    """Delete the history rows older than the cutoff but each record's latest."""
    cutoff = history_cutoff(now)
    if cutoff is None:
        return 0
    removed = 0
    for model in history_models():
        latest = (
            model.objects.filter(id=OuterRef("id"))
            .order_by("-history_date", "-history_id")
            .values("history_id")[:1]
        )
        old = model.objects.filter(history_date__lt=cutoff).exclude(history_id=Subquery(latest))
        removed += old._raw_delete(old.db)
    return removed


def redact_history(now: datetime.datetime) -> int:
    """Blank the registered personal fields of the history rows older than the cutoff."""
    cutoff = history_cutoff(now)
    if cutoff is None:
        return 0
    changed = 0
    for model, values in _personal_history_fields.items():
        changed += model.history.filter(history_date__lt=cutoff).update(**values())
    return changed


def apply_history_retention(now: datetime.datetime) -> int:
    if settings.RETENTION_HISTORY_MODE == "prune":
        return prune_history(now)
    return redact_history(now)


def apply_retention(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Run every part of the retention job; return how much each removed or changed."""
    now = now or timezone.now()
    parts = {"sessions": clear_sessions, "history": apply_history_retention, **_tasks}
    done = {}
    for name, part in parts.items():
        with transaction.atomic():
            done[name] = part(now)
    return done
