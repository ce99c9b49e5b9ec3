"""Pieces the delegation services share: the lock, optimistic locking, the check registry."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from delegations.models import Delegation


class ConflictError(ValidationError):
    """Someone else saved the same row since the form was opened."""


def ensure_unlocked(delegation: Delegation) -> None:
    if delegation.locked:
        raise ValidationError(
            _(
                "This delegation's report is approved: it is locked until an administrator reopens it."
            ),
            code="locked",
        )


def lock_row(instance: models.Model, *, expected_version: int | None = None) -> models.Model:
    """Re-read the row FOR UPDATE; refuse when its version moved since the user loaded it."""
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(
            _("Someone else saved this since you opened it. Reload to see their changes."),
            code="conflict",
        )
    return current


def stamp(instance: models.Model, actor, reason: str = "") -> None:
    """Make the history row name the actor (also outside a request) and the reason."""
    instance._history_user = actor
    if reason:
        instance._change_reason = reason


# Other apps (visits: "at least one itinerary item") add what a complete report needs,
# without this app importing them. Each check returns the missing pieces, in words.
SUBMISSION_CHECKS: list[Callable[[Delegation], list[str]]] = []


def register_submission_check(check: Callable[[Delegation], list[str]]) -> None:
    if check not in SUBMISSION_CHECKS:
        SUBMISSION_CHECKS.append(check)
