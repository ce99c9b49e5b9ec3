"""What someone else changed since a form was opened (optimistic locking, in words).

Shared by every app whose rows people edit in several tabs: the delegations and
everything under them, and the shared directory (organisations, officials).

A form carries the `version` of the row it showed. When the row has moved on, the
history row of that version (django-simple-history) is what the user saw: comparing it
with the current row names each field the others changed, its new value, who saved
and when. Nothing here writes.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.utils import get_m2m_reverse_field_name

from core.dates import local_date
from core.values import MOMENT_FORMAT, value_in_words

# Bookkeeping, not content: never reported as "changed".
NOT_CONTENT = {"id", "version", "created_at", "updated_at", "last_edited_by", "feed_generation"}


@dataclass
class Conflict:
    """The changes made since `base_version`, ready to be shown."""

    base_version: int
    current_version: int
    changes: list[tuple[str, str]] = field(default_factory=list)  # (field label, new value)
    fields: dict[str, tuple[Any, Any]] = field(default_factory=dict)  # name: (then, now)
    editors: list[str] = field(default_factory=list)
    saved_at: datetime | None = None


class ConflictError(ValidationError):
    """Someone else saved the same row since the form was opened.

    Its messages say who, when and what changed; `conflict` holds the same in data, and
    `current_version` lets a form take the row's new version so that a deliberate
    second save (after reading the changes) goes through."""

    def __init__(self, conflict: Conflict):
        super().__init__(
            [ValidationError(message, code="conflict") for message in conflict_messages(conflict)]
        )
        self.code = "conflict"
        self.conflict = conflict
        self.current_version = conflict.current_version


def _history_rows(instance: models.Model):
    history = getattr(type(instance), "history", None)
    if history is None:
        return None
    return history.model.objects.filter(**{type(instance)._meta.pk.attname: instance.pk}).order_by(
        "-history_date", "-history_id"
    )


def _m2m_fields(instance: models.Model) -> list[models.ManyToManyField]:
    history = getattr(type(instance), "history", None)
    return list(getattr(history.model, "_history_m2m_fields", ())) if history else []


def _display(instance: models.Model, model_field: models.Field) -> str:
    zone = None
    if isinstance(model_field, models.DateTimeField):
        # A moment of an itinerary item reads in the local time of where it happens.
        where = getattr(instance, "place", None) or getattr(instance, "origin", None)
        zone = ZoneInfo(where.timezone) if getattr(where, "timezone", "") else None
    return value_in_words(model_field, getattr(instance, model_field.name), zone=zone)


def _changed(base, current: models.Model) -> Iterator[tuple[str, str, str, Any, Any]]:
    """(name, label, new value in words, value then, value now) of each changed field;
    a many-to-many field's values are lists of primary keys."""
    for model_field in current._meta.concrete_fields:
        if model_field.name in NOT_CONTENT or model_field.primary_key:
            continue
        if model_field.value_to_string(base) != model_field.value_to_string(current):
            yield (
                model_field.name,
                capfirst(model_field.verbose_name),
                _display(current, model_field),
                getattr(base, model_field.attname),
                getattr(current, model_field.attname),
            )
    for m2m in _m2m_fields(current):
        target = get_m2m_reverse_field_name(m2m)
        before = sorted(getattr(base, m2m.name).values_list(target, flat=True))
        now = list(getattr(current, m2m.name).all())
        if before != sorted(obj.pk for obj in now):
            yield (
                m2m.name,
                capfirst(m2m.verbose_name),
                value_in_words(m2m, now),
                before,
                sorted(obj.pk for obj in now),
            )


def describe_conflict(current: models.Model, base_version: int) -> Conflict:
    """Compare the row as the user loaded it (its history row at `base_version`) with
    the current row. Without that history row, only who and when are known."""
    conflict = Conflict(base_version=base_version, current_version=current.version)
    rows = _history_rows(current)
    if rows is None:
        return conflict
    base = rows.filter(version=base_version).first()
    if base is not None:
        for name, label, shown, before, now in _changed(base, current):
            conflict.changes.append((label, shown))
            conflict.fields[name] = (before, now)
    later = list(rows.filter(version__gt=base_version).select_related("history_user"))
    if later:
        conflict.saved_at = later[0].history_date
        for row in later:
            name = str(row.history_user) if row.history_user else ""
            if name and name not in conflict.editors:
                conflict.editors.append(name)
    return conflict


def conflict_messages(conflict: Conflict) -> list[str]:
    """The refusal in words: who and when, each change, what to do now."""
    known = [name for name in conflict.editors if name]
    when = (
        local_date(timezone.localtime(conflict.saved_at), MOMENT_FORMAT)
        if conflict.saved_at
        else ""
    )
    parts = [_("Someone else saved this since you opened it.")]
    if known and when:
        parts.append(_("Saved by %(who)s on %(when)s.") % {"who": ", ".join(known), "when": when})
    elif when:
        parts.append(_("Saved on %(when)s.") % {"when": when})
    parts.append(_("Your changes were not saved; what you typed is still in the form."))
    headline = " ".join(parts)
    lines = [headline]
    if conflict.changes:
        lines += [
            _("%(field)s is now: %(value)s") % {"field": label, "value": value}
            for label, value in conflict.changes
        ]
    lines.append(
        _(
            "Fields you had not changed now show their new values; where you changed "
            "the same field, your value is kept. Check the form: saving again saves what "
            "it shows; Cancel keeps their version."
        )
        if conflict.changes
        else _("Saving again replaces their version with what is in this form.")
    )
    return lines
