"""Write helpers every domain service shares: validate, name the actor in history, save."""

from django.db import models


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
