"""Write helpers every domain service shares: validate, name the actor in history, save."""

from django.db import models, transaction

from core.conflicts import ConflictError, describe_conflict


def commit_batch(kind: type, *, create: bool = True):
    """The one `kind()` this transaction calls once it commits: what several writes of one
    transaction gather (the dashboard's figures, the report PDFs to prepare), acted on once.
    Registered with on_commit on the first ask; `kind()` sets `done` when called. Outside a
    transaction: a new one, for the caller to call now (autocommit: the row is written
    already); None when `create` is false and the transaction has none."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return kind() if create else None
    for _savepoints, func, _robust in connection.run_on_commit:
        if isinstance(func, kind) and not func.done:
            return func
    if not create:
        return None
    batch = kind()
    transaction.on_commit(batch, robust=True)
    return batch


def gather_until_commit(kind: type, note) -> None:
    """`note(batch)` into this transaction's `kind()` (commit_batch), which acts once it
    commits; in autocommit the row is written already, so it acts now."""
    batch = commit_batch(kind)
    note(batch)
    if not transaction.get_connection().in_atomic_block:
        batch()


def stamp(instance: models.Model, actor, reason: str = "") -> None:
    """Make the history row name the actor (also outside a request) and the reason."""
    if actor is not None:
        instance._history_user = actor
    if reason:
        instance._change_reason = reason


def validated_save(instance: models.Model, *, actor=None, reason: str = "") -> models.Model:
    """full_clean() then save(): the database constraints are checked as form-style errors
    first, and the history row names who made the change."""
    instance.full_clean()
    stamp(instance, actor, reason)
    instance.save()
    return instance


def lock_row(instance: models.Model, *, expected_version: int | None = None) -> models.Model:
    """Re-read the row FOR UPDATE; refuse when its version moved since the user loaded it,
    naming what the others changed (core.conflicts)."""
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConflictError(describe_conflict(current, expected_version))
    return current


def versioned_save(
    instance: models.Model, *, actor=None, expected_version: int | None = None
) -> models.Model:
    """Save an edited row (a ModelForm's instance, already changed) unless someone else
    saved it since `expected_version`; the version moves on. A new row is just saved.
    Call it inside the service's transaction."""
    if instance.pk is not None:
        current = lock_row(instance, expected_version=expected_version)
        instance.version = current.version + 1
    return validated_save(instance, actor=actor)
