"""Pieces the delegation services share: the lock, optimistic locking, the check registry."""

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import local_date
from core.services import lock_row, stamp
from delegations.enums import ReportStatus
from delegations.models import Delegation, Report


def frozen_reason(delegation: Delegation) -> str | None:
    """Why nothing under the delegation may change now, in words; None while it may.

    Approved: locked until an administrator reopens it. Submitted: with the managers until
    they send it back (an administrator may reopen it first, with a reason)."""
    if delegation.locked:
        return _(
            "This delegation's report is approved: it is locked until an administrator reopens it."
        )
    submitted_at = (
        Report.objects.filter(delegation_id=delegation.pk, status=ReportStatus.SUBMITTED)
        .values_list("submitted_at", flat=True)
        .first()
    )
    if submitted_at is not None:
        return _(
            "The report is with the managers since %(date)s; ask them to send it back to change it."
        ) % {"date": local_date(timezone.localtime(submitted_at), "j F")}
    return None


def ensure_unlocked(delegation: Delegation) -> None:
    """Refuse any change under a delegation whose report is approved or under review."""
    reason = frozen_reason(delegation)
    if reason is not None:
        raise ValidationError(reason, code="locked" if delegation.locked else "under_review")


# Other apps (itinerary: "at least one itinerary item") add what a complete report needs,
# without this app importing them. Each check returns the missing pieces, in words.
SUBMISSION_CHECKS: list[Callable[[Delegation], list[str]]] = []


def register_submission_check(check: Callable[[Delegation], list[str]]) -> None:
    if check not in SUBMISSION_CHECKS:
        SUBMISSION_CHECKS.append(check)


# What a higher app does once a report is approved, in the approval's transaction
# (reports: render and store the approved version). Each takes the delegation.
APPROVAL_HOOKS: list[Callable[[Delegation], object]] = []


def register_approval_hook(hook: Callable[[Delegation], object]) -> None:
    if hook not in APPROVAL_HOOKS:
        APPROVAL_HOOKS.append(hook)


# Rules of higher apps on a changed delegation (itinerary: the itinerary still fits the
# dates). Each raises ValidationError; `delegation_update` runs them before saving.
UPDATE_CHECKS: list[Callable[[Delegation], None]] = []


def register_update_check(check: Callable[[Delegation], None]) -> None:
    if check not in UPDATE_CHECKS:
        UPDATE_CHECKS.append(check)


def delegation_at(obj: models.Model, path: str | None) -> Delegation:
    """The delegation a row hangs from ("item__delegation"); None: the row is one."""
    return obj if path is None else attrgetter(path.replace("__", "."))(obj)


@transaction.atomic
def child_update(
    obj: models.Model,
    *,
    actor,
    data: dict[str, Any],
    delegation_path: str = "delegation",
    expected_version: int | None = None,
) -> models.Model:
    """Change a row under a delegation whose change has no rule beyond the shared ones:
    lock the row, refuse a lost update and a locked delegation, validate, and name the
    actor in the history."""
    current = lock_row(obj, expected_version=expected_version)
    ensure_unlocked(delegation_at(current, delegation_path))
    for name, value in data.items():
        setattr(current, name, value)
    if hasattr(current, "version"):
        current.version += 1
    current.full_clean()
    stamp(current, actor)
    current.save()
    return current


@transaction.atomic
def child_delete(obj: models.Model, *, actor, delegation_path: str = "delegation") -> None:
    """Delete a row under a delegation, unless the delegation is locked."""
    ensure_unlocked(delegation_at(obj, delegation_path))
    stamp(obj, actor)
    obj.delete()


def ensure_same_delegation(delegation: Delegation, **related) -> None:
    """Rows linked to a row of a delegation (an item, an objective) come from the same one."""
    for field, obj in related.items():
        if obj is not None and obj.delegation_id != delegation.pk:
            raise ValidationError(
                {field: _("Choose one from this delegation.")}, code="other_delegation"
            )
